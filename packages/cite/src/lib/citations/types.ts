import type {Literal, Paragraph} from 'mdast'
import type {Position} from 'unist'

/** One work cited inside a citation: `[see @key, p. 12]`. */
export interface CitationItem {
  /** The citation key, without `@` (`smith2020`). */
  id: string
  /** Text before the key (`see`), trimmed; empty when none. */
  prefix: string
  /** Text after the locator (`emphasis added`), trimmed, leading comma kept. */
  suffix: string
  /** The locator value (`12`, `33–35`); empty when none. */
  locator: string
  /** The CSL locator label (`page`, `chapter`…); `page` when a bare number was given. */
  label: string
  /** `[-@key]`: leave the author out (the text already names them). */
  suppressAuthor: boolean
  /** Where the `@` (or `-@`) of this key is. */
  position?: Position | undefined
}

/**
 * How a citation is printed:
 * `normal` (`[@key]`), `author-in-text` (`@key says`), or `author-only`: the
 * author part of an in-text citation in a note style, whose rest went to a note.
 */
export type CitationMode = 'normal' | 'author-in-text' | 'author-only'

/**
 * A pandoc-style citation, until `formatCitations` replaces it with text.
 * `value` keeps the source (`[@key, p. 12]`), so tools that do not know this
 * node (mdast-util-to-string) still see something.
 */
export interface Citation extends Literal {
  type: 'citation'
  mode: CitationMode
  items: CitationItem[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    citation: Citation
  }
  interface RootContentMap {
    citation: Citation
  }
}

/** A CSL-JSON item (`id` and `type` required; every other CSL variable allowed). */
export interface CslItem {
  id: string
  type: string
  [variable: string]: unknown
}

/** The formatted bibliography of a paper, for the renderer to place. */
export interface Bibliography {
  /** The section title (`Bibliography`, `References`, or front matter `bibliography-title`). */
  title: string
  /**
   * One paragraph per entry, in the style's order, each with
   * `data.hProperties` `{className: ['csl-entry'], id: 'ref-<key>'}` (pandoc's ids).
   */
  children: Paragraph[]
}
