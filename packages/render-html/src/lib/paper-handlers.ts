import type {Root as HastRoot} from 'hast'
import type {Root, RootContent} from 'mdast'
import {toHast, type Handlers} from 'mdast-util-to-hast'
import {defListHastHandlers} from 'remark-definition-list'
import type {Options as RemarkRehypeOptions} from 'remark-rehype'
import type {VFile} from 'vfile'
import {gridTableHandler} from './gridtables.js'
import {mathHandlers, paragraphHandler} from './handlers.js'
import {noteReferenceHandler} from './notes.js'
import {bracketedSpanHandler, captioned, crossReferenceHandler, fencedDivHandler, tableHandler} from './pandoc-handlers.js'

/** Our mdast → hast handlers: note calls, math as MathML, lone images as figures, pandoc's divs, spans, captions and cross-references. */
export const paperHandlers: Handlers = {
  noteReference: noteReferenceHandler,
  paragraph: paragraphHandler,
  ...mathHandlers(),
  fencedDiv: fencedDivHandler,
  bracketedSpan: bracketedSpanHandler,
  crossReference: crossReferenceHandler,
  table: tableHandler,
  // Pandoc's grid tables (cells of several blocks, spans) → `<table>`, `align` made classes later.
  ...({gridTable: captioned(gridTableHandler)} as Handlers),
  // Pandoc's definition lists → `<dl>`, `<dt>`, `<dd>`.
  ...(defListHastHandlers as Handlers)
}

/**
 * Options for remark-rehype: our handlers, and raw HTML kept as `raw` nodes
 * for `rehypeRawHtml` to parse (the sanitizer judges it after).
 */
export const remarkRehypeOptions: Readonly<RemarkRehypeOptions> = Object.freeze({handlers: paperHandlers, allowDangerousHtml: true})

/** mdast children outside the body tree (a note, the works cited) → hast, as remark-rehype turns the body. */
export function partToHast(children: ReadonlyArray<unknown>, file: VFile): HastRoot {
  return toHast({type: 'root', children: children as RootContent[]} as Root, {...remarkRehypeOptions, file}) as HastRoot
}
