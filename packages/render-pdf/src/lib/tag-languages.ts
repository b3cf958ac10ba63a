import type {PDFDocument, PDFObject} from 'mupdf'
import type {ListedElement} from './structure-tree.js'

/** Types whose content is text in a line: an element inside one is inline. */
const inline = new Set(['P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'Lbl', 'Link', 'Span', 'Em', 'Strong', 'Quote', 'Code', 'Caption', 'TH', 'TD', 'Reference', 'BibEntry', 'Title', 'Sub'])

/**
 * A change of language inside a line as a Span with `/Lang`. Chromium writes
 * the `/Lang` of an element whose language differs from its parent's (a
 * `<span lang="fr">` that `exposeToTags` kept in the accessibility tree) on a
 * NonStruct, whose kids a reader takes as its parent's, language and all;
 * Span is the type ISO 32000-1 (§14.9.2) gives for it. One in a block of
 * its own (a `<div lang>`) stays as it is.
 */
export function tagLanguages(document: PDFDocument, elements: ReadonlyArray<ListedElement>): void {
  for (const listed of elements) {
    if (listed.type !== 'NonStruct' || !listed.element.get('Lang').isString()) continue
    if (!inline.has(enclosingType(listed.element))) continue
    listed.element.put('S', document.newName('Span'))
    listed.type = 'Span'
  }
}

/** The type of the nearest ancestor that is not NonStruct. */
function enclosingType(element: PDFObject): string {
  let parent = element.get('P')
  for (let depth = 0; depth < 256 && parent.isDictionary(); depth++) {
    const type = parent.get('S')
    if (!type.isName()) return ''
    if (type.asName() !== 'NonStruct') return type.asName()
    parent = parent.get('P')
  }
  return ''
}
