import {availableParallelism} from 'node:os'
import {join, resolve} from 'node:path'
import {report} from '@offprint/parse'
import {renderPaper, themeCss, toDocument} from '@offprint/render-html'
import {launchBrowser, renderPdf, type OwnedBrowser} from '@offprint/render-pdf'
import {renderEpub} from '@offprint/render-epub'
import type {VFile} from 'vfile'
import type {PaperSource} from './find-papers.js'
import {countMessages} from './format-messages.js'
import {fileImages, inlineImages, loadPaper} from './load-paper.js'
import {removeStaleStaging, stagingFolder, writeArtifacts} from './write-artifacts.js'
import {rm} from 'node:fs/promises'
import {createCitationCache, type CitationCache} from '@offprint/cite'

export type Format = 'pdf' | 'epub' | 'html'

export interface BuildOptions {
  /** Output folder. Default: `dist`. */
  out?: string | undefined
  /** Papers rendered at once. Default: the number of cores. */
  concurrency?: number | undefined
  /** Treat warnings as errors. Default: false. */
  strict?: boolean | undefined
  /** Per-paper render time limit, in ms. Default: 60 s. */
  timeout?: number | undefined
  /** Chromium to drive. Default: PUPPETEER_EXECUTABLE_PATH or /usr/bin/chromium. */
  executablePath?: string | undefined
  /** Called as each paper finishes, in completion order. */
  onPaper?: ((result: PaperResult) => void) | undefined
}

export interface Artifact {
  format: Format
  path: string
  bytes: number
  /** Page count, for the PDF. */
  pages?: number | undefined
}

export interface PaperResult {
  source: PaperSource
  /** `checked` when only checked (offprint check), not rendered. */
  status: 'built' | 'checked' | 'failed'
  /** The paper's file with every message found while building it. */
  file: VFile
  artifacts: Artifact[]
  durationMs: number
}

export interface BuildResult {
  out: string
  papers: PaperResult[]
  durationMs: number
}

/**
 * Build every paper into `<out>/<slug>.{pdf,epub,html}`: one browser for the
 * whole series, several papers at once. A paper with errors is skipped (its
 * previous artifacts are left as they were); the others still build.
 */
export async function buildSeries(sources: ReadonlyArray<PaperSource>, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now()
  const out = resolve(options.out ?? 'dist')
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism())
  await removeStaleStaging(out)
  let browser: Promise<OwnedBrowser> | undefined
  const getBrowser = () => (browser ??= launchBrowser({executablePath: options.executablePath}))
  const citations = createCitationCache()
  const results: PaperResult[] = new Array(sources.length)
  let next = 0
  try {
    const worker = async () => {
      while (next < sources.length) {
        const index = next++
        const result = await buildPaper(sources[index]!, out, options, getBrowser, citations)
        results[index] = result
        options.onPaper?.(result)
      }
    }
    await Promise.all(Array.from({length: Math.min(concurrency, sources.length)}, worker))
  } finally {
    if (browser) await (await browser.catch(() => undefined))?.close()
    await rm(stagingFolder(out), {recursive: true, force: true})
  }
  return {out, papers: results, durationMs: performance.now() - started}
}

async function buildPaper(
  source: PaperSource,
  out: string,
  options: BuildOptions,
  getBrowser: () => Promise<OwnedBrowser>,
  citations: CitationCache
): Promise<PaperResult> {
  const started = performance.now()
  const loaded = await loadPaper(source, {citations})
  const {paper} = loaded
  const counts = countMessages(paper.file)
  const failed = (): PaperResult => ({source, status: 'failed', file: paper.file, artifacts: [], durationMs: performance.now() - started})
  if (counts.errors > 0 || (options.strict && counts.warnings > 0)) return failed()

  try {
    const html = toDocument(renderPaper(paper, {resolveImage: inlineImages(loaded.images)}), {css: themeCss('print')})
    const {browser} = await getBrowser()
    const pdf = await renderPdf(browser, html, {timeout: options.timeout})
    const epub = await renderEpub(renderPaper(paper, {resolveImage: fileImages(loaded.images)}), {slug: source.slug})
    for (const warning of epub.warnings) report(paper.file, {reason: `Unexpected EPUB packing problem: ${warning}`, ruleId: 'epub-packing', severity: 'warning'})
    const files = [
      {name: `${source.slug}.pdf`, data: pdf, format: 'pdf' as const, pages: countPages(pdf)},
      {name: `${source.slug}.epub`, data: epub.data, format: 'epub' as const},
      {name: `${source.slug}.html`, data: html, format: 'html' as const}
    ]
    await writeArtifacts(out, files)
    return {
      source,
      status: 'built',
      file: paper.file,
      artifacts: files.map((file) => ({
        format: file.format,
        path: join(out, file.name),
        bytes: typeof file.data === 'string' ? Buffer.byteLength(file.data) : file.data.byteLength,
        pages: 'pages' in file ? file.pages : undefined
      })),
      durationMs: performance.now() - started
    }
  } catch (error) {
    report(paper.file, {
      reason: `Unexpected failure while rendering (${error instanceof Error ? error.message.split('\n')[0] : String(error)}), expected the paper to render`,
      ruleId: 'render-failed',
      severity: 'error'
    })
    return failed()
  }
}

/** Pages in a PDF from Chromium: its page objects. */
function countPages(pdf: Uint8Array): number {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
}
