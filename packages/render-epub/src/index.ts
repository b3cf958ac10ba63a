export {renderEpub, sourceDate, type EpubOptions, type EpubResult} from './lib/render-epub.js'
export {bookIdentifier, uuidV5} from './lib/identifier.js'
export {toChapters, type ChapterFile} from './lib/chapters.js'
