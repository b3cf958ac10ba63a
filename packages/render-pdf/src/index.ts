export {findChromium, launchBrowser, type BrowserOptions, type OwnedBrowser} from './lib/browser.js'
export {renderPdf, type PdfOptions} from './lib/render-pdf.js'
export {finishPdf, toPoints, type FinishOptions, type PdfMetadata} from './lib/finish-pdf.js'
export {readPagedBundle} from './lib/paged-layout.js'
