import type {Element, ElementContent, Text} from 'hast'
import {h} from 'hastscript'

/** Where one page of the print edition begins (render-pdf's `PageStart`). */
export interface PrintPageStart {
  /** The page's number in the PDF, from 1. */
  page: number
  /** The id of the last element beginning at or before the page; undefined: the document's start. */
  anchor?: string | undefined
  /** Characters of text from the anchor's start to the page's: white space, format characters (soft hyphens) and MathML annotations not counted. */
  offset: number
}

/** A page break written into the book: its page and where it is (`file.xhtml#id`). */
export interface PageTarget {
  page: number
  href: string
}

interface Located {
  text: Text
  /** Ancestors of the text node, outermost first (the piece's root first). */
  ancestors: Element[]
  filename: string
  /** Position of the node's first counted character in the book's text. */
  start: number
  length: number
}

/** Inside these a marker would change a name or break a content model: it goes before the outermost one. */
const closed = new Set(['a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'math', 'svg', 'button', 'label', 'select', 'textarea'])

/**
 * Write a page-break marker (`epub:type="pagebreak"`, `role="doc-pagebreak"`,
 * the page number as `aria-label`) where each print page begins, counting
 * text as the print edition did: the same document order (title page,
 * text, notes, bibliography), without white space or soft hyphens. Returns
 * the markers written, in page order; `missing` gets the pages whose anchor
 * the book does not have.
 */
export function markPageBreaks(
  pieces: ReadonlyArray<{filename: string; root: Element}>,
  starts: ReadonlyArray<PrintPageStart>,
  missing: number[] = []
): PageTarget[] {
  const texts: Located[] = []
  const anchors = new Map<string, number>()
  let length = 0
  const walk = (node: Element, ancestors: Element[], filename: string): void => {
    if (typeof node.properties.id === 'string' && !anchors.has(node.properties.id)) anchors.set(node.properties.id, length)
    if (node.tagName === 'annotation' || node.tagName === 'annotation-xml') return
    const chain = [...ancestors, node]
    for (const child of node.children) {
      if (child.type === 'element') walk(child, chain, filename)
      else if (child.type === 'text') {
        const counted = count(child.value)
        if (counted > 0) texts.push({text: child, ancestors: chain, filename, start: length, length: counted})
        length += counted
      }
    }
  }
  for (const piece of pieces) walk(piece.root, [], piece.filename)

  const targets: PageTarget[] = []
  // From the last page back: a split text node keeps its head, where earlier pages still count.
  for (const start of [...starts].sort((a, b) => b.page - a.page)) {
    const base = start.anchor === undefined ? 0 : anchors.get(start.anchor)
    if (base === undefined) {
      missing.unshift(start.page)
      continue
    }
    const at = base + start.offset
    const marker = h('span', {id: `print-page-${start.page}`, 'epub:type': 'pagebreak', role: 'doc-pagebreak', 'aria-label': String(start.page)})
    const found = start.page === 1 ? undefined : texts.find((entry) => at < entry.start + entry.length)
    if (found) {
      insertAt(found, at - found.start, marker)
      targets.unshift({page: start.page, href: `${found.filename}#${marker.properties.id}`})
      continue
    }
    // Page 1 begins the book's text; a start past its end (should not happen) closes it.
    const piece = start.page === 1 ? pieces[0] : pieces[pieces.length - 1]
    if (!piece) continue
    if (start.page === 1) piece.root.children.unshift(marker)
    else piece.root.children.push(marker)
    targets.unshift({page: start.page, href: `${piece.filename}#${marker.properties.id}`})
  }
  return targets
}

/** Characters the print edition counts: all but white space and format characters (soft hyphens). */
function count(value: string): number {
  return value.replace(/[\s\p{Cf}]+/gu, '').length
}

/** Put `marker` before the `skip`-th counted character of a text node, or before the element around it that may not hold it. */
function insertAt(entry: Located, skip: number, marker: Element): void {
  const {text, ancestors} = entry
  const outermost = ancestors.findIndex((ancestor) => closed.has(ancestor.tagName))
  if (outermost > 0) {
    const parent = ancestors[outermost - 1]!
    parent.children.splice(parent.children.indexOf(ancestors[outermost] as ElementContent), 0, marker)
    return
  }
  const parent = ancestors[ancestors.length - 1]!
  const index = parent.children.indexOf(text)
  let split = indexOfCounted(text.value, skip)
  // A page that begins inside a hyphenated word is marked before the word, which is not split.
  while (split > 0 && wordCharacter.test(text.value[split - 1]!)) split--
  if (split === 0 || split === -1) {
    parent.children.splice(index, 0, marker)
    return
  }
  const after: Text = {type: 'text', value: text.value.slice(split)}
  text.value = text.value.slice(0, split)
  parent.children.splice(index + 1, 0, marker, after)
}

/** Letters of the scripts that space their words (CJK pages may begin anywhere). */
const wordCharacter = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}\u00ad'’-]/u

/** Index in `value` of its `skip`-th counted character (0-based), with the white space before it left behind. */
function indexOfCounted(value: string, skip: number): number {
  let seen = 0
  for (let index = 0; index < value.length; index++) {
    if (/[\s\p{Cf}]/u.test(value[index]!)) continue
    if (seen === skip) return index
    seen++
  }
  return -1
}
