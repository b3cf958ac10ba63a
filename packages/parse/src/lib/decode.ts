import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {report} from './report.js'
import {pointInText} from './source-points.js'

/** The text of the file, or undefined (with an error) when it is not a paper. */
export function decode(file: VFile, maxBytes: number): string | undefined {
  const value = file.value
  const size = typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength
  if (size > maxBytes) {
    report(file, {
      reason: `Unexpected file of ${(size / 1048576).toFixed(1)} MiB, expected a paper of at most ${(maxBytes / 1048576).toFixed(1)} MiB`,
      ruleId: 'input-too-large',
      severity: 'error'
    })
    return undefined
  }
  const text = typeof value === 'string' ? value : new TextDecoder('utf-8', {ignoreBOM: true}).decode(value)
  const bad = binaryAt(text, value)
  if (bad) {
    report(file, {
      reason: `Unexpected ${bad.what}, expected UTF-8 markdown text`,
      ruleId: 'input-binary',
      severity: 'error',
      place: bad.place
    })
    return undefined
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * The first NUL, or the first byte that is not UTF-8, and its line and
 * column: an editor can go there. The lenient decoder turns a bad byte into
 * U+FFFD; one whose bytes in the file are not EF BF BD was such a byte.
 */
function binaryAt(text: string, value: string | Uint8Array): {what: string; place: Point} | undefined {
  const bytes = typeof value === 'string' ? undefined : value
  const encoder = new TextEncoder()
  let offset = 0 // bytes before `index`, advanced lazily
  let counted = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code !== 0 && code !== 0xfffd) continue
    if (code === 0xfffd) {
      if (!bytes) continue
      offset += encoder.encode(text.slice(counted, index)).length
      counted = index
      if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue
    }
    const {line, column} = pointInText(text, index)
    const place = {line, column}
    return {what: code === 0 ? 'NUL byte (binary content)' : `byte 0x${bytes![offset]!.toString(16).padStart(2, '0')} that is not UTF-8 (binary content)`, place}
  }
  return undefined
}
