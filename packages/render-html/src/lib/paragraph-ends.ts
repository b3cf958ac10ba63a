import {cjkWide} from '@offprint/parse/scripts'
import type {Element, ElementContent, Text} from 'hast'
import {toString} from 'hast-util-to-string'
import {SKIP, visit} from 'unist-util-visit'

/** Letters a paragraph's last line holds at least: fewer reads as a stray word (“zero.”, “only).”). */
const minimumLastLine = 6

/** Spaces tied at most: a longer unbreakable tail would leave the line before it loose. */
const maximumTies = 2

/** Characters of a CJK paragraph's end kept on one line: a last line of one character (「る。」) is what kinsoku avoids. */
const cjkTail = 3

/** Inline elements read as one unit (their text is counted, never tied inside); `br` ends the paragraph's last line. */
const opaque = new Set(['code', 'kbd', 'samp', 'var', 'math', 'svg', 'img', 'br', 'wbr', 'input'])

/** Elements that hold no paragraph to tie, or lines of their own kind (the title block's are balanced). */
const skipped = new Set(['header', 'pre', 'table', 'math', 'svg', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/** Block elements that may sit inside a list item: an item holding one is not itself a paragraph. */
const blocks = new Set(['p', 'div', 'ul', 'ol', 'dl', 'blockquote', 'pre', 'table', 'figure', 'section', 'details', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr'])

const letter = /[\p{L}\p{N}]/u

/**
 * No paragraph ends on a line of a few letters or on a word's tail, as a
 * typesetter sets it: the last word loses its soft hyphens (so “ap-/proach.”
 * cannot happen) and, when it is short, is tied to the word before it with
 * a no-break space (“be zero.”), up to two ties; a short last word with a
 * hyphen of its own (“171-197.”), and a CJK paragraph's last characters, are
 * kept on one line (class `keep-line`, print.css). Made in
 * the tree, not on the laid-out page, so the PDF's paginated lines (which
 * Chromium may break otherwise than the screen's) hold it too.
 */
export function tieParagraphEnds(root: Element): void {
  visit(root, 'element', (node: Element) => {
    if (skipped.has(node.tagName)) return SKIP
    const paragraph = node.tagName === 'p' || node.tagName === 'dd' || ((node.tagName === 'li' || node.tagName === 'figcaption') && !node.children.some((child) => child.type === 'element' && blocks.has(child.tagName)))
    if (!paragraph) return undefined
    tieEnd(node)
    return SKIP
  })
}

function tieEnd(paragraph: Element): void {
  const pieces: Array<{text: Text; parent: Element} | {unit: Element}> = []
  const collect = (node: Element) => {
    for (const child of node.children) {
      if (child.type === 'text') pieces.push({text: child, parent: node})
      else if (child.type === 'element') {
        if (opaque.has(child.tagName)) pieces.push({unit: child})
        else if (!blocks.has(child.tagName)) collect(child)
      }
    }
  }
  collect(paragraph)
  const last = pieces.findLast((piece) => ('unit' in piece ? true : piece.text.value.trim() !== ''))
  if (last && 'text' in last && cjkWide.test([...last.text.value.trimEnd()].at(-1) ?? "")) return keepCjkTail(last.text, last.parent)

  let letters = 0
  let ties = 0
  // Nothing but white space seen yet from the end: a paragraph's trailing space is no gap between words.
  let seen = false
  for (let index = pieces.length - 1; index >= 0; index--) {
    const piece = pieces[index]!
    if ('unit' in piece) {
      if (piece.unit.tagName === 'br') return
      letters += count(toString(piece.unit))
      seen = true
      continue
    }
    const value = piece.text.value
    let kept = ''
    for (let at = value.length - 1; at >= 0; at--) {
      const char = value[at]!
      if (!/\s/.test(char)) {
        // The tail is set whole: no soft hyphen leaves a word's end alone on the last line.
        if (char !== '\u00ad') kept = char + kept
        if (letter.test(char)) letters++
        seen = true
        continue
      }
      let start = at
      while (start > 0 && /\s/.test(value[start - 1]!)) start--
      if (!seen) {
        kept = value.slice(start, at + 1) + kept
      } else if (letters >= minimumLastLine || ties === maximumTies) {
        piece.text.value = value.slice(0, at + 1) + kept
        return keepHyphenated(piece.text, piece.parent)
      } else {
        // Too short to stand alone: tied to the word before it.
        ties++
        kept = '\u00a0' + kept
      }
      at = start
    }
    piece.text.value = kept
  }
}

/** Longest last word kept from breaking at its own hyphen: longer ones may need the break. */
const maximumKept = 16

/**
 * A paragraph's last word broken at its own hyphen leaves its tail alone on
 * the last line (“171-/197.”): a short one is kept on one line, by a span,
 * since a non-breaking hyphen would change the text readers copy.
 */
function keepHyphenated(text: Text, parent: Element): void {
  const match = /([ \t\r\n])([^ \t\r\n]+)([ \t\r\n]*)$/u.exec(text.value)
  if (!match || !/[\p{L}\p{N}][-\u2010\u2013][\p{L}\p{N}]/u.test(match[2]!) || match[2]!.length > maximumKept) return
  const head = text.value.slice(0, match.index + 1)
  const span: Element = {type: 'element', tagName: 'span', properties: {className: ['keep-line']}, children: [{type: 'text', value: match[2]! + match[3]!}]}
  parent.children.splice(parent.children.indexOf(text as ElementContent), 1, {type: 'text', value: head}, span)
}

/** Wrap a CJK paragraph's last characters (closing punctuation included) in a span kept on one line. */
function keepCjkTail(text: Text, parent: Element): void {
  const value = text.value.trimEnd()
  const chars = [...value]
  let take = 0
  let main = 0
  // Count back `cjkTail` characters that are not closing punctuation, then take the punctuation with them.
  for (let index = chars.length - 1; index >= 0 && main < cjkTail; index--) {
    if (!cjkWide.test(chars[index]!)) break
    take++
    if (!/[\u3001\u3002\u300d\u300f\uff09\uff0c\uff0e\uff01\uff1f]/u.test(chars[index]!)) main++
  }
  if (take < 2 || take >= chars.length) return
  const head = chars.slice(0, -take).join('')
  const tail = chars.slice(-take).join('') + text.value.slice(value.length)
  const position = parent.children.indexOf(text as ElementContent)
  const span: Element = {type: 'element', tagName: 'span', properties: {className: ['keep-line']}, children: [{type: 'text', value: tail}]}
  parent.children.splice(position, 1, {type: 'text', value: head}, span)
}

const count = (text: string) => [...text].filter((char) => letter.test(char)).length
