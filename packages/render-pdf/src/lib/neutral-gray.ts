import type {PDFDocument, PDFObject} from 'mupdf'

/**
 * `r r r rg` (or `RG`): an RGB colour with three equal components, a neutral
 * from black to white, as Skia writes it (one operator sequence per line,
 * glyphs in hex strings, no inline images).
 */
const neutral = /(?<=^|[ \n\r])(-?(?:\d+\.?\d*|\.\d+)) \1 \1 (rg|RG)(?=[ \n\r]|$)/g

/**
 * Say the neutral colours Chromium painted in DeviceRGB (black and grey text,
 * rules) in DeviceGray instead, the same value with one component: the
 * colour converter then sends them to the black plate alone (Ghostscript's
 * `DeviceGrayToK`) rather than to a rich black of all four inks, which a
 * press cannot keep in register under small type. This is a change of
 * colour space, not of colour (Prince's `use-true-black` does the same);
 * coloured paint, images and shadings are left for the colour engine.
 * Returns how many operators were rewritten.
 */
export function grayNeutrals(document: PDFDocument): number {
  let count = 0
  const seen = new Set<number>()
  const rewrite = (stream: PDFObject) => {
    if (!stream.isStream()) return
    const key = stream.isIndirect() ? stream.asIndirect() : -1
    if (key !== -1 && seen.has(key)) return
    seen.add(key)
    const text = Buffer.from(stream.readStream().asUint8Array()).toString('latin1')
    const result = text.replace(neutral, (_, value: string, operator: string) => {
      count++
      return `${value} ${operator === 'RG' ? 'G' : 'g'}`
    })
    if (result !== text) stream.writeStream(Buffer.from(result, 'latin1'))
    forms(stream.get('Resources')).forEach(rewrite)
  }
  for (let index = 0, total = document.countPages(); index < total; index++) {
    const page = document.findPage(index)
    const contents = page.get('Contents')
    if (contents.isArray()) contents.forEach(rewrite)
    else rewrite(contents)
    forms(page.getInheritable('Resources')).forEach(rewrite)
  }
  return count
}

/** The form XObjects a resource dictionary names. */
function forms(resources: PDFObject): PDFObject[] {
  const found: PDFObject[] = []
  const objects = resources.isDictionary() ? resources.get('XObject') : undefined
  objects?.forEach((object) => {
    if (object.isStream() && object.get('Subtype').asName() === 'Form') found.push(object)
  })
  return found
}
