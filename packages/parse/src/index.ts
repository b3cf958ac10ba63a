export {parsePaper, type ParseOptions, type ParsedPaper} from './lib/parse-paper.js'
export {readFrontMatter} from './lib/front-matter.js'
export {hasErrors, report, severityOf, type Problem, type Severity} from './lib/report.js'
export {
  authorSchema,
  frontMatterFields,
  frontMatterSchema,
  seriesSchema,
  toPaperMeta,
  type Author,
  type FrontMatter,
  type PaperMeta,
  type Series
} from './lib/schema.js'
