import type {PaperMeta} from '@offprint/parse'
import {xml} from './xml.js'

/** What the book holds, read from its own files: the accessibility metadata says no more than this. */
export interface BookFacts {
  /** Pictures in the text (the cover not counted) and their media types. */
  images: ReadonlyArray<{mediaType: string}>
  /** Every picture in the text has a non-empty text alternative. */
  imagesHaveAlt: boolean
  /** Some chapter has MathML. */
  math: boolean
  /** Some chapter has a table, and every table has header cells. */
  tables: {count: number; withHeaders: number}
  /** The text has headings (the nav's table of contents then goes below the title). */
  headings: boolean
  /** Notes linked to and from their calls. */
  notes: boolean
  /** Pages of the print edition marked in the text and listed in a `page-list` nav. */
  printPages: number
  /** The identifier of the print edition the page breaks come from (written as the page list's source). */
  pageBreakSource?: string | undefined
}

/** The conformance claim, as EPUB Accessibility 1.1 §2.1 spells it (Ace checks the string). */
export const conformance = 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA'

/**
 * schema.org accessibility metadata and the EPUB Accessibility 1.1 claim,
 * derived from the book's content. The claim is made only when nothing
 * found in the content stands against it (a picture without alternative
 * text, a table without header cells).
 */
export function accessibilityMetadata(meta: PaperMeta, facts: BookFacts): string[] {
  const lines: string[] = []
  const add = (property: string, value: string, attributes = '') => lines.push(`<meta property="${property}"${attributes}>${xml(value)}</meta>`)
  const pictures = facts.images.length > 0
  const tablesHaveHeaders = facts.tables.withHeaders === facts.tables.count
  const claim = (!pictures || facts.imagesHaveAlt) && tablesHaveHeaders

  if (claim) {
    add('dcterms:conformsTo', conformance)
    add('a11y:certifiedBy', meta.publisher ?? (meta.authors.map((author) => author.name).join(', ') || 'Offprint'))
  }
  add('schema:accessMode', 'textual')
  if (pictures) add('schema:accessMode', 'visual')
  if (!pictures || facts.imagesHaveAlt) add('schema:accessModeSufficient', 'textual')
  if (pictures) add('schema:accessModeSufficient', 'textual,visual')
  const features = [
    'tableOfContents',
    'readingOrder',
    ...(facts.headings ? ['structuralNavigation'] : []),
    ...(pictures && facts.imagesHaveAlt ? ['alternativeText'] : []),
    ...(facts.math ? ['MathML'] : []),
    ...(facts.printPages > 0 ? ['pageBreakMarkers', 'pageNavigation'] : [])
  ]
  for (const feature of features) add('schema:accessibilityFeature', feature)
  // No sound, video or animation is ever written; a GIF may flash.
  const gif = facts.images.some((image) => image.mediaType === 'image/gif')
  for (const hazard of gif ? ['unknownFlashingHazard', 'noSoundHazard', 'noMotionSimulationHazard'] : ['none']) add('schema:accessibilityHazard', hazard)
  add('schema:accessibilitySummary', summary(facts, claim), meta.lang.toLowerCase().startsWith('en') ? '' : ' xml:lang="en"')
  // The print edition the page breaks come from. EPUB 3.3 names it `pageBreakSource`;
  // EPUBCheck 4 knows only EPUB 3.2's form, `dc:source` refined as `source-of`
  // pagination, which the EPUB Accessibility Techniques and Ace accept as well.
  if (facts.printPages > 0 && facts.pageBreakSource) {
    lines.push(`<dc:source id="print-edition">${xml(facts.pageBreakSource)}</dc:source>`)
    add('source-of', 'pagination', ' refines="#print-edition"')
  }
  return lines
}

function summary(facts: BookFacts, claim: boolean): string {
  const has: string[] = ['a table of contents', facts.headings ? 'headings in reading order' : 'a single section in reading order']
  if (facts.images.length > 0) has.push(facts.imagesHaveAlt ? `${count(facts.images.length, 'picture')}, each with a text alternative` : `${count(facts.images.length, 'picture')}, not all with a text alternative`)
  if (facts.notes) has.push('numbered notes linked to and from the text')
  if (facts.math) has.push('mathematics as MathML')
  if (facts.tables.count > 0) has.push(`${count(facts.tables.count, 'table')}${facts.tables.withHeaders === facts.tables.count ? ' with header cells' : ''}`)
  if (facts.printPages > 0) has.push(`the page numbers of the PDF edition (${count(facts.printPages, 'page')}) as page breaks and a page list`)
  const list = has.length > 1 ? `${has.slice(0, -1).join(', ')} and ${has[has.length - 1]}` : has[0]!
  return `Reflowable text with ${list}.${claim ? ` Conforms to ${conformance.replace(' - ', ', ')} (declared by the publisher from automated checks).` : ''}`
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`
}
