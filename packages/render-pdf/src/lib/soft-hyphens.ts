import type {Page} from 'puppeteer-core'

/**
 * Keep only the soft hyphens that break a line. The document carries one at
 * every hyphenation point (Chromium on Linux has no dictionaries), and
 * Chromium writes each into the PDF's text, so search, copy and screen
 * readers got `quan­ti­ta­tive` for every word. Laid out at the width of the
 * printed text block, a soft hyphen whose next character starts a new line
 * is a line-end hyphen and stays; the others are removed (unbroken, they are
 * zero-width, so removing them moves nothing). With `paged` (Paged.js has
 * already laid the pages out in the screen) the layout is taken as it is.
 * Returns how many were kept.
 */
export async function pruneSoftHyphens(page: Page, options: {paged: boolean}): Promise<number> {
  if (options.paged) return page.evaluate(pruneInDocument, null)
  await page.emulateMediaType('print')
  try {
    return await page.evaluate(pruneInDocument, await page.evaluate(textBlockWidth))
  } finally {
    await page.emulateMediaType(undefined)
  }
}

/** The text block of a printed page as a CSS length: the `@page` size less its side margins. */
export function textBlockWidth(): string {
  const sizes: Record<string, string> = {a4: '210mm', a5: '148mm', letter: '8.5in', legal: '8.5in'}
  let size = '210mm'
  let left = '0'
  let right = '0'
  const rules = (sheet: CSSStyleSheet): CSSRule[] => {
    try {
      return Array.from(sheet.cssRules)
    } catch {
      return []
    }
  }
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of rules(sheet)) {
      if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue
      const declared = rule.style.getPropertyValue('size').trim().toLowerCase().split(/\s+/)
      if (declared[0]) size = sizes[declared[0]] ?? declared[0]
      left = rule.style.getPropertyValue('margin-left') || left
      right = rule.style.getPropertyValue('margin-right') || right
    }
  }
  return `calc(${size} - ${left} - ${right})`
}

/** Prune, laid out with the root at `width` (a CSS length; the page's own layout when null). */
function pruneInDocument(width: string | null): number {
  const root = document.documentElement
  const before = root.style.width
  // Exact, fractions of a pixel included: they decide line breaks.
  if (width) root.style.width = width
  // Runs in the page: everything it needs is inside it.
  // Breaks a typesetter would refuse, undone one word at a time on the live
  // layout (each change reflows its paragraph): a third hyphenated line in a
  // row, and a paragraph whose last line is the tail of a broken word.
  const blockOf = (node: Node): Element | null => {
    for (let element = node.parentElement; element; element = element.parentElement) {
      if (/^(P|LI|BLOCKQUOTE|DD|DT|FIGCAPTION|TD|TH)$/.test(element.tagName)) return element
    }
    return null
  }
  const measure = document.createRange()
  const rectAt = (node: Text, at: number): DOMRect | undefined => {
    measure.setStart(node, at)
    measure.setEnd(node, at + 1)
    const rects = measure.getClientRects()
    return rects[rects.length - 1] ?? rects[0]
  }
  /** Every soft hyphen in a text node that ends a line, with that line's bottom. */
  const lineEnds = (): Array<{node: Text; index: number; bottom: number; block: Element | null}> => {
    const found: Array<{node: Text; index: number; bottom: number; block: Element | null}> = []
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = texts.nextNode() as Text | null; node; node = texts.nextNode() as Text | null) {
      const value = node.data
      for (let index = value.indexOf('\u00ad'); index > 0 && index + 1 < value.length; index = value.indexOf('\u00ad', index + 1)) {
        const previous = rectAt(node, index - 1)
        const next = rectAt(node, index + 1)
        if (previous && next && next.top >= previous.bottom - 1) found.push({node, index, bottom: previous.bottom, block: blockOf(node)})
      }
    }
    return found
  }
  /** Take the soft hyphens out of the whole word around `index`: it is set unbroken. */
  const unbreakWord = (node: Text, index: number): void => {
    const value = node.data
    let start = index
    while (start > 0 && !/\s/.test(value.charAt(start - 1))) start--
    let end = index
    while (end < value.length && !/\s/.test(value.charAt(end))) end++
    node.data = value.slice(0, start) + value.slice(start, end).replace(/\u00ad/g, '') + value.slice(end)
  }
  /** The bottom of a block's last line of text. */
  const lastLineBottom = (block: Element): number => {
    measure.selectNodeContents(block)
    const rects = Array.from(measure.getClientRects()).filter((rect) => rect.width > 0)
    return Math.max(...rects.map((rect) => rect.bottom))
  }
  for (let round = 0; round < 40; round++) {
    const ends = lineEnds()
    let changed = false
    for (let i = 2; i < ends.length && !changed; i++) {
      const [first, second, third] = [ends[i - 2]!, ends[i - 1]!, ends[i]!]
      if (!third.block || first.block !== third.block || second.block !== third.block) continue
      const leading = parseFloat(getComputedStyle(third.block).lineHeight) || (second.bottom - first.bottom)
      const consecutive = (a: number, b: number) => Math.abs(b - a - leading) < leading * 0.4
      if (consecutive(first.bottom, second.bottom) && consecutive(second.bottom, third.bottom)) {
        unbreakWord(third.node, third.index)
        changed = true
      }
    }
    for (const end of ends) {
      if (changed || !end.block) continue
      // The rest of the paragraph after this break is one word on the last line: a fragment.
      const rest = end.node.data.slice(end.index + 1)
      const leading = parseFloat(getComputedStyle(end.block).lineHeight) || 16
      if (/\s/.test(rest.trim())) continue
      let after = ''
      const texts = document.createTreeWalker(end.block, NodeFilter.SHOW_TEXT)
      texts.currentNode = end.node
      for (let node = texts.nextNode(); node; node = texts.nextNode()) after += node.textContent ?? ''
      if (/\S\s+\S/.test(after) || lastLineBottom(end.block) - end.bottom > leading * 1.5) continue
      unbreakWord(end.node, end.index)
      changed = true
    }
    if (!changed) break
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const rectOf = rectAt
  const edits: Array<{node: Text; drop: number[]}> = []
  let kept = 0
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const value = node.data
    if (!value.includes('\u00ad')) continue
    const drop: number[] = []
    for (let index = value.indexOf('\u00ad'); index !== -1; index = value.indexOf('\u00ad', index + 1)) {
      const before = index > 0 ? rectOf(node, index - 1) : undefined
      const after = index + 1 < value.length ? rectOf(node, index + 1) : undefined
      // A new line starts after it: the next character sits below the one before.
      if (before && after && after.top >= before.bottom - 1) kept++
      else if (before && after) drop.push(index)
      else kept++
    }
    if (drop.length > 0) edits.push({node, drop})
  }
  root.style.width = before
  // Edited after measuring: every decision is made on the same layout.
  for (const {node, drop} of edits) {
    let value = node.data
    for (const index of drop.reverse()) value = value.slice(0, index) + value.slice(index + 1)
    node.data = value
  }
  return kept
}
