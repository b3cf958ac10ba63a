import type {Element} from 'xast'
import type {CatalogEntry} from './render-catalog.js'
import {atomDate, entryId, linkTo, newestDate} from './feed-links.js'
import {sortEntries} from './sort-entries.js'
import {x, xmlDocument} from './xml.js'

export interface FeedOptions {
  /** The feed's title. Default: the series name. */
  title: string
  /** The series' home page: absolute links and ids. Default: none (links relative to the feed). */
  url?: string | undefined
  /** The publisher, the feed's author when a paper names none. Default: none. */
  publisher?: string | undefined
  /** Language of the catalog. Default: `en`. */
  lang?: string | undefined
}

/**
 * The series as an Atom feed (RFC 4287), `feed.xml`, newest first: each
 * paper with its id, title, date, authors, abstract and a link to its page,
 * PDF and EPUB.
 */
export function atomFeed(entries: ReadonlyArray<CatalogEntry>, options: FeedOptions): string {
  const {url} = options
  const sorted = sortEntries(entries, options.lang ?? 'en')
  const feed = x('feed', {xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': options.lang ?? 'en'}, [
    x('id', {}, url ? linkTo('feed.xml', url) : 'urn:offprint:feed:' + encodeURIComponent(options.title)),
    x('title', {}, options.title),
    x('updated', {}, newestDate(sorted)),
    // RFC 4287 §4.1.1: a feed has an author unless every entry does.
    options.publisher ? x('author', {}, x('name', {}, options.publisher)) : undefined,
    x('link', {rel: 'self', type: 'application/atom+xml', href: linkTo('feed.xml', url)}),
    x('link', {rel: 'alternate', type: 'text/html', href: linkTo('index.html', url)}),
    x('generator', {}, 'Offprint'),
    ...sorted.map((entry) => atomEntry(entry, url, options.publisher))
  ])
  return xmlDocument(feed)
}

function atomEntry(entry: CatalogEntry, url: string | undefined, publisher: string | undefined): Element {
  const {meta} = entry
  const updated = atomDate(meta.date, '1970-01-01T00:00:00Z')
  const authors = meta.authors.length > 0 ? meta.authors.map((author) => author.name) : [meta.publisher ?? publisher ?? 'Anonymous']
  const links = entry.files
    .filter((file) => file.format !== 'press')
    .map((file) => x('link', {rel: file.format === 'html' ? 'alternate' : 'enclosure', type: mediaType(file.format), href: linkTo(file.href, url), length: file.format === 'html' ? undefined : String(file.bytes)}))
  return x('entry', {'xml:lang': meta.lang}, [
    x('id', {}, entryId(entry, url)),
    x('title', {}, meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title),
    x('updated', {}, updated),
    meta.date ? x('published', {}, updated) : undefined,
    ...authors.map((name) => x('author', {}, x('name', {}, name))),
    ...links,
    meta.abstract ? x('summary', {}, meta.abstract.replace(/\s+/g, ' ').trim()) : undefined,
    ...meta.keywords.map((keyword) => x('category', {term: keyword})),
    meta.license ? x('rights', {}, meta.license) : undefined
  ])
}

export function mediaType(format: 'pdf' | 'epub' | 'html' | 'press'): string {
  return format === 'epub' ? 'application/epub+zip' : format === 'html' ? 'text/html' : 'application/pdf'
}
