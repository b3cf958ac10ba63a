import type {Element} from 'xast'
import type {FeedOptions} from './atom-feed.js'
import {mediaType} from './atom-feed.js'
import {atomDate, entryId, linkTo, newestDate} from './feed-links.js'
import type {CatalogEntry} from './render-catalog.js'
import {sortEntries} from './sort-entries.js'
import {x, xmlDocument} from './xml.js'

const acquisitionFeed = 'application/atom+xml;profile=opds-catalog;kind=acquisition'

/**
 * The series as an OPDS 1.2 acquisition feed, `opds.xml`, for the catalogs
 * of ebook readers: each paper with its authors, summary, language (Dublin
 * Core), its cover as an image, and acquisition links to its EPUB and PDF.
 */
export function opdsFeed(entries: ReadonlyArray<CatalogEntry>, options: FeedOptions): string {
  const {url} = options
  const sorted = sortEntries(entries, options.lang ?? 'en')
  const feed = x(
    'feed',
    {xmlns: 'http://www.w3.org/2005/Atom', 'xmlns:dc': 'http://purl.org/dc/terms/', 'xmlns:opds': 'http://opds-spec.org/2010/catalog', 'xml:lang': options.lang ?? 'en'},
    [
      x('id', {}, url ? linkTo('opds.xml', url) : 'urn:offprint:opds:' + encodeURIComponent(options.title)),
      x('title', {}, options.title),
      x('updated', {}, newestDate(sorted)),
      options.publisher ? x('author', {}, x('name', {}, options.publisher)) : undefined,
      x('link', {rel: 'self', type: acquisitionFeed, href: linkTo('opds.xml', url)}),
      x('link', {rel: 'start', type: acquisitionFeed, href: linkTo('opds.xml', url)}),
      x('link', {rel: 'alternate', type: 'text/html', href: linkTo('index.html', url)}),
      ...sorted.map((entry) => opdsEntry(entry, url, options.publisher))
    ]
  )
  return xmlDocument(feed)
}

function opdsEntry(entry: CatalogEntry, url: string | undefined, publisher: string | undefined): Element {
  const {meta} = entry
  const authors = meta.authors.length > 0 ? meta.authors.map((author) => author.name) : [meta.publisher ?? publisher ?? 'Anonymous']
  const acquisitions = entry.files
    .filter((file) => file.format === 'epub' || file.format === 'pdf')
    .map((file) => x('link', {rel: 'http://opds-spec.org/acquisition', type: mediaType(file.format), href: linkTo(file.href, url)}))
  const page = entry.files.find((file) => file.format === 'html')
  return x('entry', {}, [
    x('id', {}, entryId(entry, url)),
    x('title', {}, meta.title),
    x('updated', {}, atomDate(meta.date, '1970-01-01T00:00:00Z')),
    ...authors.map((name) => x('author', {}, x('name', {}, name))),
    x('dc:language', {}, meta.lang),
    meta.date ? x('dc:issued', {}, meta.date) : undefined,
    meta.publisher ? x('dc:publisher', {}, meta.publisher) : undefined,
    meta.doi ? x('dc:identifier', {}, 'https://doi.org/' + meta.doi) : undefined,
    meta.abstract ? x('summary', {}, meta.abstract.replace(/\s+/g, ' ').trim()) : undefined,
    ...meta.keywords.map((keyword) => x('category', {term: keyword, label: keyword})),
    ...(entry.cover
      ? [
          x('link', {rel: 'http://opds-spec.org/image', type: entry.cover.type, href: linkTo(entry.cover.href, url)}),
          x('link', {rel: 'http://opds-spec.org/image/thumbnail', type: entry.cover.type, href: linkTo(entry.cover.href, url)})
        ]
      : []),
    ...acquisitions,
    page ? x('link', {rel: 'alternate', type: 'text/html', href: linkTo(page.href, url)}) : undefined
  ])
}
