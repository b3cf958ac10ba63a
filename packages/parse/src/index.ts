// Side-effect import so that the emitted index.d.ts carries the module augmentation of
// mdast-util-math (`InlineMathData.display`) to every package that reads our types.
import './lib/math-and-fences.js'
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
