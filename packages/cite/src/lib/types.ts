import type {BlockContent, DefinitionContent, Root} from 'mdast'
import type {Node, Position} from 'unist'
import type {PaperMeta} from '@offprint/parse'
import type {VFile} from 'vfile'
import type {Bibliography} from './citations/types.js'

/** A reference to a numbered note, in place of a GFM footnote call. */
export interface NoteReference extends Node {
  type: 'noteReference'
  /** The note's number, 1..N in order of first reference. */
  number: number
  /** Which reference to this note this is: 1 for the first, 2 for the next… */
  index: number
}

declare module 'mdast' {
  interface PhrasingContentMap {
    noteReference: NoteReference
  }
  interface RootContentMap {
    noteReference: NoteReference
  }
}

/** One numbered note: the same number in HTML, PDF and EPUB. */
export interface Note {
  number: number
  /** The normalized label (`iea-2024`). */
  identifier: string
  /** The label as written. */
  label: string
  /** The note's content, with its own references already numbered. */
  children: Array<BlockContent | DefinitionContent>
  /** How many references point at this note (each gets a back-link). */
  references: number
  position?: Position | undefined
}

/** The paper model every renderer reads. */
export interface Paper {
  meta: PaperMeta
  /** The body: front matter and note definitions taken out, references numbered. */
  tree: Root
  /** The notes in number order. */
  notes: Note[]
  /** The source file, carrying every message. */
  file: VFile
  /** The works cited, formatted (set by `formatCitations`); the renderer places it. */
  bibliography?: Bibliography | undefined
}
