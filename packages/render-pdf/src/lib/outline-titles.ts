import type {PDFDocument, PDFObject} from 'mupdf'

/**
 * Retitle bookmarks that are one of the headings, garbled. Chromium titles
 * bookmarks with the laid-out text, which loses the space at a line break,
 * repeats a heading split by a page break and keeps `text-transform`.
 */
export function retitleOutline(document: PDFDocument, headings: ReadonlyArray<string>): void {
  const squash = (text: string) => text.replace(/\s+/g, '').toLowerCase()
  const byKey = new Map<string, string>()
  for (const heading of headings) {
    byKey.set(squash(heading), heading)
    byKey.set(squash(heading).repeat(2), heading)
  }
  const seen = new Set<number>()
  const walk = (first: PDFObject) => {
    for (let item = first; item.isDictionary(); item = item.get('Next')) {
      // An outline is a linked list: a loop in a broken file must not hang us.
      if (item.isIndirect() && seen.has(item.asIndirect())) return
      if (item.isIndirect()) seen.add(item.asIndirect())
      const title = item.get('Title')
      const heading = title.isString() ? byKey.get(squash(title.asString())) : undefined
      if (heading !== undefined && heading !== title.asString()) item.put('Title', document.newString(heading))
      walk(item.get('First'))
    }
  }
  walk(document.getTrailer().get('Root', 'Outlines', 'First'))
}
