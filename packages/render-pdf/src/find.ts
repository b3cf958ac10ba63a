export {ChromiumPathError, findChromium, type BrowserOptions} from './lib/find-chromium.js'
