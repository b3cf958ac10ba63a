export {renderCatalog, type CatalogEntry, type CatalogFile, type CatalogOptions} from './lib/render-catalog.js'
export {sortEntries} from './lib/sort-entries.js'
export {formatBytes} from './lib/format-size.js'
export {truncateText, type TruncatedText} from './lib/truncate.js'
