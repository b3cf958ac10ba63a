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
    for (let index = 0; index < parent.children.length; index++) {
      const child = parent.children[index]
      if (child?.type !== 'text' || !child.value.includes('^[')) continue
      const found = closeNote(parent.children as PhrasingContent[], index)
      if (!found) continue
      const identifier = `inline-note-${definitions.length + 1}`
      const start = child.position?.start
      const reference: FootnoteReference = {type: 'footnoteReference', identifier, label: identifier}
      // Positions keep their offsets: tools downstream (hast-util-raw) rely on them.
      if (start?.offset !== undefined) {
        const point = {line: start.line, column: start.column + found.openAt, offset: start.offset + found.openAt}
        reference.position = {start: point, end: {...point, column: point.column + 2, offset: point.offset + 2}}
      }
      definitions.push({type: 'footnoteDefinition', identifier, label: identifier, children: [{type: 'paragraph', children: found.content}], position: reference.position})
      const replacement: PhrasingContent[] = []
      if (found.before) replacement.push({type: 'text', value: found.before, position: child.position})
      replacement.push(reference)
      if (found.after) replacement.push({type: 'text', value: found.after})
      parent.children.splice(index, found.endIndex - index + 1, ...(replacement as never[]))
    }
  })
  tree.children.push(...definitions)
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
