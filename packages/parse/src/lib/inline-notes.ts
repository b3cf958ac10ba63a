import type {FootnoteDefinition, FootnoteReference, Parent, PhrasingContent, Root, Text} from 'mdast'
import {visit} from 'unist-util-visit'

/**
 * Pandoc's inline notes, `text^[the note]`: each becomes a GFM footnote call
 * plus a definition at the end of the document, so inline and labelled notes
 * share one numbering. Brackets inside the note must balance; a `]` hidden
 * inside emphasis or code does not close it (as pandoc reads it), and an
 * unclosed `^[` stays text.
 */
export function inlineNotes(tree: Root): void {
  const definitions: FootnoteDefinition[] = []
  visit(tree, (node) => {
    if (!('children' in node) || node.type === 'footnoteDefinition') return
    const parent = node as Parent
    if (!parent.children.some((child) => child.type === 'text' && child.value.includes('^['))) return
    // The children are built anew in one pass: a splice per note would make a paragraph of many notes quadratic.
    const children = [...parent.children] as PhrasingContent[]
    const result: PhrasingContent[] = []
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!
      const found = child.type === 'text' && child.value.includes('^[') ? closeNote(children, index) : undefined
      if (!found) {
        result.push(child)
        continue
      }
      const identifier = `inline-note-${definitions.length + 1}`
      const start = child.position?.start
      const reference: FootnoteReference = {type: 'footnoteReference', identifier, label: identifier}
      // Positions keep their offsets: tools downstream (hast-util-raw) rely on them.
      if (start?.offset !== undefined) {
        const point = {line: start.line, column: start.column + found.openAt, offset: start.offset + found.openAt}
        reference.position = {start: point, end: {...point, column: point.column + 2, offset: point.offset + 2}}
      }
      definitions.push({type: 'footnoteDefinition', identifier, label: identifier, children: [{type: 'paragraph', children: found.content}], position: reference.position})
      if (found.before) result.push({type: 'text', value: found.before, position: child.position})
      result.push(reference)
      index = found.endIndex
      // The text after the note may hold the next one: read it in place of the node the note ended in.
      if (found.after) children[index--] = {type: 'text', value: found.after}
    }
    parent.children = result as never[]
  })
  // One at a time: spreading many thousands of arguments overflows the stack.
  for (const definition of definitions) tree.children.push(definition)
}

interface FoundNote {
  before: string
  openAt: number
  content: PhrasingContent[]
  after: string
  endIndex: number
}

function closeNote(children: PhrasingContent[], startIndex: number): FoundNote | undefined {
  const first = children[startIndex] as Text
  const openAt = first.value.indexOf('^[')
  let depth = 0
  const content: PhrasingContent[] = []
  for (let index = startIndex; index < children.length; index++) {
    const node = children[index]!
    if (node.type !== 'text') {
      content.push(node)
      continue
    }
    const from = index === startIndex ? openAt + 2 : 0
    for (let at = from; at < node.value.length; at++) {
      const char = node.value[at]
      if (char === '[') depth++
      else if (char === ']' && depth > 0) depth--
      else if (char === ']') {
        const piece = node.value.slice(from, at)
        if (piece) content.push({type: 'text', value: piece})
        const text = content.filter((n): n is Text => n.type === 'text').map((n) => n.value).join('')
        if (!text.trim() && content.every((n) => n.type === 'text')) return undefined
        return {before: first.value.slice(0, openAt), openAt, content, after: node.value.slice(at + 1), endIndex: index}
      }
    }
    const rest = node.value.slice(from)
    if (rest) content.push({type: 'text', value: rest})
  }
  return undefined
}
