// Dates, numbers and the series line as a paper's language writes them, without
// the renderer (the series catalog uses these and nothing else).
export {formatDate, formatNumber, labelsFor, type Labels} from './lib/labels.js'
export {seriesLine} from './lib/title-block.js'
export {languageName, publishingLabelsFor} from './lib/publishing-labels.js'
