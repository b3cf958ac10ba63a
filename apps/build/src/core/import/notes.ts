import type {Element, ElementContent, Root} from 'hast'
import {isElement} from './hast-cleanup.js'

/** A note's body as mammoth wrote it, and the number it gets in the paper. */
export interface Note {
  number: number
  children: ElementContent[]
}

const noteId = /^#?((?:foot|end)note)-(-?\d+)$/
const backLink = /^#(?:foot|end)note-ref-/

/**
 * Mammoth writes footnotes and endnotes as one list at the end (`li#footnote-1`,
 * `li#endnote-1`) and calls as `<sup><a href="#footnote-1">[1]</a></sup>`.
 * Take the list out, and turn each call into an `offprint-note` element
 * numbered in the order the calls come (footnotes and endnotes alike), as
 * markdown numbers its notes.
 */
export function takeNotes(tree: Root): Note[] {
  const bodies = new Map<string, ElementContent[]>()
  tree.children = tree.children.filter((node) => {
    if (!isElement(node, 'ol')) return true
    const items = node.children.filter((item) => isElement(item))
    if (items.length === 0 || !items.every((item) => isElement(item, 'li') && noteId.test(String(item.properties.id ?? '')))) return true
    for (const item of items) bodies.set(String(item.properties.id), withoutBackLinks(item.children))
    return false
  })
  const numbers = new Map<string, number>()
  const notes: Note[] = []
  const visit = (node: Root | Element) => {
    node.children = node.children.map((each) => {
      if (!isElement(each)) return each
      const id = callOf(each)
      if (id === undefined) {
        visit(each)
        return each
      }
      let number = numbers.get(id)
      if (number === undefined) {
        number = numbers.size + 1
        numbers.set(id, number)
        const body: Element = {type: 'element', tagName: 'div', properties: {}, children: bodies.get(id) ?? []}
        notes.push({number, children: body.children})
        // Calls inside the note itself (rare) are numbered after it.
        queue.push(body)
      }
      return {type: 'element', tagName: 'offprint-note', properties: {dataNumber: number}, children: []}
    }) as typeof node.children
  }
  const queue: Element[] = []
  visit(tree)
  while (queue.length > 0) visit(queue.shift()!)
  return notes
}

/** The note id a `<sup><a href="#footnote-1">` call points at, or undefined. */
function callOf(node: Element): string | undefined {
  const link = node.tagName === 'sup' && node.children.length === 1 && isElement(node.children[0], 'a') ? node.children[0] : node.tagName === 'a' ? node : undefined
  const href = link ? String(link.properties.href ?? '') : ''
  return noteId.test(href) ? href.slice(1) : undefined
}

function withoutBackLinks(children: ElementContent[]): ElementContent[] {
  return children.flatMap((each): ElementContent[] => {
    if (!isElement(each)) return [each]
    if (each.tagName === 'a' && backLink.test(String(each.properties.href ?? ''))) return []
    return [{...each, children: withoutBackLinks(each.children)}]
  })
}
