// The build's time stamp (`SOURCE_DATE_EPOCH`) alone, for the renderers and
// the deposit: loads nothing else of the parser.
export {sourceDate, sourceDateEpoch} from './lib/build-time.js'
