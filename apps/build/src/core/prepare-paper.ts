import {mapImages, renderPaper, type Edition, type RenderedPaper} from '@offprint/render-html'
import {findEditions} from './editions.js'
import type {PaperSource} from './find-papers.js'
import {fileImages, loadPaper, type LoadedPaper, type LoadOptions} from './load-paper.js'

export interface PreparedPaper extends Omit<LoadedPaper, 'rendered'> {
  /** The paper as HTML trees (images as file URLs), which every format is made from. */
  rendered: RenderedPaper
  /** The paper's editions in other languages (`translations`, `translation-of`). */
  editions: Edition[]
}

/**
 * A paper loaded and taken through every tree stage (parse, notes,
 * citations, HTML: the series' processor, in `loadPaper`), with no browser: the one place a paper's messages come
 * from, so `offprint check` says exactly what `offprint build` says (dead
 * links and bad TeX are found turning the tree into HTML). Rendering the
 * formats then starts from `rendered`.
 */
export async function preparePaper(source: PaperSource, options: LoadOptions = {}): Promise<PreparedPaper> {
  const loaded = await loadPaper(source, options)
  // The series' processor rendered it already; images are mapped now they are read.
  const rendered = mapImages(loaded.rendered ?? renderPaper(loaded.paper), fileImages(loaded.images))
  const editions = await findEditions(loaded.paper.meta, source, loaded.paper.file, loaded.inputs)
  return {...loaded, rendered, editions}
}
