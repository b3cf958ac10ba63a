import type {PDFDocument, PDFObject} from 'mupdf'
import type {ListedElement} from './structure-tree.js'

/**
 * Renumber the structure elements' IDs (`node00001098`), which Chromium
 * takes from its renderer's count of DOM nodes, so depend on what the page
 * held before: in order, from 1, same width, so the same document gives the
 * same bytes whatever the renderer printed earlier. Rewritten where they are
 * used: each element's `/ID`, a table cell's `/Headers` (only cells have them), the ID tree.
 */
export function pinStructureIds(document: PDFDocument, elements: ReadonlyArray<ListedElement>): void {
  const root = document.getTrailer().get('Root', 'StructTreeRoot')
  const found = new Set<string>()
  const withId: PDFObject[] = []
  const cells: PDFObject[] = []
  for (const {element, type} of elements) {
    const id = element.get('ID')
    if (id.isString() && /^node\d{8}$/.test(id.asString())) {
      found.add(id.asString())
      withId.push(element)
    }
    if (type === 'TD' || type === 'TH') cells.push(element)
  }
  if (found.size === 0) return
  const renumbered = new Map([...found].sort().map((id, index) => [id, 'node' + String(index + 1).padStart(8, '0')]))
  const renamed = (value: PDFObject) => (value.isString() ? renumbered.get(value.asString()) : undefined)
  for (const element of withId) element.put('ID', document.newString(renamed(element.get('ID'))!))
  for (const element of cells) {
    const attributes = element.get('A')
    for (const owner of attributes.isArray() ? arrayItems(attributes) : [attributes]) {
      const headers = owner.isDictionary() ? owner.get('Headers') : undefined
      if (!headers?.isArray()) continue
      for (let at = 0; at < headers.length; at++) {
        const header = renamed(headers.get(at))
        if (header) headers.put(at, document.newString(header))
      }
    }
  }
  renameIdTree(document, root.get('IDTree'), renamed)
}

/** The ID tree's keys and limits (a name tree: `/Names`, `/Limits`, `/Kids`). */
function renameIdTree(document: PDFDocument, node: PDFObject, renamed: (value: PDFObject) => string | undefined): void {
  if (!node.isDictionary()) return
  for (const key of ['Names', 'Limits']) {
    const array = node.get(key)
    if (!array.isArray()) continue
    for (let at = 0; at < array.length; at += key === 'Names' ? 2 : 1) {
      const name = renamed(array.get(at))
      if (name) array.put(at, document.newString(name))
    }
  }
  const kids = node.get('Kids')
  if (kids.isArray()) for (const kid of arrayItems(kids)) renameIdTree(document, kid, renamed)
}

export function arrayItems(array: PDFObject): PDFObject[] {
  const result: PDFObject[] = []
  if (array.isArray()) for (let at = 0; at < array.length; at++) result.push(array.get(at))
  return result
}
