import type {Root as HastRoot} from 'hast'
import type {VFile} from 'vfile'
import {unwrapDeadLinks} from './links.js'
import {noteId, referenceId} from './notes.js'
import {themeIds} from './paper-data.js'

/**
 * Links of the body and the notes that cannot work in a standalone PDF or
 * EPUB (relative, or to an anchor nowhere in the paper) unwrapped to their
 * text, with a warning at each. See `unwrapDeadLinks`.
 */
export function rehypeDeadLinks() {
  return (tree: HastRoot, file: VFile): undefined => {
    unwrapDeadLinks([tree, ...(file.data.noteTrees?.values() ?? [])], file, reservedIds(file))
  }
}

/** Ids the theme and the notes section add around the body. */
function reservedIds(file: VFile): string[] {
  const ids = [...themeIds]
  for (const entry of file.data.bibliography?.children ?? []) {
    const id = (entry.data?.hProperties as {id?: unknown} | undefined)?.id
    if (typeof id === 'string') ids.push(id)
  }
  for (const note of file.data.notes ?? []) {
    ids.push(noteId(note.number))
    for (let index = 1; index <= note.references; index++) ids.push(referenceId(note.number, index))
  }
  return ids
}
