import type {Document, Element} from '@xmldom/xmldom'
import {attribute, elements, W} from './docx-package.js'

const M = 'http://schemas.openxmlformats.org/officeDocument/2006/math'
const WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing'
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main'
const V = 'urn:schemas-microsoft-com:vml'

/** Something in the manuscript that the markdown cannot carry, at a Word paragraph. */
export interface Loss {
  /** The paragraph's number in the main document, counting from 1 (table cells included). */
  paragraph: number
  /** Its first words, for finding it in Word. */
  words: string
  ruleId: string
  /** What was found, and what the import did: the message after "Unexpected ". */
  what: string
  expected: string
}

export interface Inspection {
  losses: Loss[]
  /** Each picture (w:drawing, VML image) in order: the paragraph it is in. */
  pictures: Array<{paragraph: number; words: string}>
}

/**
 * Walk the main document's paragraphs for what mammoth drops or changes
 * silently (comments, tracked changes, text boxes, small caps, equations,
 * embedded objects), each named by its paragraph. `comments` is the
 * comments part, for the comment's author and words.
 */
export function inspectDocument(document: Document, comments: Document | undefined): Inspection {
  const commentText = new Map<string, {author: string; text: string}>()
  if (comments) {
    for (const comment of elements(comments, 'comment')) {
      commentText.set(attribute(comment, 'id') ?? '', {author: attribute(comment, 'author') ?? '', text: wordsOf(comment, 60)})
    }
  }
  const losses: Loss[] = []
  const pictures: Inspection['pictures'] = []
  const paragraphs = elements(document, 'p')
  paragraphs.forEach((paragraph, index) => {
    const number = index + 1
    const words = wordsOf(paragraph, 50)
    const lose = (ruleId: string, what: string, expected: string) => losses.push({paragraph: number, words, ruleId, what, expected})
    // Only what is this paragraph's own, not that of a text box paragraph inside it.
    const own = (found: Element[]) => found.filter((element) => closestParagraph(element) === paragraph)
    for (const reference of own(elements(paragraph, 'commentReference'))) {
      const comment = commentText.get(attribute(reference, 'id') ?? '')
      lose('import-comment', `comment${comment?.author ? ` by ${comment.author}` : ''}${comment?.text ? ` “${comment.text}”` : ''}`, 'none: comments are left out')
    }
    const changes = own([...elements(paragraph, 'ins'), ...elements(paragraph, 'del'), ...elements(paragraph, 'moveFrom'), ...elements(paragraph, 'moveTo')])
    if (changes.length > 0) lose('import-tracked-change', `tracked changes (${changes.length})`, 'none: accepted as shown (insertions and moves kept, deletions dropped)')
    if (own(elements(paragraph, 'txbxContent')).length > 0 || own(elements(paragraph, 'textbox', V)).length > 0) {
      lose('import-text-box', 'text box', 'running text: its words follow the paragraph, without the box')
    }
    if (own(elements(paragraph, 'smallCaps')).some((element) => !/^(0|false|off)$/.test(attribute(element, 'val') ?? ''))) {
      lose('import-small-caps', 'small caps', 'markdown text: printed in ordinary letters')
    }
    if (own(elements(paragraph, 'oMath', M)).length > 0) lose('import-equation', 'equation (Word math)', 'text: equations are left out; write them as $TeX$')
    if (own(elements(paragraph, 'object')).length > 0 && own(elements(paragraph, 'imagedata', V)).length === 0) {
      lose('import-object', 'embedded object', 'an image: embedded objects are left out')
    }
    for (const graphic of own(elements(paragraph, 'graphicData', A))) {
      const uri = graphic.getAttribute('uri') ?? ''
      if (/chart|diagram/.test(uri)) lose('import-object', `${/chart/.test(uri) ? 'chart' : 'SmartArt diagram'}`, 'an image: charts and diagrams made in Word are left out; paste them as pictures')
    }
    for (const _ of [...own(elements(paragraph, 'inline', WP)), ...own(elements(paragraph, 'anchor', WP)), ...own(elements(paragraph, 'imagedata', V))]) {
      pictures.push({paragraph: number, words})
    }
  })
  return {losses, pictures}
}

/** The text of an element (not its deleted text), cut to `length` characters. */
export function wordsOf(element: Element, length: number): string {
  const text = elements(element, 't')
    .map((t) => t.textContent ?? '')
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > length ? text.slice(0, length - 1).trimEnd() + '…' : text
}

function closestParagraph(element: Element): Element | undefined {
  for (let node = element.parentNode; node; node = node.parentNode) {
    if (node.nodeType === 1 && (node as Element).localName === 'p' && (node as Element).namespaceURI === W) return node as Element
  }
  return undefined
}
