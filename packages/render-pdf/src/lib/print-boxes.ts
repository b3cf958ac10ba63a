import type {PDFDocument, PDFObject} from 'mupdf'

const mm = 72 / 25.4
const markLength = 5 * mm

type Rect = [number, number, number, number]

export interface BoxOptions {
  /**
   * The trim size in points, `[width, height]`, laid at the top left of each
   * page: the exact paper size, where Chromium's page is rounded to whole
   * pixels (A4 is 594.96 × 841.92 pt, not 595.28 × 841.89). Default: each
   * page's own MediaBox.
   */
  trim?: readonly [number, number] | undefined
  /**
   * Draw the crop marks in registration colour (`/Separation /All`, on every
   * plate), as a press wants, rather than in DeviceGray black (which PDF/A
   * allows beside an sRGB output intent). Default: false.
   */
  registration?: boolean | undefined
}

/**
 * Grow every page’s sheet around its unchanged trim box by the bleed (and
 * room for crop marks), with `TrimBox` and `BleedBox`. The page’s contents
 * are wrapped in `q … Q` so the marks drawn after them start from a clean
 * graphics state; pages of one size share the closing stream.
 */
export function writePrintBoxes(document: PDFDocument, bleed: number, marks: boolean, options: BoxOptions = {}): void {
  const open = document.addStream('q', {})
  const all = options.registration && marks ? registrationColour(document) : undefined
  const closers = new Map<string, PDFObject>()
  for (let index = 0, count = document.countPages(); index < count; index++) {
    const page = document.findPage(index)
    const box = page.getInheritable('MediaBox')
    const contents = page.get('Contents')
    if (!box.isArray() || box.length !== 4 || contents.isNull()) continue
    const media = [0, 1, 2, 3].map((at) => box.get(at).asNumber()) as Rect
    const rect: Rect = options.trim ? [media[0], media[3] - options.trim[1], media[0] + options.trim[0], media[3]] : media
    const key = rect.join(' ')
    let close = closers.get(key)
    if (close === undefined) {
      close = document.addStream('Q' + (marks ? '\n' + cropMarks(rect, bleed, all ? '/OffprintAll CS 1 SCN' : '0 G') : ''), {})
      closers.set(key, close)
    }
    if (all) addColourSpace(document, page, all)
    const grown = (by: number) => [rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by].map(pdfNumber)
    const sheet = grown(marks ? markOffset(bleed) + markLength + 2 * mm : bleed)
    page.delete('ArtBox')
    page.put('MediaBox', sheet)
    page.put('CropBox', sheet)
    page.put('BleedBox', grown(bleed))
    page.put('TrimBox', grown(0))
    page.put('Contents', [open, ...(contents.isArray() ? items(contents) : [contents]), close])
  }
}

function items(array: PDFObject): PDFObject[] {
  const result: PDFObject[] = []
  array.forEach((item) => result.push(item))
  return result
}

/** Crop marks start outside the bleed, so a trimmed sheet never shows them. */
function markOffset(bleed: number): number {
  return Math.max(bleed, 3 * mm)
}

/**
 * The registration colour: a Separation named `All`, which a RIP puts on
 * every plate; its alternate paints 100 % of each process ink.
 */
function registrationColour(document: PDFDocument): PDFObject {
  const tint = document.addObject({FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1})
  return document.addObject([document.newName('Separation'), document.newName('All'), document.newName('DeviceCMYK'), tint])
}

/** Name the registration colour in the page's resources (a copy: resources may be shared). */
function addColourSpace(document: PDFDocument, page: PDFObject, colour: PDFObject): void {
  const inherited = page.getInheritable('Resources')
  const resources = document.newDictionary()
  if (inherited.isDictionary()) inherited.forEach((value, key) => resources.put(key, value))
  const spaces = document.newDictionary()
  const old = resources.get('ColorSpace')
  if (old.isDictionary()) old.forEach((value, key) => spaces.put(key, value))
  spaces.put('OffprintAll', colour)
  resources.put('ColorSpace', spaces)
  page.put('Resources', resources)
}

/** Hairline crop marks at the four corners of the trim box, as an artifact (not content). */
function cropMarks(box: Rect, bleed: number, colour: string): string {
  const [x0, y0, x1, y1] = box
  const from = markOffset(bleed)
  const to = from + markLength
  const lines: string[] = []
  for (const [x, dx] of [[x0, -1], [x1, 1]] as const) {
    for (const [y, dy] of [[y0, -1], [y1, 1]] as const) {
      lines.push(`${pdfNumber(x + dx * from)} ${pdfNumber(y)} m ${pdfNumber(x + dx * to)} ${pdfNumber(y)} l`)
      lines.push(`${pdfNumber(x)} ${pdfNumber(y + dy * from)} m ${pdfNumber(x)} ${pdfNumber(y + dy * to)} l`)
    }
  }
  // DeviceGray (`0 G`), not CMYK, in the digital PDF: PDF/A allows a device
  // space other than the output intent’s (sRGB) only for gray.
  return `/Artifact BMC\nq\n0.25 w 0 J ${colour}\n${lines.join('\n')}\nS\nQ\nEMC`
}

/** A number with at most 4 decimals, so the same sheet gives the same bytes. */
function pdfNumber(value: number): number {
  return Math.round(value * 10_000) / 10_000
}
