import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'

/** Parents in which a link must stand in a paragraph of its own (flow content, not phrasing). */
const flowParents = new Set(['article', 'aside', 'blockquote', 'body', 'details', 'div', 'figure', 'footer', 'header', 'main', 'nav', 'section'])

/**
 * An `<iframe>` (an embedded chart or video) cannot be printed, and the
 * sanitizer would drop it without a trace: it becomes a link to its `src`,
 * its `title` as the text (else the address), where it stood. Only http(s)
 * sources: anything else is left for the sanitizer to remove. The warning is
 * `@offprint/parse`'s (`html-iframe`), given where the tag is written.
 */
export function iframesAsLinks(root: Root): void {
  visit(root, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'iframe' || !parent || index === undefined) return
    const src = typeof node.properties.src === 'string' ? node.properties.src.trim() : ''
    if (!/^https?:\/\//i.test(src)) return
    const title = typeof node.properties.title === 'string' && node.properties.title.trim() ? node.properties.title.trim() : src
    const link: Element = {type: 'element', tagName: 'a', properties: {href: src}, children: [{type: 'text', value: title}], position: node.position}
    if (node.position) link.properties.dataOffprintPlace = `${node.position.start.line}:${node.position.start.column}`
    const inFlow = parent.type === 'root' || flowParents.has(parent.tagName)
    parent.children[index] = inFlow ? {type: 'element', tagName: 'p', properties: {}, children: [link], position: node.position} : link
  })
}
