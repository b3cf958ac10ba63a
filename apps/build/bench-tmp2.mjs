import {launchBrowser} from '@offprint/render-pdf'
import {readFileSync} from 'node:fs'
let t = performance.now()
const owned = await launchBrowser({singleProcess: true})
console.log('launch', (performance.now() - t).toFixed(0)); t = performance.now()
const page = await owned.browser.newPage()
await page.setContent('<html><body></body></html>')
console.log('page', (performance.now() - t).toFixed(0)); t = performance.now()
await page.evaluate(readFileSync('../../node_modules/plotly.js-dist-min/plotly.min.js', 'utf8'))
console.log('plotly eval', (performance.now() - t).toFixed(0)); t = performance.now()
await page.evaluate(readFileSync('../../node_modules/mermaid/dist/mermaid.min.js', 'utf8'))
console.log('mermaid eval', (performance.now() - t).toFixed(0)); t = performance.now()
await owned.close()
