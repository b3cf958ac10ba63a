// The paper stage as unified plugins, for callers that build their own
// processor (apps/build builds one per series, with the series' plugins).
export {remarkPaper, remarkPaperSyntax, type Options as RemarkPaperOptions} from './lib/remark-paper.js'
