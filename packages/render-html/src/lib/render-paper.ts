import type {Element, ElementContent, Root as HastRoot} from 'hast'
import type {Note, Paper} from '@offprint/cite'
import type {PaperMeta} from '@offprint/parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {renderStages} from './paper-processor.js'
import './paper-data.js'

export interface RenderOptions {
  /**
   * Map an image URL as written in the paper to the URL the output uses (a
   * data: URI, a packed file name). Return undefined to drop the image.
   * Default: URLs are kept as written.
   */
  resolveImage?: ((url: string) => string | undefined) | undefined
}

/** One heading of the body, for outlines and the EPUB nav. */
export interface HeadingEntry {
  depth: number
  text: string
  id: string
}

/** A paper turned into hast, in the parts every output assembles. */
export interface RenderedPaper {
  meta: PaperMeta
  notes: ReadonlyArray<Note>
  titleBlock: Element
  abstract: Element | undefined
  /** The body's top-level nodes; headings carry ids and start at h2. */
  body: ElementContent[]
  notesSection: Element | undefined
  /** The bibliography the citation stage produced, when there is one. */
  bibliography: Element | undefined
  headings: HeadingEntry[]
}

const emptyOptions: Readonly<RenderOptions> = Object.freeze({})

/** Our render stages alone, frozen once: from a numbered paper to the article. */
const renderProcessor = unified().use(renderStages()).freeze()

/**
 * Paper model → hast parts: title block, abstract, body, notes. Pure: a thin
 * wrapper that runs the render stages of `createPaperProcessor` on a copy of
 * the paper (a build runs the whole processor instead and reads
 * `file.data.rendered`).
 */
export function renderPaper(paper: Paper, options: RenderOptions = emptyOptions): RenderedPaper {
  const {file} = paper
  const saved = {...file.data}
  file.data.meta = paper.meta
  file.data.notes = structuredClone(paper.notes) as Note[]
  if (paper.bibliography) file.data.bibliography = structuredClone(paper.bibliography)
  else delete file.data.bibliography
  let rendered: RenderedPaper
  try {
    renderProcessor.runSync(structuredClone(paper.tree) as never, file)
    rendered = {...file.data.rendered!, notes: paper.notes}
  } finally {
    file.data = saved
  }
  return options.resolveImage ? mapImages(rendered, options.resolveImage) : rendered
}

/**
 * The same rendered paper with its image URLs mapped again (file URLs for
 * the EPUB → data: URIs for the self-contained HTML and PDF), so a paper is
 * rendered once for every output. The input is not changed.
 */
export function mapImages(rendered: RenderedPaper, resolveImage: (url: string) => string | undefined): RenderedPaper {
  // Mapped under a root: an image at the top of the body has a parent to be dropped from.
  const map = (nodes: ReadonlyArray<ElementContent>): ElementContent[] => {
    const root: HastRoot = {type: 'root', children: structuredClone([...nodes])}
    visit(root, 'element', (element, index, parent) => {
      if (element.tagName !== 'img') return
      const url = resolveImage(String(element.properties.src ?? ''))
      if (url) element.properties.src = url
      else if (parent && index !== undefined) {
        parent.children.splice(index, 1)
        return index
      }
    })
    return root.children as ElementContent[]
  }
  const one = (node: Element | undefined): Element | undefined => node && (map([node])[0] as Element)
  return {
    ...rendered,
    body: map(rendered.body),
    notesSection: one(rendered.notesSection),
    bibliography: one(rendered.bibliography)
  }
}
