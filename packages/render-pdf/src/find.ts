export {findChromium, type BrowserOptions} from './lib/find-chromium.js'
