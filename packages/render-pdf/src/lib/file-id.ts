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
 * Write the hash of the file over its trailer's `/ID`. MuPDF keeps our first
 * part (the placeholder) and replaces the second with a fresh random one,
 * hex or a literal string of raw bytes; both become the hash of the file
 * with the ID blanked, written in place as ASCII of the same length (so no
 * offset moves).
 */
function withFileId(saved: Uint8Array): Uint8Array {
  const output = Buffer.from(saved)
  const from = Math.max(0, output.length - 2048)
  const id = idPattern.exec(output.toString('latin1', from))
  if (!id) throw new Error('Unexpected trailer without the file ID placeholder, expected MuPDF to keep it')
  const first = from + id.index + id[0].indexOf(idPlaceholder)
  const second = id[2]!
  const secondAt = from + id.index + id[0].lastIndexOf(second) + 1
  const width = second.length - 2
  output.write('0'.repeat(width), secondAt, 'latin1')
  const digest = createHash('sha256').update(output).digest('hex').repeat(Math.ceil(width / 64) + 1)
  output.write(digest.slice(0, idPlaceholder.length), first, 'latin1')
  output.write(digest.slice(0, width).toUpperCase(), secondAt, 'latin1')
  const documentId = output.indexOf(documentIdPlaceholder, 0, 'latin1')
  if (documentId !== -1) {
    const hex = digest.slice(32, 64)
    output.write(`uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`, documentId, 'latin1')
  }
  return new Uint8Array(output.buffer, output.byteOffset, output.byteLength)
}
