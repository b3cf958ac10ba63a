import type {PDFDocument, PDFObject} from 'mupdf'
import {parentTree} from './structure-tree.js'

/** A Link annotation with the element that holds its object reference. */
export interface TaggedLink {
  /** `#note-3` for a link inside the document, else the URI. */
  href: string
  annotation: PDFObject
  /** Its structure element (the one with the OBJR), if Chromium tagged it. */
  element: PDFObject | undefined
}

/**
 * Every link a Link element with an alternate description. Chromium tags a
 * link to a URL as Link but one inside the document (a note call, a back
 * link) as NonStruct, and gives none a `/Contents`, which PDF/UA asks of
 * every annotation. The description is `descriptions.get(href)`, else the
 * URI itself, else the target’s name.
 */
export function tagLinks(document: PDFDocument, descriptions: ReadonlyMap<string, string>): TaggedLink[] {
  const root = document.getTrailer().get('Root', 'StructTreeRoot')
  const parents = parentTree(root)
  const links: TaggedLink[] = []
  for (let index = 0, count = document.countPages(); index < count; index++) {
    const annotations = document.findPage(index).get('Annots')
    if (!annotations.isArray()) continue
    for (let at = 0; at < annotations.length; at++) {
      const annotation = annotations.get(at)
      if (annotation.get('Subtype').asName() !== 'Link') continue
      const href = hrefOf(annotation)
      const key = annotation.get('StructParent')
      const element = key.isNumber() ? parents.get(key.asNumber()) : undefined
      const tagged = element?.isDictionary() ? element : undefined
      if (tagged && tagged.get('S').asName() !== 'Link') tagged.put('S', document.newName('Link'))
      const description = descriptions.get(href) ?? (href.startsWith('#') ? `Link to ${href.slice(1)}` : href)
      annotation.put('Contents', document.newString(description))
      links.push({href, annotation, element: tagged})
    }
  }
  return links
}

/** `#name` for a named destination, the URI for a URI action, else empty. */
function hrefOf(annotation: PDFObject): string {
  const dest = annotation.get('Dest')
  if (dest.isName()) return '#' + dest.asName()
  if (dest.isString()) return '#' + dest.asString()
  const action = annotation.get('A')
  if (action.isDictionary()) {
    const uri = action.get('URI')
    if (uri.isString()) return uri.asString()
    const named = action.get('D')
    if (named.isName()) return '#' + named.asName()
    if (named.isString()) return '#' + named.asString()
  }
  return ''
}
