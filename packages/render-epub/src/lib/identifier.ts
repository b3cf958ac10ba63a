import {createHash} from 'node:crypto'
import type {PaperMeta} from '@offprint/parse'

/** RFC 4122 name-based UUID (version 5, SHA-1) in the URL namespace. */
export function uuidV5(name: string): string {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex')
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * A stable identifier for the book: its DOI when it has one, else a UUID
 * derived from the series and the paper's slug, never a random one, so a
 * rebuild is the same book to every reader's library.
 */
export function bookIdentifier(meta: PaperMeta, slug: string): string {
  if (meta.doi) return `urn:doi:${meta.doi}`
  return `urn:uuid:${uuidV5(`offprint:${meta.series?.name ?? ''}/${slug}`)}`
}

/**
 * The print edition's identifier, for the EPUB's `pageBreakSource`: the
 * paper's DOI when it has one (it names the work in both editions), else a
 * UUID derived, as the book's is, from the series and the PDF's file name.
 */
export function printIdentifier(meta: PaperMeta, slug: string): string {
  if (meta.doi) return `urn:doi:${meta.doi}`
  return `urn:uuid:${uuidV5(`offprint:${meta.series?.name ?? ''}/${slug}.pdf`)}`
}
