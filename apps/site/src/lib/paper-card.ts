import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import {formatDate, formatNumber, languageName, seriesLine} from '@offprint/render-html/labels'
import type {Author, PaperMeta} from '@offprint/parse'
import {formatBytes} from './format-size.js'
import {catalogLabels, formatPages} from './labels.js'
import type {CatalogEntry, CatalogFile} from './render-catalog.js'
import {truncateText} from './truncate.js'

/** What every card needs to know about the catalog around it. */
export interface CardContext {
  /** The catalog's language, for its own words (sizes, page counts). */
  lang: string
  /** The catalog's heading: a paper of that series shows only its number. */
  title: string
  /** Abstract length, in Latin-character widths. */
  abstractLength: number
}

const mediaTypes = {pdf: 'application/pdf', epub: 'application/epub+zip', html: 'text/html', press: 'application/pdf'} as const
const formatNames = {pdf: 'PDF', epub: 'EPUB', html: 'HTML', press: 'PDF/X-4'} as const
const downloadOrder = ['pdf', 'epub', 'press'] as const

/**
 * One paper: series number and date, title (linking to the HTML version),
 * subtitle, authors, abstract, downloads and DOI. The article carries the
 * paper's language, so its text is shaped, hyphenated and read aloud in it.
 */
export function paperCard(entry: CatalogEntry, context: CardContext, editions: ReadonlyArray<CatalogEntry> = []): Element {
  const {meta} = entry
  const id = 'paper-' + entry.slug.replace(/\s+/g, '-')
  const html = entry.files.find((file) => file.format === 'html')
  const children: ElementContent[] = []

  const line = metaLine(meta, context)
  if (line.length > 0) children.push(h('p.paper-meta', line))
  children.push(h('h2.paper-title', {id: id + '-title'}, html ? h('a', {href: fileHref(html.href)}, meta.title) : meta.title))
  if (meta.subtitle) children.push(h('p.paper-subtitle', meta.subtitle))
  if (meta.authors.length > 0) children.push(h('ul.authors', meta.authors.map((author) => authorItem(author, meta.lang))))
  if (meta.abstract) {
    const {paragraphs} = truncateText(meta.abstract, context.abstractLength, meta.lang)
    children.push(h('div.abstract', paragraphs.map((text) => h('p', text))))
  }
  const downloads = downloadOrder.flatMap((format) => entry.files.filter((file) => file.format === format))
  if (downloads.length > 0) {
    const words = catalogLabels(context.lang)
    children.push(
      h(
        'ul.downloads',
        {ariaLabel: words.downloads, lang: sameLanguage(meta.lang, context.lang) ? undefined : context.lang},
        downloads.map((file) => h('li', downloadLink(file, context.lang)))
      )
    )
  }
  if (editions.length > 0) children.push(editionsLine(entry, editions))
  if (entry.citationFiles) children.push(citationLine(entry.slug, context.lang))
  if (meta.doi) {
    const url = 'https://doi.org/' + meta.doi.split('/').map(encodeURIComponent).join('/')
    children.push(h('p.doi', h('a', {href: url}, 'https://doi.org/' + meta.doi)))
  }
  return h('article.paper', {id, lang: meta.lang, ariaLabelledBy: id + '-title'}, children)
}

/** “No. 14 · 12 March 2026”; the full series name when it is not the catalog's. */
function metaLine(meta: PaperMeta, context: CardContext): ElementContent[] {
  const parts: ElementContent[] = []
  if (meta.series) {
    const own = meta.series.name === context.title
    if (!own) parts.push(h('span.series', seriesLine(meta)))
    else if (meta.series.number !== undefined) parts.push(h('span.series', formatNumber(meta.series.number, meta.lang)))
  }
  if (meta.date) parts.push(h('time', {dateTime: meta.date}, formatDate(meta.date, meta.lang)))
  return parts.flatMap((part, index) => (index === 0 ? [part] : [separator(), part]))
}

/** Name, then affiliation as the paper's language punctuates it. */
function authorItem(author: Author, lang: string): Element {
  if (!author.affiliation) return h('li', h('span.author-name', author.name))
  const [open, close] = /^(ja|zh)\b/i.test(lang) ? ['（', '）'] : [', ', '']
  return h('li', [h('span.author-name', author.name), h('span.affiliation', open + author.affiliation + close)])
}

/** “PDF · 312 kB · 7 pages”: the whole line is the link, so its name says what it fetches. */
function downloadLink(file: CatalogFile, lang: string): Element {
  const parts: ElementContent[] = [h('span.format', formatNames[file.format]), separator(), h('span.size', formatBytes(file.bytes, lang))]
  if (file.pages !== undefined) parts.push(separator(), h('span.pages', formatPages(file.pages, lang)))
  return h('a.download', {href: fileHref(file.href), type: mediaTypes[file.format], download: true}, parts)
}

/** “English · 日本語”: each edition by its language's own name, linking its page (the first is this card's). */
function editionsLine(entry: CatalogEntry, editions: ReadonlyArray<CatalogEntry>): Element {
  const links = [entry, ...editions].map((edition) => {
    const html = edition.files.find((file) => file.format === 'html')
    const name = languageName(edition.meta.lang.split('-')[0]!)
    return html ? h('a', {href: fileHref(html.href), hrefLang: edition.meta.lang, lang: edition.meta.lang, title: edition.meta.title}, name) : h('span', {lang: edition.meta.lang}, name)
  })
  return h('p.editions', links.flatMap((link, index) => (index === 0 ? [link] : [separator(), link])))
}

/** Links to the paper's citation files, for reference managers. */
function citationLine(slug: string, lang: string): Element {
  const files = [
    ['bib', 'BibTeX', 'application/x-bibtex'],
    ['ris', 'RIS', 'application/x-research-info-systems'],
    ['json', 'CSL-JSON', 'application/vnd.citationstyles.csl+json']
  ] as const
  const links = files.map(([extension, name, type]) => h('a', {href: fileHref(`${slug}.${extension}`), type, download: true}, name))
  return h('p.cite-files', [h('span.label', catalogLabels(lang).cite + ': '), ...links.flatMap((link, index) => (index === 0 ? [link] : [separator(), link]))])
}

function separator(): Element {
  return h('span.separator', {ariaHidden: 'true'}, ' · ')
}

/**
 * Hrefs are file paths relative to the catalog; encoding each segment keeps a
 * slug with a space, `#` or `?` pointing at its file, and a slug such as
 * `javascript:x` a relative path (`javascript%3Ax`), never a scheme.
 */
export function fileHref(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase().split('-')[0] === b.toLowerCase().split('-')[0]
}
