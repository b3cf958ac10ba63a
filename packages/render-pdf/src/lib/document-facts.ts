import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {visit} from 'unist-util-visit'
import type {PdfMetadata} from './document-info.js'

/** The notes mode `toDocument` declared on `<html data-notes>`. */
export function declaredNotes(tree: Root): 'endnotes' | 'footnotes' {
  const html = tree.children.find((node): node is Element => node.type === 'element' && node.tagName === 'html')
  return html?.properties.dataNotes === 'footnotes' ? 'footnotes' : 'endnotes'
}

/** Author, subject and keywords from the document’s `<meta name>` (as `toDocument` writes them), related editions from its `<link rel=alternate hreflang>`. */
export function documentMetadata(tree: Root): PdfMetadata {
  const named = new Map<string, string>()
  const relations: string[] = []
  visit(tree, 'element', (node) => {
    if (node.tagName === 'body') return 'skip'
    // The editions in other languages (`headMetadata`), related in XMP.
    if (node.tagName === 'link' && String(node.properties.rel) === 'alternate' && typeof node.properties.hrefLang === 'string') relations.push(String(node.properties.href))
    const name = node.properties.name
    if (node.tagName === 'meta' && typeof name === 'string' && !named.has(name)) named.set(name, String(node.properties.content ?? ''))
  })
  const authors = named.get('author')?.split('; ')
  return {author: authors?.join(', '), authors, subject: named.get('description'), keywords: named.get('keywords'), relations}
}

const headingNames = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/** The text of every h1–h6, in document order, white space collapsed. */
export function documentHeadings(tree: Root): string[] {
  const headings: string[] = []
  visit(tree, 'element', (node) => {
    if (!headingNames.has(node.tagName)) return
    headings.push(toString(node).replace(/\s+/g, ' ').trim())
    return 'skip'
  })
  return headings
}
