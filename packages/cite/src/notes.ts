// Note numbering and the citation engines' cache alone, without the citation
// machinery (citeproc, citation.js, parse5): a paper without a bibliography needs
// only these, and the CLI loads the rest when a paper has one.
export {numberNotes} from './lib/number-notes.js'
export {createCitationCache, type CitationCache} from './lib/citations/citation-cache.js'
export type {Note, NoteReference, Paper} from './lib/types.js'
