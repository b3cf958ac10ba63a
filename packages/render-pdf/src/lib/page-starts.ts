import * as mupdf from 'mupdf'
import type {Page} from 'puppeteer-core'
import {withoutMupdfLog} from './mupdf-log.js'

/** Where one page of the PDF begins in the document's text. */
export interface PageStart {
  /** The PDF's page number, from 1. */
  page: number
  /**
   * The `id` of the last element that starts at or before the page's first
   * character, in document order; undefined: none does (count from the start).
   */
  anchor: string | undefined
  /**
   * Characters (UTF-16 code units) from the anchor's start (or the
   * document's) to the page's first character, counting text only: no white
   * space, no invisible format character (soft hyphen, MathML's invisible
   * times), nothing in a MathML `<annotation>` (the TeX source).
   */
  offset: number
}

/** The body's text as the page list counts it, with where each element with an id begins. */
export interface DocumentText {
  /** Every character of the body's text nodes but white space and format characters, in order; none from MathML annotations. */
  text: string
  /** Elements with an id: the id and the length of `text` where the element begins. */
  anchors: Array<[id: string, at: number]>
}

/**
 * Where each page of a freshly printed PDF begins, in the terms of the
 * document on `page` (the one just printed, still open): the PDF's own text
 * per page (MuPDF) is found in the document's text. A page whose text
 * cannot be found (only a picture, say) is left out.
 */
export async function findPageStarts(page: Page, pdf: Uint8Array): Promise<PageStart[]> {
  return locatePageStarts(pdf, await readPrintedText(page))
}

/**
 * The document's text as it prints: read with print media, so what the
 * theme hides on paper (the notes' ↩ links) is not counted as text the PDF
 * would have.
 */
export async function readPrintedText(page: Page): Promise<DocumentText> {
  await page.emulateMediaType('print')
  try {
    return await page.evaluate(readDocumentText)
  } finally {
    await page.emulateMediaType(undefined)
  }
}

/** The document's text and anchors (runs in the page). */
export function readDocumentText(): DocumentText {
  let text = ''
  const anchors: Array<[string, number]> = []
  const skip = new Set(['script', 'style', 'template', 'noscript', 'annotation', 'annotation-xml'])
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      text += (node as Text).data.replace(/[\s\p{Cf}]+/gu, '')
      return
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return
    const element = node as Element
    if (skip.has(element.localName) || getComputedStyle(element).display === 'none') return
    if (element.id) anchors.push([element.id, text.length])
    for (const child of Array.from(element.childNodes)) visit(child)
  }
  visit(document.body)
  return {text, anchors}
}

/** The same, from the PDF and the text: page 1 begins with the document; each later page where its first line is found. */
export function locatePageStarts(pdf: Uint8Array, document: DocumentText): PageStart[] {
  const pages = pageLines(pdf)
  const {text, origin} = fold(document.text)
  const starts: PageStart[] = []
  let cursor = 0
  pages.forEach((lines, index) => {
    const at = index === 0 ? 0 : locatePage(lines, text, index === 1 ? 0 : cursor + 1)
    if (at === undefined) return
    cursor = at
    starts.push({page: index + 1, ...anchorOf(document.anchors, origin[at]!)})
  })
  return starts
}

/** Each page's lines of text, normalized as the document's text is (page 1's are not needed: it begins the text). */
function pageLines(pdf: Uint8Array): string[][] {
  return withoutMupdfLog(() => readPageLines(pdf))
}

function readPageLines(pdf: Uint8Array): string[][] {
  const document = mupdf.Document.openDocument(pdf, 'application/pdf')
  try {
    const pages: string[][] = [[]]
    for (let index = 1, count = document.countPages(); index < count; index++) {
      const page = document.loadPage(index)
      const structured = page.toStructuredText('preserve-whitespace')
      pages.push(structured.asText().split('\n').map((line) => fold(line).text).filter(Boolean))
      structured.destroy()
      page.destroy()
    }
    return pages
  } finally {
    document.destroy()
  }
}

// A line may end in the hyphen Chromium draws for a soft hyphen (U+2010 or `-`).
const lineEndHyphen = /[-\u2010]$/

/**
 * Text as both sides compare it: each character in compatibility form (the
 * PDF has `𝑘` where MathML has `k`, and `ﬁ` may be one glyph) and lower
 * case (`text-transform`), without white space or format characters, with
 * where each folded unit came from in the original.
 */
function fold(original: string): {text: string; origin: number[]} {
  let text = ''
  const origin: number[] = []
  let at = 0
  for (const char of original) {
    const folded = char.normalize('NFKC').toLowerCase().replace(/[\s\p{Cf}]+/gu, '')
    text += folded
    for (let unit = 0; unit < folded.length; unit++) origin.push(at)
    at += char.length
  }
  origin.push(at)
  return {text, origin}
}

/**
 * Where a page begins in `text`, after `from`: the first of its lines long
 * enough to be told apart (8 characters) that is found there, followed by
 * the page's next line, places it; where it is found more than once (code
 * blocks repeat), the place where most of the page's following lines agree.
 * The lines above it on the page that end just before it in the text move
 * the start back (the running head and page number do not, nor does a list
 * marker Chromium generated).
 */
function locatePage(lines: ReadonlyArray<string>, text: string, from: number): number | undefined {
  for (let index = 0; index < lines.length; index++) {
    for (const line of variants(lines[index]!)) {
      if (line.length < 8) continue
      let best: {at: number; agreed: number} | undefined
      let tries = 0
      for (let at = text.indexOf(line, from); at !== -1 && tries < 100; at = text.indexOf(line, at + 1), tries++) {
        if (!followedBy(text, at + line.length, lines[index + 1])) continue
        const agreed = agreement(text, at + line.length, lines.slice(index + 1))
        if (!best || agreed > best.agreed) best = {at, agreed}
      }
      if (best) return backUp(lines.slice(0, index), text, best.at, from)
    }
  }
  return undefined
}

/** How many characters of the lines that follow (up to 200) the text goes on with at `at`. */
function agreement(text: string, at: number, lines: ReadonlyArray<string>): number {
  let agreed = 0
  for (const line of lines) {
    const hit = variants(line)
      .flatMap((variant) => [variant, variant.replace(listMarker, '')])
      .find((option) => option.length > 0 && text.startsWith(option, at))
    if (hit === undefined) break
    agreed += hit.length
    at += hit.length
    if (agreed >= 200) break
  }
  return agreed
}

function variants(line: string): string[] {
  return lineEndHyphen.test(line) ? [line.slice(0, -1), line] : [line]
}

/** Whether the text at `at` goes on with (the first characters of) the next line, or there is none. */
function followedBy(text: string, at: number, next: string | undefined): boolean {
  if (next === undefined) return true
  const head = next.replace(lineEndHyphen, '').slice(0, 8)
  // A marker Chromium generated (a list number, a bullet) may begin the next line.
  for (let skip = 0; skip <= 3 && skip < head.length; skip++) if (text.startsWith(head.slice(skip), at)) return true
  return false
}

function backUp(above: ReadonlyArray<string>, text: string, at: number, floor: number): number {
  let start = at
  for (let index = above.length - 1; index >= 0; index--) {
    const line = above[index]!
    // A page number or running folio: digits alone are never taken for text.
    if (/^[\divxlc]+$/i.test(line) && line.length <= 4) break
    // The whole line, or the line less a list marker Chromium generated (`2.`, `b)`, `•`).
    const found = variants(line)
      .flatMap((variant) => [variant, variant.replace(listMarker, '')])
      .find((tail) => tail.length > 0 && start - tail.length >= floor && text.endsWith(tail, start))
    if (found === undefined) break
    start -= found.length
  }
  return start
}

const listMarker = /^(?:(?:\d+|[a-z]|[ivxlcdm]+)[.)]|[•◦▪‣–—-])/

function anchorOf(anchors: ReadonlyArray<[string, number]>, at: number): Omit<PageStart, 'page'> {
  let anchor: [string, number] | undefined
  for (const entry of anchors) {
    if (entry[1] > at) break
    anchor = entry
  }
  return anchor ? {anchor: anchor[0], offset: at - anchor[1]} : {anchor: undefined, offset: at}
}
