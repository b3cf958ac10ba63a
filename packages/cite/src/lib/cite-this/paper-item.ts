import type {Author, PaperMeta} from '@offprint/parse'
import {cjk} from '@offprint/parse/scripts'
import type {CslItem} from '../citations/types.js'

export interface PaperItemOptions {
  /** The paper's slug: the item's id, and its page's name (`<slug>.html`). */
  slug: string
  /**
   * The series' home page (`series.url`), under which the paper's page is
   * published as `<slug>.html`. Default: none (the item has no URL).
   */
  url?: string | undefined
}

/**
 * The paper itself as a CSL-JSON item (a `report` in its series), the one
 * description its citation files and its “Cite as” line are made from.
 */
export function paperItem(meta: PaperMeta, options: PaperItemOptions): CslItem {
  const item: CslItem = {id: options.slug, type: 'report', title: meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title}
  if (meta.authors.length > 0) item['author'] = meta.authors.map((author) => personName(author, meta.lang))
  const parts = meta.date?.split('-').map(Number)
  if (parts) item['issued'] = {'date-parts': [parts]}
  if (meta.publisher) item['publisher'] = meta.publisher
  if (meta.series) item['collection-title'] = meta.series.name
  if (meta.series?.number !== undefined) item['number'] = String(meta.series.number)
  if (meta.series?.issn) item['ISSN'] = meta.series.issn
  if (meta.doi) item['DOI'] = meta.doi
  const url = paperUrl(options.slug, options.url)
  if (url) item['URL'] = url
  item['language'] = meta.lang
  if (meta.abstract) item['abstract'] = meta.abstract.replace(/\s+/g, ' ')
  // citation-js splits CSL's one keyword string at commas (RIS KW, BibTeX keywords).
  if (meta.keywords.length > 0) item['keyword'] = meta.keywords.join(',')
  if (meta.license) item['license'] = meta.license
  return item
}

/** `<series url>/<slug>.html`, or undefined without a series URL. */
export function paperUrl(slug: string, seriesUrl: string | undefined, extension = 'html'): string | undefined {
  if (!seriesUrl) return undefined
  return new URL(`${encodeURIComponent(slug)}.${extension}`, seriesUrl.endsWith('/') ? seriesUrl : seriesUrl + '/').href
}

/**
 * A name as CSL wants it. Written in one string, so split here: the last
 * word is the family name (`Miriam Achterberg`), except in Japanese,
 * Chinese and Korean, written family name first (`山田 花子`). A single word
 * stays literal (an institution).
 */
export function personName(author: Author, lang: string): {family: string; given?: string} | {literal: string} {
  const words = author.name.trim().split(/\s+/)
  if (words.length < 2) return {literal: author.name.trim()}
  if (/^(ja|zh|ko)\b/i.test(lang) && cjk.test(author.name)) {
    return {family: words[0]!, given: words.slice(1).join(' ')}
  }
  return {family: words.at(-1)!, given: words.slice(0, -1).join(' ')}
}
