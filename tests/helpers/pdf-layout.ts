import {execFileSync} from 'node:child_process'

// Where things sit on a printed page: words with their boxes (pdftotext
// -bbox), grouped into lines, and the page's pixels for what is drawn, not
// written (rules, figures' shapes).

export interface Word {
  page: number
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}
export interface Page {
  width: number
  height: number
  words: Word[]
}

/** Every word of the PDF with its box, in points from the page's top left. */
export function pages(pdf: string): Page[] {
  const xml = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
  const result: Page[] = []
  for (const [, width, height, body] of xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const page = result.length + 1
    const words = [...body!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
      ([, xMin, yMin, xMax, yMax, text]) => ({page, text: decode(text!), xMin: Number(xMin), yMin: Number(yMin), xMax: Number(xMax), yMax: Number(yMax)})
    )
    result.push({width: Number(width), height: Number(height), words})
  }
  return result
}

function decode(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
}

/** Words grouped into lines (same baseline band), top to bottom. */
export function lines(words: Word[]): Word[][] {
  const sorted = [...words].sort((a, b) => a.yMax - b.yMax || a.xMin - b.xMin)
  const result: Word[][] = []
  for (const word of sorted) {
    const line = result.at(-1)
    if (line && Math.abs(line[0]!.yMax - word.yMax) < 2) line.push(word)
    else result.push([word])
  }
  return result.map((line) => line.sort((a, b) => a.xMin - b.xMin))
}

/** The page as 8-bit grey pixels at `dpi` (pdftoppm's PGM). */
export function grey(pdf: string, page: number, dpi: number): {width: number; height: number; at: (x: number, y: number) => number} {
  const bytes = execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), pdf], {maxBuffer: 256 * 1024 * 1024})
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'))!
  const width = Number(header[1])
  const offset = header[0].length
  return {width, height: Number(header[2]), at: (x, y) => bytes[offset + Math.round(y) * width + Math.round(x)]!}
}

