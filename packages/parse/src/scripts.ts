// Script classes alone (CJK letters, kana, hangul), for renderers and the
// citation stage: loads nothing else of the parser.
export {cjk, cjkLanguageOf, cjkWide, hangul, kana} from './lib/scripts.js'
