import type {PDFDocument, PDFObject} from 'mupdf'
import {addIds, isElement, kidsOf, newElement, readIds, setKids, type ListedElement} from './structure-tree.js'
import type {TaggedLink} from './tag-links.js'

/** A note of the notes list: its element id and the href of its back link. */
export interface NoteEntry {
  /** `note-3`: the `id` of its `<li>`, and the Note element’s `/ID`. */
  id: string
  /** `#ref-3`: where its number links back to. */
  backlink: string
}

/**
 * Each note a `Note` element with an `/ID` (PDF/UA-1 §7.9), found from its
 * back link (the element holding that link’s OBJR). Chromium writes a
 * note of the notes list, an `<li>`, as NonStruct with the number inside the
 * paragraph; the list becomes what PDF/UA reads: `L` of `LI`, each with its
 * number as `Lbl` and its text as `LBody` holding the `Note`. A footnote
 * (laid out by Paged.js: a `div` at the foot of the page, the number inside
 * its paragraph) is a NonStruct outside any list; it becomes the `Note`
 * itself. A note not so shaped is left as it is. Returns the ids of the
 * notes tagged.
 */
export function tagNotes(document: PDFDocument, notes: ReadonlyArray<NoteEntry>, links: ReadonlyArray<TaggedLink>): string[] {
  const root = document.getTrailer().get('Root', 'StructTreeRoot')
  const ids: Array<[string, PDFObject]> = []
  for (const note of notes) {
    const link = links.find((candidate) => candidate.href === note.backlink)?.element
    const paragraph = link?.get('P')
    const item = paragraph?.get('P')
    if (!link || !paragraph?.isDictionary() || !item?.isDictionary()) continue
    const type = item.get('S').asName()
    if (item.get('P').get('S').asName() !== 'L') {
      if (type !== 'NonStruct') continue
      item.put('S', document.newName('Note'))
      ids.push([note.id, item])
      continue
    }
    if (type !== 'NonStruct' && type !== 'LI') continue
    if (kidsOf(item).some((kid) => isElement(kid) && ['Lbl', 'LBody'].includes(kid.get('S').asName()))) continue
    const body = kidsOf(item)
    setKids(paragraph, kidsOf(paragraph).filter((kid) => !sameObject(kid, link)))
    item.put('S', document.newName('LI'))
    const label = newElement(document, 'Lbl', item, [link])
    const content = newElement(document, 'LBody', item, [])
    const element = newElement(document, 'Note', content, body)
    setKids(content, [element])
    setKids(item, [label, content])
    ids.push([note.id, element])
  }
  if (ids.length > 0) addIds(document, root, ids)
  return ids.map(([id]) => id)
}

/**
 * Join to its Note the rest of each footnote continued on a later page:
 * `exposeToTags` has Chromium write it as a Figure whose `/Alt` is the note's
 * id; its kids move to the end of the Note and the Figure goes. Matched in
 * reading order, as for formulas. Returns how many were joined.
 */
export function joinContinuedNotes(document: PDFDocument, elements: ReadonlyArray<ListedElement>, continued: ReadonlyArray<string>): number {
  const root = document.getTrailer().get('Root', 'StructTreeRoot')
  const notes = readIds(root)
  let next = 0
  for (const listed of elements) {
    if (next === continued.length) break
    const alt = listed.element.get('Alt')
    if (listed.type !== 'Figure' || !alt.isString() || alt.asString() !== continued[next]) continue
    const note = notes.get(continued[next]!)
    const parent = listed.element.get('P')
    if (!note || note.get('S').asName() !== 'Note' || !parent.isDictionary()) break
    setKids(note, [...kidsOf(note), ...kidsOf(listed.element)])
    setKids(parent, kidsOf(parent).filter((kid) => !sameObject(kid, listed.element)))
    next++
  }
  return next
}

function sameObject(a: PDFObject, b: PDFObject): boolean {
  return a.isIndirect() && b.isIndirect() && a.asIndirect() === b.asIndirect()
}
