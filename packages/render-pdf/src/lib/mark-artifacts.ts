import {deflateSync} from 'node:zlib'
import type {PDFDocument} from 'mupdf'

/**
 * Mark as artifacts what Chromium leaves outside any tag: the `@page`
 * margin boxes (running heads, page numbers), rules and backgrounds. PDF/UA
 * wants all content either tagged or an artifact. MuPDF’s JavaScript build
 * has no content-stream editor, so this scans each page’s content operators
 * and wraps every run of unmarked painting in `/Artifact BMC … EMC`, opening
 * only where a graphics object may begin and closing within the same text
 * object. A page it cannot read (an inline image) is left as it is.
 */
export function markArtifacts(document: PDFDocument): void {
  for (let index = 0, count = document.countPages(); index < count; index++) {
    const contents = document.findPage(index).get('Contents')
    for (const stream of contents.isArray() ? Array.from({length: contents.length}, (_, at) => contents.get(at)) : [contents]) {
      if (!stream.isStream()) continue
      const text = Buffer.from(stream.readStream().asUint8Array()).toString('latin1')
      const marked = wrapUnmarked(text)
      if (marked !== undefined && marked !== text) {
        // Level 5: a few kB more than the default level, in half its time (the 30 ms budget).
        stream.writeRawStream(deflateSync(Buffer.from(marked, 'latin1'), {level: 5}))
        stream.put('Filter', document.newName('FlateDecode'))
        stream.delete('DecodeParms')
      }
    }
  }
}

const painting = new Set(['Tj', 'TJ', "'", '"', 'Do', 'sh', 'm', 're', 'BI'])
// Each begins on a line of its own: it may be inserted right after an operator.
const open = '\n/Artifact BMC\n'
const close = '\nEMC\n'

/** The content stream with unmarked painting wrapped as artifacts; undefined when unreadable. */
export function wrapUnmarked(text: string): string | undefined {
  // Each open marked-content sequence: whether it is a tag (has an MCID) or inside one, or an artifact.
  const stack: boolean[] = []
  let artifact: {depth: number; inText: boolean} | undefined
  let inText = false
  let out = ''
  let copied = 0
  let operands = 0
  const insert = (at: number, value: string) => {
    out += text.slice(copied, at) + value
    copied = at
  }
  for (let at = 0; at < text.length; ) {
    const char = text.charCodeAt(at)
    if (isSpace(char)) {
      at++
      continue
    }
    const start = at
    at = skipToken(text, at)
    if (at < 0) return undefined
    // Only a word (a letter or a quote first) can be an operator: operands are skipped unread.
    if (!isWordStart(char)) continue
    const token = text.slice(start, at)
    if (token === 'true' || token === 'false' || token === 'null') continue
    if (token === 'BDC' || token === 'BMC') {
      const tagged = /\/MCID\b/.test(text.slice(operands, start)) || /^\s*\/Artifact\b/.test(text.slice(operands, start))
      if (artifact && tagged) {
        insert(operands, close)
        artifact = undefined
      }
      stack.push(tagged || stack.at(-1) === true)
    } else if (token === 'EMC') {
      if (artifact && stack.length <= artifact.depth) {
        insert(start, close)
        artifact = undefined
      }
      stack.pop()
    } else if (token === 'BT' || token === 'ET') {
      if (artifact && artifact.inText === (token === 'ET')) {
        insert(operands, close)
        artifact = undefined
      }
      inText = token === 'BT'
    } else if (painting.has(token) && !artifact && stack.at(-1) !== true) {
      insert(operands, open)
      artifact = {depth: stack.length, inText}
    }
    if (token === 'BI') {
      // Inline image data is binary: not read here.
      return undefined
    }
    operands = at
  }
  if (artifact) {
    out += text.slice(copied) + close
    return out
  }
  return out + text.slice(copied)
}

function isSpace(char: number): boolean {
  return char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09 || char === 0x0c || char === 0x00
}

function isDelimiter(char: number): boolean {
  // ( ) < > [ ] { } / %
  return char === 0x28 || char === 0x29 || char === 0x3c || char === 0x3e || char === 0x5b || char === 0x5d || char === 0x7b || char === 0x7d || char === 0x2f || char === 0x25
}

function isWordStart(char: number): boolean {
  return (char >= 0x41 && char <= 0x5a) || (char >= 0x61 && char <= 0x7a) || char === 0x27 || char === 0x22
}

/** The end of the token at `at` (a string, hex string, dictionary bracket, name, comment or word); -1 if unterminated. */
function skipToken(text: string, at: number): number {
  const char = text.charCodeAt(at)
  if (char === 0x28) {
    let depth = 0
    for (let index = at; index < text.length; index++) {
      const c = text.charCodeAt(index)
      if (c === 0x5c) index++
      else if (c === 0x28) depth++
      else if (c === 0x29 && --depth === 0) return index + 1
    }
    return -1
  }
  if (char === 0x3c) {
    if (text.charCodeAt(at + 1) === 0x3c) return at + 2
    const end = text.indexOf('>', at)
    return end < 0 ? -1 : end + 1
  }
  if (char === 0x3e) return text.charCodeAt(at + 1) === 0x3e ? at + 2 : -1
  if (char === 0x5b || char === 0x5d || char === 0x7b || char === 0x7d) return at + 1
  if (char === 0x25) {
    const end = text.indexOf('\n', at)
    return end < 0 ? text.length : end + 1
  }
  let index = at + 1
  while (index < text.length && !isSpace(text.charCodeAt(index)) && !isDelimiter(text.charCodeAt(index))) index++
  return index
}
