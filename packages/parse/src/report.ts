// The messages API alone, for callers that report or count problems without
// parsing markdown: it loads nothing of unified (the CLI's cached builds start fast).
export {hasErrors, report, severityOf, type Problem, type Severity} from './lib/report.js'
export {didYouMean, didYouMeanHint} from './lib/did-you-mean.js'
