import {deflateSync} from 'node:zlib'
import * as mupdf from 'mupdf'
import {writeDocumentInfo, type PdfMetadata} from './document-info.js'
import {documentIdPlaceholder, saveWithFileId} from './file-id.js'
import {convertToCmyk, type ConvertOptions} from './ghostscript.js'
import {withoutMupdfLog} from './mupdf-log.js'
import {grayNeutrals} from './neutral-gray.js'
import type {PressProfile} from './press-profile.js'
import {writePrintBoxes} from './print-boxes.js'
import {writeXmpMetadata} from './xmp-metadata.js'

export interface PressOptions {
  /** The printer's CMYK output profile (`readPressProfile`): the colours are converted to it and it becomes the output intent. */
  profile: PressProfile
  /** The PDF/X version. Default (and only one): `X-4`. */
  pdfx?: 'X-4' | undefined
  /** As for `finishPdf`. Default: the title Chromium wrote. */
  metadata?: PdfMetadata | undefined
  /** Seconds since 1970 for CreationDate and ModDate. Default: Ghostscript’s (now). */
  sourceDateEpoch?: number | undefined
  /** Bleed around the trim box, in points. Default: 0. */
  bleed?: number | undefined
  /** Crop marks, in registration colour, outside the bleed. Default: false. */
  marks?: boolean | undefined
  /** The exact trim size in points, `[width, height]` (A4: 595.2756 × 841.8898). Default: Chromium’s page. */
  trim?: readonly [number, number] | undefined
  /** How Ghostscript runs. Default: `gs` on the PATH, 60 s. */
  ghostscript?: ConvertOptions | undefined
}

const pdfxVersions = {'X-4': 'PDF/X-4'} as const

/**
 * The press edition of a PDF Chromium printed: PDF/X-4 for a printer. Black
 * and grey are put on the black plate (`grayNeutrals`), links and bookmarks
 * removed, every colour converted to the profile’s CMYK by Ghostscript;
 * then, with MuPDF, document information and XMP saying PDF/X-4 and
 * `Trapped: False`, the profile as the `GTS_PDFX` output intent, the exact
 * trim and bleed boxes with crop marks in registration colour, and a file ID
 * from the content. The tagged digital PDF is made separately and untouched.
 */
export async function pressPdf(chromium: Uint8Array, options: PressOptions): Promise<Uint8Array> {
  const {bytes, title} = withoutMupdfLog(() => prepare(chromium))
  const cmyk = await convertToCmyk(bytes, options.profile.data, options.ghostscript)
  return withoutMupdfLog(() => finishPress(cmyk, title, options))
}

/** The CMYK file Ghostscript wrote, as PDF/X-4. */
function finishPress(cmyk: Uint8Array, title: string | undefined, options: PressOptions): Uint8Array {
  const document = new mupdf.PDFDocument(cmyk)
  try {
    removeInteractive(document)
    const root = document.getTrailer().get('Root')
    for (const key of ['Metadata', 'OutputIntents', 'StructTreeRoot', 'MarkInfo']) root.delete(key)
    const info = writeDocumentInfo(document, {title, ...options.metadata}, options.sourceDateEpoch)
    const version = pdfxVersions[options.pdfx ?? 'X-4']
    const dictionary = document.getTrailer().get('Info')
    dictionary.put('GTS_PDFXVersion', document.newString(version))
    dictionary.put('Trapped', document.newName('False'))
    writeXmpMetadata(document, info, {pdfx: {version, documentId: documentIdPlaceholder}})
    writePressIntent(document, options.profile)
    writePrintBoxes(document, options.bleed ?? 0, Boolean(options.marks), {trim: options.trim, registration: true})
    // Garbage collected: Ghostscript's own Info and XMP (dated now, with a random ID) go.
    return saveWithFileId(document, 'garbage=compact')
  } finally {
    document.destroy()
  }
}

/** Chromium’s PDF with neutrals in gray and nothing interactive, for Ghostscript; and its title. */
function prepare(chromium: Uint8Array): {bytes: Uint8Array; title: string | undefined} {
  const document = new mupdf.PDFDocument(chromium)
  try {
    const title = document.getTrailer().get('Info', 'Title')
    grayNeutrals(document)
    removeInteractive(document)
    return {bytes: document.saveToBuffer('').asUint8Array().slice(), title: title.isString() ? title.asString() : undefined}
  } finally {
    document.destroy()
  }
}

/** No annotations (links), bookmarks, named destinations, forms or actions: a printer wants none. */
function removeInteractive(document: mupdf.PDFDocument): void {
  for (let index = 0, count = document.countPages(); index < count; index++) {
    const page = document.findPage(index)
    page.delete('Annots')
    page.delete('AA')
  }
  const root = document.getTrailer().get('Root')
  for (const key of ['Outlines', 'Names', 'Dests', 'OpenAction', 'AA', 'AcroForm', 'PageMode']) root.delete(key)
}

/** The printer’s profile as the PDF/X output intent; the condition is named by the profile’s description. */
function writePressIntent(document: mupdf.PDFDocument, profile: PressProfile): void {
  const stream = document.addRawStream(deflateSync(profile.data), {N: 4, Filter: 'FlateDecode'})
  const intent = document.addObject({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: document.newString(profile.description),
    Info: document.newString(profile.description),
    DestOutputProfile: stream
  })
  document.getTrailer().get('Root').put('OutputIntents', [intent])
}
