import type {PDFDocument, PDFObject} from 'mupdf'

/**
 * Reading and reshaping the structure tree (ISO 32000-1 §14.7) through
 * MuPDF’s objects. Only elements are moved; marked-content references and
 * object references stay in the element that holds them, so the parent tree
 * (content → element) stays true without being rewritten.
 */

/** An element’s kids (`/K` is one kid or an array of them). */
export function kidsOf(element: PDFObject): PDFObject[] {
  const k = element.get('K')
  if (k.isNull()) return []
  if (!k.isArray()) return [k]
  const result: PDFObject[] = []
  for (let at = 0; at < k.length; at++) result.push(k.get(at))
  return result
}

/** A structure element, as opposed to a marked-content or object reference or an MCID. */
export function isElement(kid: PDFObject): boolean {
  return kid.isDictionary() && kid.get('S').isName()
}

/** An element and its type (`/S`), as listed once for every step that reads them. */
export interface ListedElement {
  element: PDFObject
  type: string
}

/** Every element under the root, depth first, in reading order. */
export function listElements(root: PDFObject): ListedElement[] {
  const result: ListedElement[] = []
  forEachElement(root, (element, type) => result.push({element, type}))
  return result
}

/** Visit every element under the root, depth first, in reading order. */
export function forEachElement(root: PDFObject, visit: (element: PDFObject, type: string) => void): void {
  const seen = new Set<number>()
  const walk = (node: PDFObject, depth: number) => {
    for (const kid of kidsOf(node)) {
      if (!kid.isDictionary()) continue
      const type = kid.get('S')
      if (!type.isName()) continue
      if (kid.isIndirect()) {
        // A tree that loops (a broken file) must not hang the build.
        if (seen.has(kid.asIndirect())) continue
        seen.add(kid.asIndirect())
      }
      visit(kid, type.asName())
      if (depth < 256) walk(kid, depth + 1)
    }
  }
  if (root.isDictionary()) walk(root, 0)
}

/** The parent tree as a map: a `/StructParent(s)` key → its element (or array of them). */
export function parentTree(root: PDFObject): Map<number, PDFObject> {
  const result = new Map<number, PDFObject>()
  const walk = (node: PDFObject, depth: number) => {
    const nums = node.get('Nums')
    if (nums.isArray()) for (let at = 0; at + 1 < nums.length; at += 2) result.set(nums.get(at).asNumber(), nums.get(at + 1))
    const kids = node.get('Kids')
    if (kids.isArray() && depth < 32) for (let at = 0; at < kids.length; at++) walk(kids.get(at), depth + 1)
  }
  const tree = root.get('ParentTree')
  if (tree.isDictionary()) walk(tree, 0)
  return result
}

/** A new element of type `type` under `parent`, holding `kids` (re-parented to it). */
export function newElement(document: PDFDocument, type: string, parent: PDFObject, kids: ReadonlyArray<PDFObject>): PDFObject {
  const element = document.addObject({Type: 'StructElem', S: type, P: parent})
  setKids(element, kids)
  return element
}

/** Replace an element’s kids, pointing each element kid’s `/P` back at it. */
export function setKids(element: PDFObject, kids: ReadonlyArray<PDFObject>): void {
  element.put('K', [...kids])
  for (const kid of kids) if (isElement(kid)) kid.put('P', element)
}

/** Add `/ID` names to the ID tree, rewritten as one sorted node (the tree is small). */
export function addIds(document: PDFDocument, root: PDFObject, ids: ReadonlyArray<[string, PDFObject]>): void {
  const entries = readIds(root)
  for (const [id, element] of ids) {
    element.put('ID', document.newString(id))
    entries.set(id, element)
  }
  // Name trees sort by bytes; every ID here is ASCII, so code units sort the same.
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const names = document.newArray()
  for (const [id, element] of sorted) {
    names.push(document.newString(id))
    names.push(element)
  }
  root.put('IDTree', document.addObject({Names: names}))
}

/** The ID tree (a name tree) as a map: `/ID` → its element. */
export function readIds(root: PDFObject): Map<string, PDFObject> {
  const entries = new Map<string, PDFObject>()
  const walk = (node: PDFObject, depth: number) => {
    const names = node.get('Names')
    if (names.isArray()) for (let at = 0; at + 1 < names.length; at += 2) entries.set(names.get(at).asString(), names.get(at + 1))
    const kids = node.get('Kids')
    if (kids.isArray() && depth < 32) for (let at = 0; at < kids.length; at++) walk(kids.get(at), depth + 1)
  }
  const tree = root.get('IDTree')
  if (tree.isDictionary()) walk(tree, 0)
  return entries
}
