import type {PDFDocument, PDFObject} from 'mupdf'
import {addIds, isElement, kidsOf, newElement, setKids} from './structure-tree.js'
import type {TaggedLink} from './tag-links.js'

/** A note of the notes list: its element id and the href of its back link. */
export interface NoteEntry {
  /** `note-3`: the `id` of its `<li>`, and the Note element’s `/ID`. */
  id: string
  /** `#ref-3`: where its number links back to. */
  backlink: string
}

/**
 * The notes list as PDF/UA reads it: `L` of `LI`, each with its number as
 * `Lbl` and its text as `LBody` holding a `Note` with an `/ID`. Chromium
 * writes each `<li>` as NonStruct with the number inside the paragraph; the
 * note is found from its back link (the element holding that link’s OBJR).
 * A note whose elements are not so shaped (footnotes laid out by Paged.js)
 * is left as it is. Returns the ids of the notes tagged.
 */
export function tagNotes(document: PDFDocument, notes: ReadonlyArray<NoteEntry>, links: ReadonlyArray<TaggedLink>): string[] {
  const root = document.getTrailer().get('Root', 'StructTreeRoot')
  const ids: Array<[string, PDFObject]> = []
  for (const note of notes) {
    const link = links.find((candidate) => candidate.href === note.backlink)?.element
    const paragraph = link?.get('P')
    const item = paragraph?.get('P')
    if (!link || !paragraph?.isDictionary() || !item?.isDictionary() || item.get('P').get('S').asName() !== 'L') continue
    const type = item.get('S').asName()
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

function sameObject(a: PDFObject, b: PDFObject): boolean {
  return a.isIndirect() && b.isIndirect() && a.asIndirect() === b.asIndirect()
}
