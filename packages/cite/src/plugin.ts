// The notes and citation stages as unified plugins. Loading this entry loads
// no citation engine: `remarkCitations` and `remarkBibliography` import
// citeproc and citation.js only for a paper that has a bibliography.
export {remarkNotes} from './lib/remark-notes.js'
export {remarkBibliography, remarkCitations, type Options as RemarkCitationsOptions} from './lib/citations/remark-citations.js'
