import type {CatalogEntry} from './render-catalog.js'
import {linkTo} from './feed-links.js'
import {x, xmlDocument} from './xml.js'

/**
 * `sitemap.xml` (sitemaps.org 0.9): the catalog and each paper's page,
 * with its date. A sitemap needs absolute URLs: without the series URL
 * the locations are relative, and the caller warns.
 */
export function sitemap(entries: ReadonlyArray<CatalogEntry>, url: string | undefined): string {
  const pages = [...entries]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .flatMap((entry) => entry.files.filter((file) => file.format === 'html').map((file) => ({href: file.href, date: entry.meta.date})))
  const urlset = x('urlset', {xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9'}, [
    x('url', {}, x('loc', {}, linkTo('index.html', url))),
    ...pages.map((page) => x('url', {}, [x('loc', {}, linkTo(page.href, url)), page.date ? x('lastmod', {}, page.date) : undefined]))
  ])
  return xmlDocument(urlset)
}
