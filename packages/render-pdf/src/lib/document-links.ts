import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {visit} from 'unist-util-visit'
import type {NoteEntry} from './tag-notes.js'

/**
 * What the PDF’s tags need to know of the document’s links, read from the
 * document’s tree: an alternate description per href, and the notes list. A
 * note call (`role="doc-noteref"`) is `Note 3`, a back link
 * (`role="doc-backlink"`) `Back to the call of note 3`, a link with an
 * `aria-label` that label, a link out its URL.
 */
export function documentLinks(tree: Root): {links: Map<string, string>; notes: NoteEntry[]} {
  const links = new Map<string, string>()
  const notes: NoteEntry[] = []
  visit(tree, 'element', (node) => {
    if (node.tagName === 'li' && typeof node.properties.id === 'string') {
      const backlink = leadingBacklink(node)
      if (backlink) notes.push({id: node.properties.id, backlink})
    }
    if (node.tagName !== 'a') return
    const href = text(node.properties.href)
    if (href === undefined || links.has(href)) return
    const words = toString(node).replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim()
    const role = text(node.properties.role)
    const number = words.replace(/\.$/, '')
    const label = text(node.properties.ariaLabel)
    links.set(href, label ?? (role === 'doc-noteref' ? `Note ${number}` : role === 'doc-backlink' ? `Back to the call of note ${number}` : href.startsWith('#') ? words || href.slice(1) : href))
  })
  return {links, notes}
}

/** The href of the back link a notes-list item opens with (in its first paragraph or bare). */
function leadingBacklink(item: Element): string | undefined {
  let first = firstElement(item)
  if (first?.tagName === 'p') first = firstElement(first)
  return first?.tagName === 'a' && text(first.properties.role) === 'doc-backlink' ? text(first.properties.href) : undefined
}

/** The first child, white space skipped, when it is an element. */
function firstElement(node: Element): Element | undefined {
  const child = node.children.find((child) => child.type !== 'text' || child.value.trim() !== '')
  return child?.type === 'element' ? child : undefined
}

function text(value: unknown): string | undefined {
  return Array.isArray(value) ? value.join(' ') : value === undefined || value === null ? undefined : String(value)
}
