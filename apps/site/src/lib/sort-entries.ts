import type {CatalogEntry} from './render-catalog.js'

/**
 * Catalog order: newest date first, then the higher series number, then title,
 * then slug so that equal entries still come out the same way every build.
 * Undated and unnumbered papers go after the dated and numbered ones.
 */
export function sortEntries(entries: ReadonlyArray<CatalogEntry>, lang = 'en'): CatalogEntry[] {
  // Numeric collation: “No. 9” before “No. 10”, and “14a” after “14”.
  const numbers = new Intl.Collator('en', {numeric: true})
  const titles = new Intl.Collator(lang, {sensitivity: 'base'})
  return [...entries].sort(
    (a, b) =>
      descending(a.meta.date, b.meta.date, (x, y) => (x < y ? -1 : x > y ? 1 : 0)) ||
      descending(a.meta.series?.number, b.meta.series?.number, (x, y) => numbers.compare(String(x), String(y))) ||
      titles.compare(a.meta.title, b.meta.title) ||
      (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)
  )
}

function descending<T>(a: T | undefined, b: T | undefined, compare: (a: T, b: T) => number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1
  return compare(b, a)
}
