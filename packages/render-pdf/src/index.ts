export {findChromium, launchBrowser, type BrowserOptions, type OwnedBrowser} from './lib/browser.js'
export {renderPdf, type PdfOptions} from './lib/render-pdf.js'
