import type {PDFDocument, PDFObject} from 'mupdf'

const mm = 72 / 25.4
const markLength = 5 * mm

/**
 * Grow every page’s sheet around its unchanged trim box by the bleed (and
 * room for crop marks), with `TrimBox` and `BleedBox`. The page’s contents
 * are wrapped in `q … Q` so the marks drawn after them start from a clean
 * graphics state; pages of one size share the closing stream.
 */
export function writePrintBoxes(document: PDFDocument, bleed: number, marks: boolean): void {
  const open = document.addStream('q', {})
  const closers = new Map<string, PDFObject>()
  for (let index = 0, count = document.countPages(); index < count; index++) {
    const page = document.findPage(index)
    const box = page.getInheritable('MediaBox')
    const contents = page.get('Contents')
    if (!box.isArray() || box.length !== 4 || contents.isNull()) continue
    const rect = [0, 1, 2, 3].map((at) => box.get(at).asNumber()) as [number, number, number, number]
    const key = rect.join(' ')
    let close = closers.get(key)
    if (close === undefined) {
      close = document.addStream('Q' + (marks ? '\n' + cropMarks(rect, bleed) : ''), {})
      closers.set(key, close)
    }
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

/** Hairline crop marks at the four corners of the trim box, as an artifact (not content). */
function cropMarks(box: [number, number, number, number], bleed: number): string {
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
  // DeviceGray, not CMYK: PDF/A allows a device space other than the output intent’s (sRGB) only for gray.
  return `/Artifact BMC\nq\n0.25 w 0 J 0 G\n${lines.join('\n')}\nS\nQ\nEMC`
}

/** A number with at most 4 decimals, so the same sheet gives the same bytes. */
function pdfNumber(value: number): number {
  return Math.round(value * 10_000) / 10_000
}
