export {numberNotes} from './lib/number-notes.js'
export {insertCitations} from './lib/citations/insert-citations.js'
export {formatCitations} from './lib/citations/format-citations.js'
export {createCitationCache, type CitationCache} from './lib/citations/citation-cache.js'
export {
  bibliographyFormat,
  loadBibliography,
  type BibliographyFormat,
  type LoadBibliographyOptions
} from './lib/citations/load-bibliography.js'
export {builtinStyles, localeFor, resolveStyle, type CitationStyle} from './lib/citations/styles.js'
export type {CitationOptions} from './lib/citations/options.js'
export type {Bibliography, Citation, CitationItem, CitationMode, CslItem} from './lib/citations/types.js'
export type {Note, NoteReference, Paper} from './lib/types.js'
export {paperItem, paperUrl, personName, type PaperItemOptions} from './lib/cite-this/paper-item.js'
export {citationFiles, type CitationFiles} from './lib/cite-this/citation-files.js'
export {citeAs, type CiteAsOptions} from './lib/cite-this/cite-as.js'
