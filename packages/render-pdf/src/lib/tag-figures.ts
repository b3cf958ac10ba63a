import type {PDFDocument} from 'mupdf'
import {isElement, kidsOf, type ListedElement} from './structure-tree.js'

/**
 * A `<figure>` as PDF/UA reads it. Chromium writes the element as a Figure
 * holding the image's own Figure (with the image's `/Alt`) and the Caption,
 * but gives the outer one no `/Alt` (its accessible name is the caption),
 * which PDF/UA-1 §7.3 asks of every Figure. The outer one only groups, so it
 * becomes a Div; a Figure without `/Alt` that holds no other element (an
 * image with an empty alt) is left for the tests to find.
 */
export function groupFigures(document: PDFDocument, elements: ReadonlyArray<ListedElement>): void {
  for (const listed of elements) {
    if (listed.type !== 'Figure' || hasAlt(listed)) continue
    const kids = kidsOf(listed.element).filter(isElement)
    if (!kids.some((kid) => kid.get('S').isName() && kid.get('S').asName() === 'Figure')) continue
    listed.element.put('S', document.newName('Div'))
    listed.type = 'Div'
  }
}

function hasAlt({element}: ListedElement): boolean {
  const alt = element.get('Alt')
  return alt.isString() && alt.asString().trim() !== ''
}
