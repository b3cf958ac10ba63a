// The PDF post-processing alone (finishPdf: MuPDF open, tags, XMP, output
// intent, save), per paper, on Chromium's own output for the sample papers.
// Usage: npx turbo run build && node scripts/bench-finish-pdf.mjs [rounds]
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {numberNotes} from '@offprint/cite'
import {parsePaper} from '@offprint/parse'
import {renderPaper, themeCss, toDocument} from '@offprint/render-html'
import {finishPdf, launchBrowser} from '@offprint/render-pdf'
import {fromHtml} from 'hast-util-from-html'
import {documentLinks} from '../packages/render-pdf/dist/lib/document-links.js'
import {exposeToTags} from '../packages/render-pdf/dist/lib/tag-hints.js'

const rounds = Number(process.argv[2] ?? 20)
// The samples, and the tag tests' fixture with math and changes of language (Formula, Span with /Lang).
const sources = [
  ...readdirSync('papers', {recursive: true}).filter((name) => /\.md$/.test(name)).map((name) => join('papers', name)),
  'tests/fixtures/pdf-tags/math-and-languages/index.md'
]
const owned = await launchBrowser()
const printed = []
try {
  for (const source of sources) {
    const html = toDocument(renderPaper(numberNotes(parsePaper(readFileSync(source, 'utf8')))), {css: themeCss('print')})
    const page = await owned.browser.newPage()
    await page.setContent(html, {waitUntil: 'load'})
    const hints = await exposeToTags(page)
    const raw = await page.pdf({printBackground: true, preferCSSPageSize: true, tagged: true, outline: true})
    await page.close()
    printed.push({source, raw, options: {sourceDateEpoch: 1767225600, ...documentLinks(fromHtml(html)), ...hints}})
  }
} finally {
  await owned.close()
}

const time = (run) => {
  const start = performance.now()
  run()
  return performance.now() - start
}
const first = time(() => finishPdf(printed[0].raw, printed[0].options))
console.log(`first call (loads MuPDF's WebAssembly): ${first.toFixed(1)} ms`)
for (const {source, raw, options} of printed) {
  const times = Array.from({length: rounds}, () => time(() => finishPdf(raw, options))).sort((a, b) => a - b)
  const pages = (Buffer.from(raw).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
  console.log(`${source}: ${pages} pp, ${(raw.length / 1024).toFixed(0)} kB, median ${times[rounds >> 1].toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms`)
}
