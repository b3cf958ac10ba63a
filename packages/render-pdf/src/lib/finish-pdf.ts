import * as mupdf from 'mupdf'
import {saveWithFileId} from './file-id.js'
import {writeDocumentInfo, type PdfMetadata} from './document-info.js'
import {markArtifacts} from './mark-artifacts.js'
import {withoutMupdfLog} from './mupdf-log.js'
import {retitleOutline} from './outline-titles.js'
import {writeOutputIntent} from './output-intent.js'
import {writePrintBoxes} from './print-boxes.js'
import {mapRoles} from './role-map.js'
import {pinStructureIds} from './structure-ids.js'
import {listElements} from './structure-tree.js'
import {groupFigures} from './tag-figures.js'
import {tagFormulas} from './tag-formulas.js'
import {tagLanguages} from './tag-languages.js'
import {tagLinks} from './tag-links.js'
import {joinContinuedNotes, tagNotes, type NoteEntry} from './tag-notes.js'
import {writeXmpMetadata, type Claims} from './xmp-metadata.js'

export type {PdfMetadata} from './document-info.js'
export type {NoteEntry} from './tag-notes.js'
export type {Claims} from './xmp-metadata.js'

export interface FinishOptions {
  metadata?: PdfMetadata | undefined
  /** Seconds since 1970 for CreationDate and ModDate (Info and XMP). Default: keep Chromium’s (now). */
  sourceDateEpoch?: number | undefined
  /** Bleed around the trim box, in points. Default: 0. */
  bleed?: number | undefined
  /** Draw crop marks outside the bleed. Default: false. */
  marks?: boolean | undefined
  /**
   * The document’s headings, in order. Chromium titles bookmarks with the
   * laid-out text, which loses the space at a line break, repeats a heading
   * split by a page break and keeps `text-transform`; a bookmark that is one
   * of these headings, so garbled, gets the heading’s own text. Default: none.
   */
  headings?: ReadonlyArray<string> | undefined
  /**
   * Alternate descriptions of links by href (`#note-3` → `Note 3`), written
   * as each Link annotation’s `/Contents`. Default: a URI describes itself,
   * a link inside the document is `Link to` its target.
   */
  links?: ReadonlyMap<string, string> | undefined
  /**
   * The notes, each tagged as a Note with an ID: in the notes list as
   * L/LI/Lbl/LBody, as footnotes on their own. Default: none.
   */
  notes?: ReadonlyArray<NoteEntry> | undefined
  /**
   * The alternate text of each formula, in document order, as
   * `exposeToTags` labelled them for Chromium: their Figures become Formula
   * elements. Default: none.
   */
  formulas?: ReadonlyArray<string> | undefined
  /** The note id of each footnote continued on a later page, as `exposeToTags` labelled them. Default: none. */
  continued?: ReadonlyArray<string> | undefined
  /**
   * Standards the XMP packet claims. Default: PDF/UA-1 and PDF/A-2b, which
   * the tests check point by point (no validator runs here: see the README).
   * PDF/UA-1 is dropped when a note or formula given could not be tagged.
   */
  claims?: Claims | undefined
}

const defaultClaims: Claims = Object.freeze({pdfua: 1, pdfa: Object.freeze({part: 2, conformance: 'B'} as const)})

/**
 * Amend Chromium’s tagged PDF with MuPDF and save it whole: document
 * information and XMP from the same values, an sRGB output intent, tags
 * PDF/UA asks for (links, notes, artifacts, role map), retitled bookmarks,
 * and for print page boxes and crop marks. Dates and structure IDs are
 * pinned and the file ID is derived from the content, so the same input
 * gives the same bytes.
 */
export function finishPdf(bytes: Uint8Array, options: FinishOptions): Uint8Array {
  return withoutMupdfLog(() => finish(bytes, options))
}

function finish(bytes: Uint8Array, options: FinishOptions): Uint8Array {
  const document = new mupdf.PDFDocument(bytes)
  try {
    const info = writeDocumentInfo(document, options.metadata ?? {}, options.sourceDateEpoch)
    const elements = listElements(document.getTrailer().get('Root', 'StructTreeRoot'))
    pinStructureIds(document, elements)
    const links = tagLinks(document, options.links ?? new Map())
    const notes = options.notes ?? []
    const formulas = options.formulas ?? []
    const continued = options.continued ?? []
    let tagged = notes.length > 0 ? tagNotes(document, notes, links).length : 0
    if (formulas.length > 0) tagged += tagFormulas(document, elements, formulas)
    if (continued.length > 0) tagged += joinContinuedNotes(document, elements, continued)
    groupFigures(document, elements)
    tagLanguages(document, elements)
    mapRoles(document, elements)
    markArtifacts(document)
    if (options.headings && options.headings.length > 0) retitleOutline(document, options.headings)
    const claims = options.claims ?? defaultClaims
    writeXmpMetadata(document, info, tagged < notes.length + formulas.length + continued.length ? {...claims, pdfua: undefined} : claims)
    writeOutputIntent(document)
    const bleed = options.bleed ?? 0
    if (bleed > 0 || options.marks) writePrintBoxes(document, bleed, Boolean(options.marks))
    return saveWithFileId(document)
  } finally {
    document.destroy()
  }
}

const mm = 72 / 25.4

/** `3mm`, `9pt`, `0.125in`, `0.3cm` in points; a bare number is millimetres. */
export function toPoints(length: string | number): number {
  if (typeof length === 'number') return length * mm
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mm|cm|pt|in|px)?\s*$/.exec(length)
  if (!match) throw new Error(`Unexpected length \`${length}\`, expected a number with mm, cm, pt or in`)
  const value = Number(match[1])
  const unit = match[2] ?? 'mm'
  return value * {mm, cm: 10 * mm, pt: 1, in: 72, px: 0.75}[unit]!
}
