import {
  appendUpdate,
  numbers,
  objectDictionary,
  pageObjects,
  pdfNumber,
  readPdf,
  reference,
  textString,
  type PdfFile,
  type PdfObject
} from './pdf-objects.js'

/** Document information written into the PDF (`pdfinfo` shows it). */
export interface PdfMetadata {
  /** Title. Default: the document’s `<title>`, as Chromium wrote it. */
  title?: string | undefined
  /** Authors, joined with `, `. Default: the document’s `<meta name="author">`. */
  author?: string | undefined
  /** Subject, for a paper its abstract. Default: `<meta name="description">`. */
  subject?: string | undefined
  /** Keywords, comma-separated. Default: `<meta name="keywords">`. */
  keywords?: string | undefined
  /** The application that made the source. Default: `Offprint`. */
  creator?: string | undefined
  /** Document language, BCP 47. Default: the `lang` of `<html>` (Chromium writes it). */
  lang?: string | undefined
}

export interface FinishOptions {
  metadata?: PdfMetadata | undefined
  /** Seconds since 1970 for CreationDate and ModDate. Default: keep Chromium’s (now). */
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
}

const mm = 72 / 25.4

/**
 * Amend Chromium’s PDF without disturbing its tags or outline: pin the dates
 * and the structure IDs (rewritten in place, same length, so no offset
 * moves), then append an
 * incremental update with the full document information and, for print,
 * page boxes and crop marks. The same input gives the same bytes.
 */
export function finishPdf(bytes: Uint8Array, options: FinishOptions): Uint8Array {
  let pdf = readPdf(bytes)
  pdf = {...pdf, text: pinNodeIds(pdf.text)}
  if (options.sourceDateEpoch !== undefined) pdf = {...pdf, text: pinDates(pdf.text, options.sourceDateEpoch)}
  const root = reference(pdf.trailer, 'Root')
  const info = reference(pdf.trailer, 'Info')
  if (root === undefined || info === undefined) throw new Error('Unexpected PDF without /Root or /Info')
  let next = Math.max(...pdf.offsets.keys()) + 1
  const objects: PdfObject[] = [{number: info, dictionary: infoDictionary(objectDictionary(pdf, info), options.metadata ?? {})}]

  const lang = options.metadata?.lang
  if (lang) {
    const catalog = objectDictionary(pdf, root)
    const value = '/Lang ' + textString(lang)
    const updated = /\/Lang\s*(\((?:\\.|[^\\)])*\)|<[^>]*>)/.test(catalog) ? catalog.replace(/\/Lang\s*(\((?:\\.|[^\\)])*\)|<[^>]*>)/, value) : catalog.replace(/>>$/, `\n${value}>>`)
    if (updated !== catalog) objects.push({number: root, dictionary: updated})
  }

  if (options.headings && options.headings.length > 0) objects.push(...outlineTitles(pdf, root, options.headings))

  const bleed = options.bleed ?? 0
  if (bleed > 0 || options.marks) {
    const open = next++
    objects.push({number: open, dictionary: '<<>>', stream: 'q'})
    const closers = new Map<string, number>()
    for (const page of pageObjects(pdf)) {
      const dictionary = objectDictionary(pdf, page)
      const box = numbers(dictionary, 'MediaBox')
      const contents = reference(dictionary, 'Contents')
      if (!box || box.length !== 4 || contents === undefined) continue
      const key = box.join(' ')
      let close = closers.get(key)
      if (close === undefined) {
        close = next++
        closers.set(key, close)
        objects.push({number: close, dictionary: '<<>>', stream: 'Q' + (options.marks ? '\n' + cropMarks(box, bleed) : '')})
      }
      objects.push({number: page, dictionary: withBoxes(dictionary, box, bleed, Boolean(options.marks), [open, contents, close])})
    }
  }
  return appendUpdate(pdf, objects, {root, info})
}

/** Rewrite CreationDate and ModDate in place, in UTC, keeping each value’s length. */
function pinDates(text: string, epoch: number): string {
  const stamp = new Date(epoch * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14)
  return text.replace(/\/(CreationDate|ModDate)(\s*)\(D:(\d{14})([^)]*)\)/g, (whole, key: string, space: string, _time: string, zone: string) => {
    const utc = zone === '' || zone === 'Z' ? zone : "+00'00'".slice(0, zone.length)
    const replaced = `/${key}${space}(D:${stamp}${utc})`
    return replaced.length === whole.length ? replaced : whole
  })
}

/**
 * Renumber the structure elements' IDs (`/ID (node00001098)`), which Chromium
 * takes from its renderer's count of DOM nodes, so depend on what the page
 * held before: in order, from 1, same width, so the same document gives the
 * same bytes whatever the renderer printed earlier. Only the places they are
 * written are touched: `/ID`, a table cell's `/Headers`, the ID tree's
 * `/Names` and `/Limits`.
 */
function pinNodeIds(text: string): string {
  const places = /\/(?:ID|Headers|Names|Limits)\s*(?:\(node\d{8}\)|\[[^\]]*\])/g
  const found = new Set<string>()
  for (const place of text.matchAll(places)) for (const id of place[0].matchAll(/\(node(\d{8})\)/g)) found.add(id[1]!)
  if (found.size === 0) return text
  const renumbered = new Map([...found].sort().map((id, index) => [id, String(index + 1).padStart(8, '0')]))
  return text.replace(places, (place) => place.replace(/\(node(\d{8})\)/g, (_, id: string) => `(node${renumbered.get(id)!})`))
}

/** The document information: our fields, Chromium’s Producer and dates. */
function infoDictionary(original: string, metadata: PdfMetadata): string {
  const raw = (key: string) => new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f]*>)`).exec(original)?.[1]
  const entries: string[] = []
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) entries.push(`/${key} ${value}`)
  }
  add('Title', metadata.title === undefined ? raw('Title') : textString(metadata.title))
  add('Author', metadata.author ? textString(metadata.author) : undefined)
  add('Subject', metadata.subject ? textString(metadata.subject) : undefined)
  add('Keywords', metadata.keywords ? textString(metadata.keywords) : undefined)
  add('Creator', textString(metadata.creator ?? 'Offprint'))
  add('Producer', raw('Producer'))
  add('CreationDate', raw('CreationDate'))
  add('ModDate', raw('ModDate') ?? raw('CreationDate'))
  return '<<' + entries.join('\n') + '>>'
}

/** Outline items whose title is a garbled heading, retitled with the heading. */
function outlineTitles(pdf: PdfFile, root: number, headings: ReadonlyArray<string>): PdfObject[] {
  const squash = (text: string) => text.replace(/\s+/g, '').toLowerCase()
  const byKey = new Map<string, string>()
  for (const heading of headings) {
    byKey.set(squash(heading), heading)
    byKey.set(squash(heading).repeat(2), heading)
  }
  const outlines = reference(objectDictionary(pdf, root), 'Outlines')
  const result: PdfObject[] = []
  const seen = new Set<number>()
  const walk = (first: number | undefined) => {
    for (let item = first; item !== undefined && !seen.has(item); ) {
      seen.add(item)
      const dictionary = objectDictionary(pdf, item)
      const title = /\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)/.exec(dictionary)
      const heading = title ? byKey.get(squash(decodeTextString(title[1]!))) : undefined
      if (title && heading !== undefined && textString(heading) !== title[1]) {
        result.push({number: item, dictionary: dictionary.replace(title[0], '/Title ' + textString(heading))})
      }
      walk(reference(dictionary, 'First'))
      item = reference(dictionary, 'Next')
    }
  }
  if (outlines !== undefined) walk(reference(objectDictionary(pdf, outlines), 'First'))
  return result
}

/** A PDF text string’s value: literal (escapes undone) or UTF-16BE hex. */
function decodeTextString(token: string): string {
  if (token.startsWith('<')) {
    const hex = token.slice(1, -1)
    const bytes = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex')
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le')
    return bytes.toString('latin1')
  }
  const literal = token.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, c: string) =>
    /^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8)) : ({n: '\n', r: '\r', t: '\t', b: '\b', f: '\f'} as Record<string, string>)[c] ?? c
  )
  const bytes = Buffer.from(literal, 'latin1')
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le')
  return literal
}

/** How far the sheet reaches beyond the trim: the bleed, and room for marks. */
function slug(bleed: number, marks: boolean): number {
  return marks ? markOffset(bleed) + markLength + 2 * mm : bleed
}

const markLength = 5 * mm

/** Crop marks start outside the bleed, so a trimmed sheet never shows them. */
function markOffset(bleed: number): number {
  return Math.max(bleed, 3 * mm)
}

/** The page dictionary with the sheet grown around its trim box, and wrapped contents. */
function withBoxes(dictionary: string, box: number[], bleed: number, marks: boolean, contents: [number, number, number]): string {
  const [x0, y0, x1, y1] = box as [number, number, number, number]
  const array = (grow: number) => `[${[x0 - grow, y0 - grow, x1 + grow, y1 + grow].map(pdfNumber).join(' ')}]`
  const sheet = array(slug(bleed, marks))
  const kept = dictionary.replace(/\/(MediaBox|CropBox|BleedBox|TrimBox|ArtBox)\s*\[[^\]]*\]\s*/g, '').replace(/\/Contents\s+\d+\s+\d+\s+R\s*/, '')
  return kept.replace(
    /^<</,
    `<</MediaBox ${sheet}\n/CropBox ${sheet}\n/BleedBox ${array(bleed)}\n/TrimBox ${array(0)}\n/Contents [${contents.map((n) => `${n} 0 R`).join(' ')}]\n`
  )
}

/** Hairline crop marks at the four corners of the trim box, as an artifact (not content). */
function cropMarks(box: number[], bleed: number): string {
  const [x0, y0, x1, y1] = box as [number, number, number, number]
  const from = markOffset(bleed)
  const to = from + markLength
  const lines: string[] = []
  for (const [x, dx] of [[x0, -1], [x1, 1]] as const) {
    for (const [y, dy] of [[y0, -1], [y1, 1]] as const) {
      lines.push(`${pdfNumber(x + dx * from)} ${pdfNumber(y)} m ${pdfNumber(x + dx * to)} ${pdfNumber(y)} l`)
      lines.push(`${pdfNumber(x)} ${pdfNumber(y + dy * from)} m ${pdfNumber(x)} ${pdfNumber(y + dy * to)} l`)
    }
  }
  return `/Artifact BMC\nq\n0.25 w 0 J 0 0 0 1 K\n${lines.join('\n')}\nS\nQ\nEMC`
}

/** `3mm`, `9pt`, `0.125in`, `0.3cm` in points; a bare number is millimetres. */
export function toPoints(length: string | number): number {
  if (typeof length === 'number') return length * mm
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mm|cm|pt|in|px)?\s*$/.exec(length)
  if (!match) throw new Error(`Unexpected length \`${length}\`, expected a number with mm, cm, pt or in`)
  const value = Number(match[1])
  const unit = match[2] ?? 'mm'
  return value * {mm, cm: 10 * mm, pt: 1, in: 72, px: 0.75}[unit]!
}

