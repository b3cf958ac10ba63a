// The node types pandoc's and Quarto's syntax adds to the tree, for renderers' handlers.
export type {Attributes} from './lib/pandoc/attributes.js'
export type {BracketedSpan} from './lib/pandoc/bracketed-spans.js'
export type {CrossReference, CrossrefKind, Numbered} from './lib/pandoc/crossrefs.js'
export type {CalloutKind, FencedDiv} from './lib/pandoc/fenced-divs.js'
export type {} from './lib/pandoc/inline-attributes.js'
export type {Subscript, Superscript} from './lib/pandoc/sub-superscript.js'
export type {} from './lib/pandoc/table-captions.js'
export type {} from './lib/pandoc/dashed-tables.js'
