import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import type {Bibliography} from './citations/types.js'
import {numberNotes} from './number-notes.js'
import type {Note} from './types.js'

declare module 'vfile' {
  interface DataMap {
    /** The paper's notes in number order, set by `remarkNotes`; their content is mdast. */
    notes: Note[]
    /** The works cited, formatted, set by `remarkBibliography` when the paper cites any. */
    bibliography: Bibliography
  }
}

/**
 * The notes stage, after `remarkPaper` (it reads `file.data.meta`): every note
 * numbered 1..N in order of first reference, each call replaced by a
 * `noteReference`, the definitions taken out of the tree into
 * `file.data.notes`, and the front matter node dropped. Undefined,
 * duplicate and empty notes are errors on the file (see `numberNotes`).
 */
export function remarkNotes() {
  return (tree: Root, file: VFile): Root => {
    if (!file.data.meta) throw new Error('Unexpected `remarkNotes` without `file.data.meta`, expected `remarkPaper` before it')
    const paper = numberNotes({tree, meta: file.data.meta, file})
    file.data.notes = paper.notes
    return paper.tree
  }
}
