// Offsets to lines and columns alone, for every stage that points into a
// text: loads nothing else of the parser.
export {pointInNode, pointInText, pointsIn} from './lib/source-points.js'
