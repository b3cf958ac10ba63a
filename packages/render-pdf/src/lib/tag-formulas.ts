import type {PDFDocument} from 'mupdf'
import type {ListedElement} from './structure-tree.js'

/**
 * Each formula a Formula element with its alternate text (PDF/UA-1 §7.7).
 * `exposeToTags` has Chromium write each `<math>` as a Figure whose `/Alt`
 * is the formula's TeX; those Figures, matched in reading order against the
 * formulas in document order, become Formula. A Figure of an image keeps its
 * type (its `/Alt` is not the next formula's). Returns how many were tagged.
 */
export function tagFormulas(document: PDFDocument, elements: ReadonlyArray<ListedElement>, formulas: ReadonlyArray<string>): number {
  let next = 0
  for (const listed of elements) {
    if (next === formulas.length) break
    if (listed.type !== 'Figure') continue
    const alt = listed.element.get('Alt')
    if (!alt.isString() || alt.asString() !== formulas[next]) continue
    listed.element.put('S', document.newName('Formula'))
    listed.type = 'Formula'
    next++
  }
  return next
}
