import type {Element, ElementContent, Root} from 'hast'
import {h} from 'hastscript'
import type {Note, NoteReference} from '@offprint/cite'
import type {Handler, State} from 'mdast-util-to-hast'
import {visit} from 'unist-util-visit'
import {labelsFor} from './labels.js'

/** Id of the n-th reference to a note (the first has no suffix). */
export function referenceId(number: number, index: number): string {
  return index === 1 ? `ref-${number}` : `ref-${number}-${index}`
}

export function noteId(number: number): string {
  return `note-${number}`
}

/** `noteReference` → a superscript link to its note, with DPUB-ARIA role. */
export const noteReferenceHandler: Handler = (state: State, node: NoteReference): Element => {
  const result = h(
    'a.note-ref',
    {href: '#' + noteId(node.number), id: referenceId(node.number, node.index), role: 'doc-noteref'},
    h('sup', String(node.number))
  )
  state.patch(node, result)
  return result
}

/**
 * The notes section: each note starts with its number, linked back to its
 * first reference; further references get their own back-links at the end.
 */
export function notesSection(notes: ReadonlyArray<Note>, lang: string, convert: (note: Note) => ElementContent[]): Element | undefined {
  if (notes.length === 0) return undefined
  const words = labelsFor(lang)
  return h('section.notes#notes', {role: 'doc-endnotes', ariaLabelledBy: 'notes-title'}, [
    h('h2.notes-title#notes-title', words.notes),
    h(
      'ol.note-list',
      notes.map((note) => {
        const content = convert(note)
        const mark = h(
          'a.note-number',
          {href: '#' + referenceId(note.number, 1), role: 'doc-backlink', title: words.backToText},
          `${note.number}.`
        )
        const extra: ElementContent[] = []
        for (let index = 2; index <= note.references; index++) {
          extra.push({type: 'text', value: ' '}, h('a.note-backref', {href: '#' + referenceId(note.number, index), role: 'doc-backlink', title: words.backToText}, ['↩', h('sup', String(index))]))
        }
        const first = content.find((child): child is Element => child.type === 'element')
        if (first && first.tagName === 'p') {
          first.children.unshift(mark, {type: 'text', value: ' '})
        } else {
          content.unshift(h('p.note-lead', [mark]))
        }
        const last = [...content].reverse().find((child): child is Element => child.type === 'element')
        if (last && last.tagName === 'p') last.children.push(...extra)
        else if (extra.length > 0) content.push(h('p', extra))
        return h('li.note', {id: noteId(note.number)}, content)
      })
    )
  ])
}

/**
 * Two note calls side by side (`gap.[^2][^3]`) would read as one number
 * (²³ as 23): put a superscript comma between them, as CMOS 14.26 allows.
 */
export function separateAdjacentCalls(root: Root): void {
  visit(root, (node) => {
    if (!('children' in node)) return
    const children = node.children as ElementContent[]
    for (let index = children.length - 1; index > 0; index--) {
      if (isCall(children[index]) && isCall(children[index - 1])) {
        children.splice(index, 0, h('sup.note-separator', ','))
      }
    }
  })
}

function isCall(node: ElementContent | undefined): boolean {
  return node?.type === 'element' && node.tagName === 'a' && node.properties.role === 'doc-noteref'
}
