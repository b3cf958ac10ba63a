import {coverDocument, fileHref, mapImages, themeCss, toDocumentTree} from '@offprint/render-html'
import {toHtml} from 'hast-util-to-html'
import {readFile} from 'node:fs/promises'
import type * as RenderPdf from '@offprint/render-pdf'
import type * as RenderEpub from '@offprint/render-epub'
import {report} from '@offprint/parse/report'
import type {CitationCache} from '@offprint/cite'
import {inlineImages} from './load-paper.js'
import {readLogo} from './load-logo.js'
import {publishingOptions} from './publishing.js'
import type {Format} from './paper-cache.js'
import type {PreparedPaper} from './prepare-paper.js'
import type {SharedBrowser} from './shared-browser.js'
import {embedWebFonts} from './web-fonts.js'

export interface RenderedFile {
  format: Format
  name: string
  data: Uint8Array | string
  pages?: number | undefined
}

export interface RenderSettings {
  /** Per-paper time limit, in ms, for the whole render. Default: 60 s. */
  timeout?: number | undefined
  /** Paged.js, read once per build (footnotes mode needs it). */
  pagedBundle?: (() => Promise<string>) | undefined
  /** The formats to make (`--to`); the others are not rendered at all. Default: all three. */
  formats?: ReadonlyArray<Format> | undefined
  /** The build's CSL engines, for the “Cite as” line. Default: engines of its own. */
  citations?: CitationCache | undefined
  /** The build writes the series catalog (`index.html`), so the web page links it. Default: false. */
  catalog?: boolean | undefined
  /** Where the web page's font subsets are kept between builds (`<cache>/fonts/`). Default: none (made each run). */
  cacheFolder?: string | undefined
}

/** The series' theme overrides and logo, read once per file. */
const assetCache = new Map<string, Promise<string | undefined>>()
function readAsset(path: string, as: 'text' | 'logo'): Promise<string | undefined> {
  const key = as + ':' + path
  let value = assetCache.get(key)
  if (!value) {
    // The logo sanitized as figures are (checked, with its warning, when series.yaml was read).
    value = as === 'text' ? readFile(path, 'utf8') : readLogo(path).then((logo) => logo.uri)
    assetCache.set(key, value)
  }
  return value
}

/**
 * One loaded paper → its artifacts (PDF, EPUB, HTML, and the press PDF
 * when `print.pdfx` asks for it), in memory. The time limit bounds
 * the whole render, counted from `started` (default: now): each browser step gets what is
 * left of it, and the steps in Node are checked against it as they end.
 * Throws a RenderStepError naming the step that failed or ran out of time.
 */
export async function renderArtifacts(loaded: PreparedPaper, browser: SharedBrowser, settings: RenderSettings, started = Date.now()): Promise<RenderedFile[]> {
  const {paper, source} = loaded
  const {options} = paper.meta
  const config = source.config
  const limit = settings.timeout ?? 60_000
  const wanted = new Set<Format>(settings.formats ?? ['pdf', 'epub', 'html'])
  // Loaded to print only (PDF, EPUB): puppeteer-core, MuPDF's WebAssembly and the EPUB packer are start-up an HTML page does not need.
  const printing = wanted.has('pdf') || wanted.has('epub')
  const {renderImage, renderPdfEditions, RenderStepError} = printing ? await import('@offprint/render-pdf') : ({} as typeof RenderPdf)
  const {renderEpub, sourceDate} = printing ? await import('@offprint/render-epub') : ({} as typeof RenderEpub)
  /** What is left of the time limit after `step`; a RenderStepError when nothing is. */
  const left = (step: string) => {
    const rest = limit - (Date.now() - started)
    if (rest <= 0) throw new RenderStepError(step, 'timeout', new Error(`the paper took over ${Math.round(limit / 1000)} s`))
    return rest
  }
  // Rendered once (preparePaper): file URLs for the EPUB's packer, mapped to data: URIs for the standalone HTML and PDF.
  const {rendered} = loaded
  const extraCss = config?.themeCss ? await readAsset(config.themeCss, 'text') : undefined
  const logo = config?.logo ? await readAsset(config.logo, 'logo') : undefined
  const inlined = mapImages(rendered, inlineImages(loaded.images))
  const documentOptions = {css: themeCss('print'), extraCss, logo, notes: options.notes, pageSize: options.paper}
  // The page people read and search has no soft hyphens (a browser hyphenates
  // it by its own dictionary, `hyphens: auto` on screen); the one printed has
  // them, and the print page keeps only those that end a line.
  // The page carries the Scholar and schema.org metadata and links the citation files and other editions; the PDF prints the “Cite as” line.
  const publishing = await publishingOptions(loaded, [...wanted], settings.citations)
  // The web page stands alone: its own CSS for screens, links to the files written beside it, its faces embedded (not the PDF's: Chromium prints with the installed ones).
  const page = toDocumentTree(inlined, {
    ...documentOptions,
    css: themeCss('print') + '\n' + themeCss('web'),
    hyphenate: false,
    publishing,
    nav: {slug: source.slug, formats: publishing.formats, catalog: settings.catalog}
  })
  if (wanted.has('html')) await embedWebFonts(page, paper.meta.lang, settings.cacheFolder)
  const html = toHtml(page)
  // The PDF stage takes the tree: it reads headings and metadata off it. Only print moves the charts' data to an appendix (`charts.data`).
  const printed = toDocumentTree(inlined, {...documentOptions, chartData: options.charts?.data, publishing: {slug: publishing.slug, url: publishing.url, citeAs: publishing.citeAs, editions: publishing.editions, head: false}})
  const raster = hasRasterImage(html)
  const files: RenderedFile[] = []
  // Where each printed page begins, learnt while printing: the EPUB's page
  // list. So an EPUB asked for alone is still printed for (its PDF unwritten).
  let pageStarts: RenderPdf.PageStart[] = []
  if (wanted.has('pdf') || wanted.has('epub')) {
    // The press edition (print.pdfx) comes from the same printing, converted to the printer's CMYK.
    const {pdf, press} = await renderPdfEditions(await browser.get({raster}), printed, {
      timeout: left('rendering the HTML'),
      notes: options.notes,
      bleed: options.print?.bleed,
      marks: options.print?.marks,
      pagedBundle: options.notes === 'footnotes' ? await settings.pagedBundle?.() : undefined,
      press: wanted.has('pdf') && loaded.pressProfile ? {profile: loaded.pressProfile, pdfx: options.print?.pdfx, paper: options.paper} : undefined,
      onPageStarts: (starts) => {
        pageStarts = starts
      }
    })
    if (wanted.has('pdf')) {
      files.push({name: `${source.slug}.pdf`, data: pdf, format: 'pdf', pages: countPages(pdf)})
      if (press) files.push({name: `${source.slug}-press.pdf`, data: press, format: 'press', pages: countPages(press)})
    }
  }
  if (wanted.has('epub')) {
    const cover = loaded.cover ?? {
      data: await renderImage(await browser.get({raster}), coverDocument(paper.meta, {logo, extraCss}), {timeout: left('finishing the PDF')}),
      mediaType: 'image/jpeg' as const
    }
    left('taking the cover picture')
    const relations = (publishing.editions ?? []).map((edition) => fileHref(edition.slug, 'html', publishing.url))
    const epub = await renderEpub(rendered, {slug: source.slug, modified: sourceDate(), cover, printPages: pageStarts.length > 0 ? {starts: pageStarts} : undefined, relations, citeAs: publishing.citeAs})
    left('packing the EPUB')
    for (const warning of epub.warnings) report(paper.file, {reason: `Unexpected EPUB packing problem: ${warning}`, ruleId: 'epub-packing', severity: 'warning'})
    files.push({name: `${source.slug}.epub`, data: epub.data, format: 'epub'})
  }
  if (wanted.has('html')) files.push({name: `${source.slug}.html`, data: html, format: 'html'})
  return files
}

/**
 * Whether a document shows a raster image (PNG, JPEG, GIF, WebP…): as a
 * data: URI of its own, or inside an SVG figure's. Such a document needs the
 * multi-process browser (see SharedBrowser.get).
 */
export function hasRasterImage(html: string): boolean {
  if (/data:image\/(?!svg)/i.test(html)) return true
  for (const [, base64] of html.matchAll(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g)) {
    if (/data:image\/(?!svg)/i.test(Buffer.from(base64!, 'base64').toString('latin1'))) return true
  }
  return false
}

/** Pages in a PDF from Chromium: its page objects. */
function countPages(pdf: Uint8Array): number {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
}
