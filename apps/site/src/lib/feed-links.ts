import type {CatalogEntry} from './render-catalog.js'

/**
 * Where a file of the series is: absolute under the series URL (feeds are
 * read away from the site: feed readers, ebook apps, search engines), else
 * relative to the feed, beside it.
 */
export function linkTo(path: string, url: string | undefined): string {
  const relative = path.split('/').map(encodeURIComponent).join('/')
  return url ? new URL(relative, url.endsWith('/') ? url : url + '/').href : relative
}

/** A paper's permanent id: its DOI, else its page under the series URL, else a URN of its slug. */
export function entryId(entry: CatalogEntry, url: string | undefined): string {
  if (entry.meta.doi) return 'https://doi.org/' + entry.meta.doi
  if (url) return linkTo(`${entry.slug}.html`, url)
  return `urn:offprint:paper:${encodeURIComponent(entry.slug)}`
}

/** An Atom date for a paper's `YYYY-MM-DD` (midnight UTC); papers without one are dated by `fallback`. */
export function atomDate(date: string | undefined, fallback: string): string {
  return date ? `${date}T00:00:00Z` : fallback
}

/** The newest paper's date, the feed's `updated`; the Unix epoch when no paper has one (never the clock: reproducible). */
export function newestDate(entries: ReadonlyArray<CatalogEntry>): string {
  const dates = entries.map((entry) => entry.meta.date).filter((date): date is string => date !== undefined).sort()
  return atomDate(dates.at(-1), '1970-01-01T00:00:00Z')
}
