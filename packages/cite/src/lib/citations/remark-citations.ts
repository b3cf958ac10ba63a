import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import type {CitationOptions} from './options.js'

export interface Options {
  /**
   * The citation options of one paper: its bibliography read and parsed, its
   * style, its language. Called once per paper (after `remarkPaper`, so
   * `file.data.meta` is set); the caller reads the files, this stage reads
   * none. Return undefined for a paper that cites nothing: `@word` stays text.
   * Default: no citations.
   */
  load?: ((file: VFile) => Promise<CitationOptions | undefined> | CitationOptions | undefined) | undefined
}

declare module 'vfile' {
  interface DataMap {
    /** The paper's citation options, set by `remarkCitations` for `remarkBibliography`. */
    citationOptions: CitationOptions
  }
}

const emptyOptions: Readonly<Options> = Object.freeze({})

/**
 * Pandoc citations (`[@key, p. 4]`, `@key says`) → `citation` nodes, before
 * `remarkNotes`: with a note style each citation in the body becomes a note
 * of its own, numbered with the author's notes. The citation engines load
 * only for a paper that has options (a bibliography).
 */
export function remarkCitations(options?: Options | null | undefined) {
  const settings = options ?? emptyOptions
  return async (tree: Root, file: VFile): Promise<undefined> => {
    const citing = await settings.load?.(file)
    if (!citing) return
    file.data.citationOptions = citing
    const {insertCitations} = await import('./insert-citations.js')
    insertCitations(tree, file, citing)
  }
}

/**
 * The citations formatted with CSL (citeproc) in note order, after
 * `remarkNotes`, and the works cited into `file.data.bibliography`. Does
 * nothing for a paper `remarkCitations` gave no options.
 */
export function remarkBibliography() {
  return async (tree: Root, file: VFile): Promise<undefined> => {
    const citing = file.data.citationOptions
    if (!citing || !file.data.meta) return
    const {formatCitations} = await import('./format-citations.js')
    const paper = formatCitations({meta: file.data.meta, tree, notes: file.data.notes ?? [], file}, citing)
    if (paper.bibliography) file.data.bibliography = paper.bibliography
  }
}
