import type {PDFDocument, PDFObject} from 'mupdf'

/** Document information written into the PDF (`pdfinfo` shows it). */
export interface PdfMetadata {
  /** Title. Default: the document’s `<title>`, as Chromium wrote it. */
  title?: string | undefined
  /** Authors, joined with `, `. Default: the document’s `<meta name="author">`. */
  author?: string | undefined
  /**
   * Each author on its own, for XMP `dc:creator` (one entry per author).
   * Default: `[author]` when `author` is set.
   */
  authors?: ReadonlyArray<string> | undefined
  /** Subject, for a paper its abstract. Default: `<meta name="description">`. */
  subject?: string | undefined
  /** Keywords, comma-separated. Default: `<meta name="keywords">`. */
  keywords?: string | undefined
  /** The application that made the source. Default: `Offprint`. */
  creator?: string | undefined
  /** Document language, BCP 47. Default: the `lang` of `<html>` (Chromium writes it). */
  lang?: string | undefined
  /** Related works (the paper's editions in other languages), as URLs: XMP `dc:relation`. Default: the document's `<link rel="alternate" hreflang>`. */
  relations?: ReadonlyArray<string> | undefined
}

/** What the Info dictionary and the XMP packet both say, resolved once so they agree. */
export interface ResolvedInfo {
  title: string | undefined
  author: string | undefined
  authors: ReadonlyArray<string>
  subject: string | undefined
  keywords: string | undefined
  creator: string
  producer: string | undefined
  lang: string | undefined
  relations: ReadonlyArray<string>
  /** ISO 8601 in UTC, `2026-01-01T00:00:00Z`. */
  created: string | undefined
  modified: string | undefined
}

/**
 * Rewrite the Info dictionary: our fields, Chromium’s Producer, and the
 * dates pinned to `sourceDateEpoch` (else Chromium’s clock). Sets the
 * catalog’s `/Lang` when given. Returns what was written.
 */
export function writeDocumentInfo(document: PDFDocument, metadata: PdfMetadata, sourceDateEpoch: number | undefined): ResolvedInfo {
  const trailer = document.getTrailer()
  let info = trailer.get('Info')
  const old = (key: string) => (info.isDictionary() && info.get(key).isString() ? info.get(key).asString() : undefined)
  const pinned = sourceDateEpoch === undefined ? undefined : new Date(sourceDateEpoch * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
  const created = pinned ?? isoDate(old('CreationDate'))
  const author = metadata.author || undefined
  const resolved: ResolvedInfo = {
    title: metadata.title ?? old('Title'),
    author,
    authors: metadata.authors && metadata.authors.length > 0 ? metadata.authors : author ? [author] : [],
    subject: metadata.subject || undefined,
    keywords: metadata.keywords || undefined,
    creator: metadata.creator ?? 'Offprint',
    producer: old('Producer'),
    lang: metadata.lang || languageOf(document),
    relations: metadata.relations ?? [],
    created,
    modified: pinned ?? isoDate(old('ModDate')) ?? created
  }
  if (!info.isDictionary()) {
    info = document.addObject(document.newDictionary())
    trailer.put('Info', info)
  }
  const fresh = document.newDictionary()
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) fresh.put(key, document.newString(value))
  }
  put('Title', resolved.title)
  put('Author', resolved.author)
  put('Subject', resolved.subject)
  put('Keywords', resolved.keywords)
  put('Creator', resolved.creator)
  put('Producer', resolved.producer)
  put('CreationDate', pdfDate(resolved.created))
  put('ModDate', pdfDate(resolved.modified))
  for (const key of keysOf(info)) info.delete(key)
  fresh.forEach((value, key) => info.put(key, value))
  if (metadata.lang) document.getTrailer().get('Root').put('Lang', document.newString(metadata.lang))
  return resolved
}

function languageOf(document: PDFDocument): string | undefined {
  const lang = document.getTrailer().get('Root', 'Lang')
  return lang.isString() ? lang.asString() || undefined : undefined
}

function keysOf(dictionary: PDFObject): string[] {
  const keys: string[] = []
  dictionary.forEach((_, key) => keys.push(String(key)))
  return keys
}

/** `D:20260101000000+00'00'` (or `Z`, or a zone) → `2026-01-01T00:00:00Z`. */
export function isoDate(value: string | undefined): string | undefined {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([+-])(\d{2})'?(\d{2})?'?|Z)?/.exec(value ?? '')
  if (!match) return undefined
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', sign, zoneHours = '00', zoneMinutes = '00'] = match
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second))
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes)) * 60_000 : 0
  return new Date(local - offset).toISOString().replace(/\.\d+Z$/, 'Z')
}

/** `2026-01-01T00:00:00Z` → `D:20260101000000+00'00'`. */
function pdfDate(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : `D:${iso.replace(/[-:TZ]/g, '')}+00'00'`
}
