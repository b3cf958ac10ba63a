import {createHash} from 'node:crypto'

/**
 * Just enough PDF to amend what Chromium (Skia) writes: a classic xref table,
 * uncompressed dictionaries, one trailer. Changes are appended as an
 * incremental update, so every original byte, the structure tree (the tags)
 * included, stays where it was: rewriting the file with a general PDF library
 * is what drops tags. Bytes are handled as latin1 strings, one char per byte.
 */
export interface PdfFile {
  /** The file as one latin1 string. */
  text: string
  /** Byte offset of each object, by number, from the xref table. */
  offsets: Map<number, number>
  /** The trailer dictionary, as written. */
  trailer: string
  /** Where the xref table starts (`startxref`). */
  xref: number
}

/** Parse the xref table and trailer; throws on files this module cannot amend. */
export function readPdf(bytes: Uint8Array): PdfFile {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)
  if (!start) throw new Error('Unexpected PDF without a final startxref, expected Chromium’s output')
  const xref = Number(start[1])
  const tail = text.slice(xref)
  if (!tail.startsWith('xref')) throw new Error('Unexpected cross-reference stream, expected a classic xref table')
  const end = tail.indexOf('trailer')
  if (end === -1) throw new Error('Unexpected xref table without a trailer')
  const offsets = new Map<number, number>()
  const tokens = tail.slice(4, end).trim().split(/\s+/)
  for (let index = 0; index + 1 < tokens.length; ) {
    const first = Number(tokens[index])
    const count = Number(tokens[index + 1])
    index += 2
    for (let entry = 0; entry < count; entry++, index += 3) {
      if (tokens[index + 2] === 'n') offsets.set(first + entry, Number(tokens[index]))
    }
  }
  const trailer = dictionaryAt(tail, tail.indexOf('<<', end))
  if (/\/Prev\s/.test(trailer)) throw new Error('Unexpected PDF with incremental updates, expected Chromium’s output')
  return {text, offsets, trailer, xref}
}

/** The dictionary (`<<…>>`) of object `number`, as written. */
export function objectDictionary(pdf: PdfFile, number: number): string {
  const offset = pdf.offsets.get(number)
  if (offset === undefined) throw new Error(`Unexpected reference to missing object ${number}`)
  const head = /^\s*\d+ \d+ obj\s*/.exec(pdf.text.slice(offset, offset + 32))
  if (!head) throw new Error(`Unexpected object header at ${offset}`)
  return dictionaryAt(pdf.text, offset + head[0].length)
}

/** The balanced `<<…>>` starting at `at` (strings and nested dictionaries skipped). */
function dictionaryAt(text: string, at: number): string {
  if (!text.startsWith('<<', at)) throw new Error(`Unexpected object at ${at}, expected a dictionary`)
  let depth = 0
  for (let index = at; index < text.length; index++) {
    const char = text[index]
    if (char === '(') index = skipString(text, index)
    else if (char === '<' && text[index + 1] === '<') {
      depth++
      index++
    } else if (char === '>' && text[index + 1] === '>') {
      depth--
      index++
      if (depth === 0) return text.slice(at, index + 1)
    }
  }
  throw new Error('Unexpected unterminated dictionary')
}

function skipString(text: string, at: number): number {
  let depth = 0
  for (let index = at; index < text.length; index++) {
    const char = text[index]
    if (char === '\\') index++
    else if (char === '(') depth++
    else if (char === ')' && --depth === 0) return index
  }
  return text.length
}

/** The object number a key refers to (`/Root 111 0 R` → 111), if any. */
export function reference(dictionary: string, key: string): number | undefined {
  const match = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dictionary)
  return match ? Number(match[1]) : undefined
}

/** The numbers of a dictionary key's array (`/MediaBox [0 0 595 842]`). */
export function numbers(dictionary: string, key: string): number[] | undefined {
  const match = new RegExp(`/${key}\\s*\\[([^\\]]*)\\]`).exec(dictionary)
  return match ? match[1]!.trim().split(/\s+/).map(Number) : undefined
}

/** Every page object, in order, walking the page tree from the catalog. */
export function pageObjects(pdf: PdfFile): number[] {
  const root = reference(pdf.trailer, 'Root')
  const pages = root === undefined ? undefined : reference(objectDictionary(pdf, root), 'Pages')
  const result: number[] = []
  const walk = (number: number, depth: number) => {
    const dictionary = objectDictionary(pdf, number)
    if (/\/Type\s*\/Page\b(?!s)/.test(dictionary)) {
      result.push(number)
      return
    }
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dictionary)?.[1] ?? ''
    if (depth > 32) throw new Error('Unexpected page tree deeper than 32 levels')
    for (const kid of kids.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(kid[1]), depth + 1)
  }
  if (pages !== undefined) walk(pages, 0)
  return result
}

/** A PDF text string: literal when plain ASCII, else UTF-16BE with a byte order mark. */
export function textString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return '(' + value.replace(/[\\()]/g, (c) => '\\' + c) + ')'
  let hex = 'FEFF'
  for (let index = 0; index < value.length; index++) hex += value.charCodeAt(index).toString(16).padStart(4, '0').toUpperCase()
  return '<' + hex + '>'
}

/** A PDF number with at most 4 decimals and no exponent. */
export function pdfNumber(value: number): string {
  return String(Math.round(value * 10_000) / 10_000)
}

/** An object to write: a dictionary, or a dictionary with a stream. */
export interface PdfObject {
  number: number
  dictionary: string
  stream?: string | undefined
}

/**
 * Append objects (new, or new versions of old ones) as an incremental update
 * with its own xref section and a trailer pointing back at the original. The
 * trailer gets an `/ID` derived from the content, never from the clock.
 */
export function appendUpdate(pdf: PdfFile, objects: ReadonlyArray<PdfObject>, trailer: {root: number; info: number}): Uint8Array {
  let body = pdf.text.endsWith('\n') ? '' : '\n'
  const written = new Map<number, number>()
  for (const object of [...objects].sort((a, b) => a.number - b.number)) {
    written.set(object.number, pdf.text.length + body.length)
    const dictionary = object.stream === undefined ? object.dictionary : object.dictionary.replace(/>>$/, `\n/Length ${object.stream.length}>>`)
    body += `${object.number} 0 obj\n${dictionary}\n` + (object.stream === undefined ? '' : `stream\n${object.stream}\nendstream\n`) + 'endobj\n'
  }
  const xrefAt = pdf.text.length + body.length
  let xref = 'xref\n'
  const sorted = [...written.keys()]
  for (let index = 0; index < sorted.length; ) {
    let end = index
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++
    xref += `${sorted[index]} ${end - index + 1}\n`
    for (let at = index; at <= end; at++) xref += `${String(written.get(sorted[at]!)).padStart(10, '0')} 00000 n \n`
    index = end + 1
  }
  const size = Math.max(...pdf.offsets.keys(), ...written.keys()) + 1
  const id = createHash('sha256').update(pdf.text, 'latin1').update(body, 'latin1').digest('hex').slice(0, 32).toUpperCase()
  const trailerText = `trailer\n<</Size ${size}\n/Root ${trailer.root} 0 R\n/Info ${trailer.info} 0 R\n/ID [<${id}> <${id}>]\n/Prev ${pdf.xref}>>\nstartxref\n${xrefAt}\n%%EOF\n`
  return new Uint8Array(Buffer.from(pdf.text + body + xref + trailerText, 'latin1'))
}
