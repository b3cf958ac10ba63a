import type {Root as HastRoot} from 'hast'
import type {VFile} from 'vfile'
import {partToHast} from './paper-handlers.js'
import './paper-data.js'

/**
 * The notes (`file.data.notes`) and the works cited
 * (`file.data.bibliography`) turned into hast with the body's handlers, right
 * after remark-rehype: `file.data.noteTrees` and `file.data.bibliographyTree`,
 * which our rehype stages treat as they treat the body.
 */
export function rehypeNotes() {
  return (_tree: HastRoot, file: VFile): undefined => {
    file.data.noteTrees = new Map((file.data.notes ?? []).map((note) => [note.number, partToHast(note.children, file)]))
    if (file.data.bibliography) file.data.bibliographyTree = partToHast(file.data.bibliography.children, file)
  }
}
