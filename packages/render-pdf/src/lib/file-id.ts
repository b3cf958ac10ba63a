import {createHash} from 'node:crypto'
import type {PDFDocument} from 'mupdf'

/** Held until the hash of the saved file replaces it (same length, so no offset moves). */
const idPlaceholder = 'offprint-file-id-to-be-replaced!'
const idPattern = new RegExp(String.raw`/ID\s*\[\s*\((${idPlaceholder})\)\s*(<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\)])*\))\s*\]`)

/**
 * Written into the XMP packet (uncompressed) where the `xmpMM:DocumentID`
 * goes, for `saveWithFileId` to replace with a UUID from the same hash.
 */
export const documentIdPlaceholder = 'uuid:offprint-document-id-to-be-replaced!'

/**
 * Save the document whole with a trailer `/ID` that is the hash of the file
 * itself (and any `documentIdPlaceholder` a UUID from it), so the same input
 * gives the same bytes. `options` are MuPDF's (`garbage` drops what no one
 * refers to any more). Default: none.
 */
export function saveWithFileId(document: PDFDocument, options = ''): Uint8Array {
  const id = document.newString(idPlaceholder)
  document.getTrailer().put('ID', [id, id])
  return withFileId(document.saveToBuffer(options).asUint8Array())
}

/**
 * Write the hash of the file as its trailer's `/ID`. MuPDF keeps our first
 * part (the placeholder) but replaces the second with fresh random bytes,
 * written as hex or as a literal string whose length depends on the bytes
 * (escapes), so the file's length and layout changed from one save to the
 * next. The whole `/ID` is rewritten in one form, both parts the first 16
 * bytes of the SHA-256 of the file with the ID zeroed, in hex. The trailer
 * follows the cross-reference table, so no offset moves. A
 * `documentIdPlaceholder` (same length as a UUID URN) becomes a UUID from
 * the rest of that hash, in place.
 */
function withFileId(saved: Uint8Array): Uint8Array {
  const from = Math.max(0, saved.length - 2048)
  const tail = Buffer.from(saved.buffer, saved.byteOffset + from, saved.length - from).toString('latin1')
  const id = idPattern.exec(tail)
  if (!id) throw new Error('Unexpected trailer without the file ID placeholder, expected MuPDF to keep it')
  const start = from + id.index
  const xref = /startxref\s+(\d+)/.exec(tail.slice(id.index))
  if (!xref || Number(xref[1]) >= start) throw new Error('Unexpected file ID before the cross-reference table, expected it in the trailer')
  const zeros = '0'.repeat(32)
  const form = (hex: string) => `/ID[<${hex}><${hex}>]`
  const output = Buffer.concat([Buffer.from(saved.subarray(0, start)), Buffer.from(form(zeros), 'latin1'), Buffer.from(saved.subarray(start + id[0].length))])
  const digest = createHash('sha256').update(output).digest('hex')
  output.write(form(digest.slice(0, 32).toUpperCase()), start, 'latin1')
  const documentId = output.indexOf(documentIdPlaceholder, 0, 'latin1')
  if (documentId !== -1) {
    const hex = digest.slice(32, 64)
    output.write(`uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`, documentId, 'latin1')
  }
  return new Uint8Array(output.buffer, output.byteOffset, output.byteLength)
}
