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
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  const rectOf = (node: Text, at: number): DOMRect | undefined => {
    range.setStart(node, at)
    range.setEnd(node, at + 1)
    const rects = range.getClientRects()
    return rects[rects.length - 1] ?? rects[0]
  }
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
