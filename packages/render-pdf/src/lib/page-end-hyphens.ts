import type {Page} from 'puppeteer-core'
import {locatePageStarts, readPrintedText, type PageStart} from './page-starts.js'

/**
 * No page may end in a hyphenated word: a reader turning the page holds
 * half a word (typesetters forbid it). Where a page of the printed PDF
 * begins just after a soft hyphen (the break that ended the page before),
 * that soft hyphen is taken out, so the whole word goes to the next page's
 * first line. Returns how many were taken out; the caller prints again.
 * Found through where each page begins in the document's text (the same
 * reading the EPUB's page list uses), so it needs the pages in reading
 * order: not for Paged.js layouts.
 */
export async function unbreakPageEnds(page: Page, pdf: Uint8Array): Promise<{removed: number; starts: PageStart[]}> {
  const starts = locatePageStarts(pdf, await readPrintedText(page))
  let removed = 0
  if (starts.length > 1) {
    // Counted as readPrintedText counts: with print media, what paper hides left out.
    await page.emulateMediaType('print')
    try {
      removed = await page.evaluate(removeHyphensBefore, starts.filter((start) => start.page > 1))
    } finally {
      await page.emulateMediaType(undefined)
    }
  }
  return {removed, starts}
}

/** In the page: the soft hyphen right before each page start's character, removed. */
function removeHyphensBefore(starts: ReadonlyArray<PageStart>): number {
  // The same walk as readDocumentText: every character but white space and format characters counts.
  const skip = new Set(['script', 'style', 'template', 'noscript', 'annotation', 'annotation-xml'])
  const counted = /[^\s\p{Cf}]/u
  const characters: Array<{node: Text; index: number}> = []
  const anchors = new Map<string, number>()
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node as Text
      for (let index = 0; index < text.data.length; index++) if (counted.test(text.data[index]!)) characters.push({node: text, index})
      return
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return
    const element = node as Element
    if (skip.has(element.localName) || getComputedStyle(element).display === 'none') return
    if (element.id && !anchors.has(element.id)) anchors.set(element.id, characters.length)
    for (const child of Array.from(element.childNodes)) visit(child)
  }
  visit(document.body)
  // The character before each page's first one, when it is a soft hyphen in the same word.
  const hyphens: Array<{node: Text; at: number}> = []
  for (const start of starts) {
    const first = characters[(start.anchor === undefined ? 0 : (anchors.get(start.anchor) ?? Number.NaN)) + start.offset]
    if (!first) continue
    const before = first.index > 0 ? {node: first.node, at: first.index - 1} : previousEnd(first.node)
    if (before && before.node.data[before.at] === '\u00ad') hyphens.push(before)
  }
  // Last first: a removal shifts the characters after it in its text node.
  for (const {node, at} of hyphens.reverse()) node.deleteData(at, 1)
  return hyphens.length

  /** The last character of the text before a node's, when a word runs on across an element boundary. */
  function previousEnd(node: Text): {node: Text; at: number} | undefined {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    walker.currentNode = node
    const earlier = walker.previousNode() as Text | null
    return earlier && earlier.data.length > 0 ? {node: earlier, at: earlier.data.length - 1} : undefined
  }
}
