import type {Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import type {Browser} from 'puppeteer-core'
import {sourceDateEpoch as epochFromEnvironment} from '@offprint/parse/build-time'
import {withClosedPage} from './closed-page.js'
import {documentLinks} from './document-links.js'
import {finishPdf, toPoints, type PdfMetadata} from './finish-pdf.js'
import {layOutPages, readPagedBundle} from './paged-layout.js'
import {hasCjkCalls, keepCallsWithText} from './keep-calls.js'
import {findPageStarts, type PageStart} from './page-starts.js'
import {unbreakPageEnds} from './page-end-hyphens.js'
import {pressPdf, type PressOptions} from './press-edition.js'
import {pruneSoftHyphens} from './soft-hyphens.js'
import {declaredNotes, documentHeadings, documentMetadata} from './document-facts.js'
import {exposeToTags} from './tag-hints.js'

export interface PdfOptions {
  /** Give up on a paper after this long, in milliseconds. Default: 60 s. */
  timeout?: number | undefined
  /**
   * How notes are laid out. `footnotes` runs Paged.js in the page (our bundled
   * copy, nothing fetched) to set each note at the foot of its page; it is
   * several times slower than `endnotes`, which is Chromium’s own printing.
   * Give the same value as to `toDocument`. Default: what the document
   * declares (`<html data-notes="footnotes">` from `toDocument`), else
   * `endnotes`.
   */
  notes?: 'endnotes' | 'footnotes' | undefined
  /**
   * Bleed around the trim box, for a press: `3mm`, `9pt`, `0.125in` (a number
   * is millimetres). The sheet grows by it (the content does not move) and
   * the PDF gets TrimBox and BleedBox. Default: none (`0`).
   */
  bleed?: string | number | undefined
  /** Crop marks at the trim corners, outside the bleed, on a sheet grown to hold them. Default: false. */
  marks?: boolean | undefined
  /**
   * Document information. Each field defaults to the document’s own: its
   * `<title>`, `<meta name="author|description|keywords">` and `lang`; the
   * Creator to `Offprint`.
   */
  metadata?: PdfMetadata | undefined
  /**
   * Seconds since 1970 written as CreationDate and ModDate, so that the same
   * input gives byte-identical PDFs (reproducible builds). Default: the
   * `SOURCE_DATE_EPOCH` environment variable if set, else the time of printing.
   */
  sourceDateEpoch?: number | undefined
  /**
   * The Paged.js bundle’s source, for callers printing many papers with
   * footnotes to read it once (`readPagedBundle()`). Default: read on demand.
   */
  pagedBundle?: string | undefined
  /**
   * Make the press edition too (`renderPdfEditions`): PDF/X-4 in the
   * profile’s CMYK, exact trim (`paper`), the same bleed and marks, marks in
   * registration colour. Default: none.
   */
  press?: (Pick<PressOptions, 'profile' | 'pdfx' | 'ghostscript'> & {paper?: 'A4' | 'Letter' | undefined}) | undefined
  /**
   * Called with where each page of the PDF begins in the document's text,
   * learnt in the same session that printed it (an EPUB's page list from
   * the print edition). Not called with `footnotes`: Paged.js has moved
   * the text into pages, out of reading order. Default: none.
   */
  onPageStarts?: ((starts: PageStart[]) => void) | undefined
}

/** Trim sizes in points, exact (Chromium rounds its page to whole CSS pixels). */
const paperSizes = {A4: [(210 / 25.4) * 72, (297 / 25.4) * 72], Letter: [612, 792]} as const

const emptyOptions: Readonly<PdfOptions> = Object.freeze({})

/**
 * Print one self-contained HTML document (its hast, as `toDocumentTree`
 * gives it, or its markup) to a tagged PDF with bookmarks and
 * full document information, on a page of a shared browser. The page
 * may load nothing from outside: every request but `data:` is refused, so a
 * paper can neither reach the network nor read files. Script stays off
 * unless footnotes need our page layout, and then only ours may run.
 */
export async function renderPdf(browser: Browser, document: Root | string, options: PdfOptions = emptyOptions): Promise<Uint8Array> {
  return (await renderPdfEditions(browser, document, {...options, press: undefined})).pdf
}

/**
 * `renderPdf`, and from the same printing the press edition when
 * `options.press` asks for it (`pressPdf`: Ghostscript converts its colours,
 * so it needs `gs`). The digital PDF is the same bytes as `renderPdf`’s.
 */
export async function renderPdfEditions(browser: Browser, document: Root | string, options: PdfOptions = emptyOptions): Promise<{pdf: Uint8Array; press?: Uint8Array | undefined}> {
  const timeout = options.timeout ?? 60_000
  // Headings, metadata and links are read off the tree, never off the markup; markup given is parsed as a browser would.
  const tree = typeof document === 'string' ? fromHtml(document) : document
  const html = typeof document === 'string' ? document : toHtml(document)
  const footnotes = (options.notes ?? declaredNotes(tree)) === 'footnotes'
  const bundle = footnotes ? (options.pagedBundle ?? (await readPagedBundle())) : undefined
  const {pdf, hints} = await withClosedPage(browser, html, {timeout, script: footnotes}, async (page, step) => {
    if (bundle) {
      step('laying out the pages')
      await layOutPages(page, bundle)
    }
    if (hasCjkCalls(html)) {
      step('keeping note calls with their text')
      await keepCallsWithText(page, {paged: bundle !== undefined})
    }
    if (html.includes('\u00ad')) {
      step('placing the soft hyphens')
      await pruneSoftHyphens(page, {paged: bundle !== undefined})
    }
    step('exposing math and languages to the tags')
    const hints = await exposeToTags(page)
    step('printing the PDF')
    const print = () => page.pdf({printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, tagged: true, outline: true, timeout})
    let pdf = await print()
    let starts: PageStart[] | undefined
    if (!bundle && html.includes('\u00ad')) {
      // A page ending in a hyphenated word: the word goes whole to the next page, and the PDF is printed again
      // (rarely more than once; a removal moves only the text after it).
      for (let round = 0; round < 3; round++) {
        step('keeping hyphenated words off page ends')
        const found = await unbreakPageEnds(page, pdf)
        starts = found.starts
        if (found.removed === 0) break
        starts = undefined
        step('printing the PDF again')
        pdf = await print()
      }
    }
    if (options.onPageStarts && !bundle) {
      step('finding where the pages begin')
      options.onPageStarts(starts ?? (await findPageStarts(page, pdf)))
    }
    return {pdf, hints}
  })
  const metadata = {...documentMetadata(tree), ...definedFields(options.metadata)}
  const sourceDateEpoch = options.sourceDateEpoch ?? epochFromEnvironment()
  const bleed = options.bleed === undefined ? 0 : toPoints(options.bleed)
  const press = options.press
    ? await pressPdf(pdf, {
        ...options.press,
        metadata,
        sourceDateEpoch,
        bleed,
        marks: options.marks,
        trim: paperSizes[options.press.paper ?? declaredPaper(html)],
        ghostscript: {timeout, ...options.press.ghostscript}
      })
    : undefined
  const digital = finishPdf(pdf, {
    metadata,
    sourceDateEpoch,
    bleed,
    marks: options.marks,
    headings: documentHeadings(tree),
    ...documentLinks(tree),
    // PDF/UA-1 and PDF/A-2b (finishPdf's default); PDF/UA-1 goes if a note or formula stays untagged.
    ...hints
  })
  return {pdf: digital, press}
}

/** The page size the document’s stylesheet asks for (`@page { size: letter }`), else A4. */
function declaredPaper(html: string): 'A4' | 'Letter' {
  return /@page\s*\{[^}]*\bsize:\s*letter\b/i.test(html) ? 'Letter' : 'A4'
}

function definedFields(metadata: PdfMetadata | undefined): PdfMetadata {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter(([, value]) => value !== undefined))
}
