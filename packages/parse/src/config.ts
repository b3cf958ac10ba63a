// Front matter and series.yaml reading alone (YAML and the schema, not the
// markdown parser), for callers that only need configs.
export {readFrontMatter, readSeriesConfig} from './lib/front-matter.js'
export type {FrontMatter, PaperMeta, SeriesConfig} from './lib/schema.js'
