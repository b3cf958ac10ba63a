export {parsePaper, type ParseOptions, type ParsedPaper} from './lib/parse-paper.js'
export {readFrontMatter, readSeriesConfig} from './lib/front-matter.js'
export {hasErrors, report, severityOf, type Problem, type Severity} from './lib/report.js'
export {
  authorSchema,
  frontMatterFields,
  frontMatterSchema,
  jsonSchemas,
  seriesConfigSchema,
  type RenderingOptions,
  type SeriesConfig,
  seriesSchema,
  toPaperMeta,
  type Author,
  type FrontMatter,
  type PaperMeta,
  type Series
} from './lib/schema.js'
