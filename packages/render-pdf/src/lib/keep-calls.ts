import type {Page} from 'puppeteer-core'
import {textBlockWidth} from './soft-hyphens.js'

/**
 * Characters after which a line may break anywhere (CJK ideographs, kana,
 * hangul, their punctuation): a note call after one could start a line.
 * Latin text needs nothing, as no line breaks between “word.” and its digit.
 */
const cjkBeforeCall = /[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef](?:<\/[a-z]+>)*<a class="note-ref"/

/** Whether a document has a note call straight after CJK text (an inline's end between them included). */
export function hasCjkCalls(html: string): boolean {
  return cjkBeforeCall.test(html)
}

/**
 * Kinsoku for note calls: no line starts with one. Laid out at the width of
 * the printed text block (as the soft hyphens are), a call that starts a
 * line is bound to the character before it in a no-wrap span, so both go to
 * the next line. Measured, not marked up in advance: a word joiner would do
 * the same but stays in the PDF's text layer (“る\u20601”), breaking search.
 * Returns how many calls were bound.
 */
export async function keepCallsWithText(page: Page, options: {paged: boolean}): Promise<number> {
  if (options.paged) return page.evaluate(keepInDocument, null)
  await page.emulateMediaType('print')
  try {
    return await page.evaluate(keepInDocument, await page.evaluate(textBlockWidth))
  } finally {
    await page.emulateMediaType(undefined)
  }
}

function keepInDocument(width: string | null): number {
  const root = document.documentElement
  const before = root.style.width
  if (width) root.style.width = width
  const range = document.createRange()
  /** The last character before the call in the same block, as a text node and offset. */
  const previous = (call: Element): {node: Text; at: number} | undefined => {
    const block = call.closest('p, li, td, th, dd, blockquote, figcaption, h1, h2, h3, h4, h5, h6') ?? document.body
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
    let last: Text | undefined
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (call.contains(node) || !(node.compareDocumentPosition(call) & Node.DOCUMENT_POSITION_FOLLOWING)) break
      if (node.data.trim()) last = node
    }
    if (!last) return undefined
    const at = last.data.trimEnd().length - 1
    return {node: last, at}
  }
  let bound = 0
  // A bound call moves its line on; a later call of the paragraph may then start a line: look again.
  for (let round = 0; round < 3; round++) {
    const edits: Array<{call: Element; node: Text; at: number}> = []
    for (const call of Array.from(document.querySelectorAll('a.note-ref'))) {
      if (call.parentElement?.classList.contains('note-call-kept')) continue
      const place = previous(call)
      if (!place || place.at < 0) continue
      range.setStart(place.node, place.at)
      range.setEnd(place.node, place.at + 1)
      const char = range.getBoundingClientRect()
      const mark = call.getBoundingClientRect()
      if (mark.height > 0 && mark.left < char.left && mark.top >= char.top + char.height / 2) edits.push({call, ...place})
    }
    if (edits.length === 0) break
    for (const {call, node, at} of edits) {
      // Split off the character before the call and wrap both, unbreakable.
      const tail = node.splitText(at)
      if (tail.data.length > 1) tail.splitText(1)
      const span = document.createElement('span')
      span.className = 'note-call-kept'
      span.style.whiteSpace = 'nowrap'
      tail.parentNode!.insertBefore(span, tail)
      span.append(tail)
      // The call may sit in another inline than the character: bind what lies between too.
      let next = span.nextSibling
      while (next && next !== call && !next.contains(call)) {
        const after = next.nextSibling
        span.append(next)
        next = after
      }
      if (next) span.append(next)
      bound++
    }
  }
  root.style.width = before
  return bound
}
