// The comparisons of scripts/bench.mjs: raw `chromium --headless --print-to-pdf` of
// Offprint's own HTML (the floor), Offprint's renderPdf on the same HTML (warm, and
// with its own browser launch), a breakdown of renderPdf, and pandoc to EPUB.
import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {pathToFileURL} from 'node:url'
import {timeCommand} from './bench-measure.mjs'

const renderPdfModule = new URL('../packages/render-pdf/dist/index.js', import.meta.url)

export const RAW_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-pdf-header-footer']

/** One raw Chromium print: a fresh browser with a fresh profile, start to exit. */
async function rawPrint(chromium, htmlFile, pdfFile) {
  const profile = await mkdtemp(join(tmpdir(), 'bench-raw-chromium-'))
  try {
    const run = await timeCommand(chromium, [...RAW_FLAGS, `--user-data-dir=${profile}`, `--print-to-pdf=${pdfFile}`, pathToFileURL(htmlFile).href], {timeoutMs: 120_000})
    const bytes = await stat(pdfFile).then((s) => s.size, () => 0)
    if (run.code !== 0 || bytes === 0) throw new Error(`raw chromium failed on ${htmlFile} (exit ${run.code}): ${run.stderr.slice(-400)}`)
    return {ms: run.ms, bytes}
  } finally {
    await rm(profile, {recursive: true, force: true})
  }
}

/**
 * The floor: raw Chromium printing each HTML file, one launch per file, sequentially;
 * and the same for a trivial page, to estimate what start-up and exit cost.
 */
export async function rawChromium(chromium, htmlFiles, work, {trivialRuns = 5} = {}) {
  const trivial = join(work, 'trivial.html')
  await writeFile(trivial, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><p>x</p></body></html>\n')
  await rawPrint(chromium, trivial, join(work, 'warm-up.pdf')) // fill the OS file cache; not counted
  const trivialMs = []
  for (let run = 0; run < trivialRuns; run++) trivialMs.push((await rawPrint(chromium, trivial, join(work, `trivial-${run}.pdf`))).ms)
  const papers = []
  for (const file of htmlFiles) papers.push({file, ...(await rawPrint(chromium, file, join(work, basename(file, '.html') + '.raw.pdf')))})
  return {trivialMs, papers}
}

/**
 * Offprint's renderPdf on the same files. Warm: one browser, launched once (its
 * launch timed apart), one untimed warm-up render, then each file timed. Cold: for
 * each file launchBrowser + renderPdf + close, like one raw Chromium run.
 */
export async function offprintPdf(htmlFiles) {
  const {launchBrowser, renderPdf} = await import(renderPdfModule)
  const documents = await Promise.all(htmlFiles.map((file) => readFile(file, 'utf8')))
  const warm = {launchMs: 0, closeMs: 0, papers: []}
  let started = performance.now()
  const owned = await launchBrowser()
  warm.launchMs = performance.now() - started
  try {
    await renderPdf(owned.browser, documents[0])
    for (const [index, html] of documents.entries()) {
      started = performance.now()
      const pdf = await renderPdf(owned.browser, html)
      warm.papers.push({file: htmlFiles[index], ms: performance.now() - started, bytes: pdf.byteLength})
    }
  } finally {
    started = performance.now()
    await owned.close()
    warm.closeMs = performance.now() - started
  }
  const cold = []
  for (const [index, html] of documents.entries()) {
    started = performance.now()
    const browser = await launchBrowser()
    try {
      await renderPdf(browser.browser, html)
    } finally {
      await browser.close()
    }
    cold.push({file: htmlFiles[index], ms: performance.now() - started})
  }
  return {warm, cold}
}

/**
 * Where renderPdf's time goes, per file, in one warm browser: a bare print (new page,
 * setContent, page.pdf untagged — what `--print-to-pdf` does), the same print tagged
 * with an outline (what Offprint asks Chromium for), and finishPdf on that PDF
 * (Offprint's own post-processing, in Node).
 */
export async function pdfBreakdown(htmlFiles) {
  const {launchBrowser, finishPdf} = await import(renderPdfModule)
  const owned = await launchBrowser()
  const rows = []
  try {
    const print = async (html, tagged, phases = {}) => {
      let started = performance.now()
      const lap = (name) => {
        phases[name] = performance.now() - started
        started = performance.now()
      }
      const page = await owned.browser.newPage()
      try {
        await page.setJavaScriptEnabled(false)
        lap('newPage')
        await page.setContent(html, {waitUntil: 'load'})
        lap('setContent')
        const pdf = await page.pdf({printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, tagged, outline: tagged})
        lap('pdf')
        return pdf
      } finally {
        await page.close()
        lap('close')
      }
    }
    const first = await readFile(htmlFiles[0], 'utf8')
    await print(first, true) // warm-up, not counted
    for (const file of htmlFiles) {
      const html = await readFile(file, 'utf8')
      const phases = {}
      let started = performance.now()
      await print(html, false, phases)
      const bareMs = performance.now() - started
      started = performance.now()
      const pdf = await print(html, true)
      const taggedMs = performance.now() - started
      const headings = Array.from(html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g), (m) => m[2].replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim())
      started = performance.now()
      finishPdf(pdf, {metadata: {title: 'x'}, headings})
      rows.push({file, bareMs, taggedMs, finishMs: performance.now() - started, phases})
    }
  } finally {
    await owned.close()
  }
  return rows
}

/** `pandoc -o out.epub index.md` in each paper's folder (so figure.svg resolves), sequentially. */
export async function pandocEpub(papers, work) {
  const runs = []
  for (const paper of papers) {
    const out = join(work, paper.slug + '.pandoc.epub')
    const run = await timeCommand('pandoc', ['-o', out, 'index.md'], {cwd: paper.dir})
    const bytes = await stat(out).then((s) => s.size, () => 0)
    if (run.code !== 0 || bytes === 0) throw new Error(`pandoc failed on ${paper.file} (exit ${run.code}): ${run.stderr.slice(-400)}`)
    runs.push({slug: paper.slug, ms: run.ms, bytes})
  }
  return runs
}

/** Offprint on one paper as its own process (node start-up, browser launch, all three formats), no cache. */
export async function offprintSingle(cli, papers, work) {
  const runs = []
  for (const paper of papers) {
    const run = await timeCommand(process.execPath, [cli, 'build', paper.file, '--no-cache', '--out', join(work, 'single'), '--json'], {timeoutMs: 180_000})
    if (run.code !== 0) throw new Error(`offprint failed on ${paper.file} (exit ${run.code}): ${run.stderr.slice(-400)}`)
    runs.push({slug: paper.slug, ms: run.ms})
  }
  return runs
}
