import type {Element} from 'hast'
import {h} from 'hastscript'
import type {PaperMeta} from '@offprint/parse'
import {languageName, publishingLabelsFor} from './publishing-labels.js'

/** Where and how a paper is published: what its page's head and publishing block say. */
export interface PublishingOptions {
  /** The paper's slug: its files are `<slug>.{html,pdf,epub,bib,ris,json}` side by side. */
  slug: string
  /**
   * The series' home page (`series.url`), where the files are published:
   * links are absolute under it (Google Scholar wants an absolute
   * `citation_pdf_url`). Default: none; links are relative to the page.
   */
  url?: string | undefined
  /** The paper's formatted reference in the series' style (citeproc), printed as “Cite as”. Default: none. */
  citeAs?: string | undefined
  /** Link the citation files `<slug>.bib`, `.ris`, `.json` from the page. Default: false. */
  citationFiles?: boolean | undefined
  /** The other editions of the paper, by language and slug. Default: none. */
  editions?: ReadonlyArray<Edition> | undefined
  /** The PDF and EPUB published beside the page (JSON-LD `encoding`, `citation_pdf_url`). Default: both. */
  formats?: ReadonlyArray<'pdf' | 'epub'> | undefined
}

/** An edition of the paper in another language. */
export interface Edition {
  lang: string
  slug: string
}

/** A file of the paper: absolute under the series URL, else relative to the page. */
export function fileHref(slug: string, extension: string, url: string | undefined): string {
  const name = `${encodeURIComponent(slug)}.${extension}`
  return url ? new URL(name, url.endsWith('/') ? url : url + '/').href : name
}

/**
 * The head of a paper's page for the machines that bring readers: Highwire
 * Press `citation_*` tags as Google Scholar documents them, Open Graph,
 * `<link rel="alternate" hreflang>` to the other editions, and schema.org
 * JSON-LD. The JSON-LD is a data block (`type="application/ld+json"`),
 * which browsers never run (the page's CSP, `default-src 'none'`, forbids
 * scripts anyway), and `<` is escaped in it so no text closes the element.
 */
export function headMetadata(meta: PaperMeta, options: PublishingOptions): Element[] {
  const {slug, url} = options
  const formats = options.formats ?? ['pdf', 'epub']
  const tag = (name: string, content: string | undefined) => (content ? [h('meta', {name, content})] : [])
  const property = (name: string, content: string | undefined) => (content ? [h('meta', {property: name, content})] : [])
  const abstract = meta.abstract?.replace(/\s+/g, ' ')
  const page = fileHref(slug, 'html', url)
  const nodes: Element[] = [
    ...(url ? [h('link', {rel: 'canonical', href: page})] : []),
    ...editionLinks(options),
    ...tag('citation_title', meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title),
    // Each author followed by its own institution and ORCID, as Scholar pairs them.
    ...meta.authors.flatMap((author) => [
      ...tag('citation_author', author.name),
      ...tag('citation_author_institution', author.affiliation),
      ...tag('citation_author_orcid', author.orcid && `https://orcid.org/${author.orcid}`)
    ]),
    ...tag('citation_publication_date', meta.date?.replaceAll('-', '/')),
    ...tag('citation_technical_report_institution', meta.publisher),
    ...tag('citation_publisher', meta.publisher),
    ...tag('citation_technical_report_number', meta.series?.number === undefined ? undefined : String(meta.series.number)),
    ...tag('citation_series_title', meta.series?.name),
    ...tag('citation_issn', meta.series?.issn),
    ...tag('citation_doi', meta.doi),
    ...tag('citation_language', meta.lang),
    ...tag('citation_abstract', abstract),
    ...tag('citation_keywords', meta.keywords.length > 0 ? meta.keywords.join('; ') : undefined),
    ...tag('citation_pdf_url', formats.includes('pdf') ? fileHref(slug, 'pdf', url) : undefined),
    ...tag('citation_abstract_html_url', url ? page : undefined),
    ...property('og:type', 'article'),
    ...property('og:title', meta.title),
    ...property('og:description', abstract),
    ...property('og:url', url ? page : undefined),
    ...property('og:site_name', meta.series?.name),
    ...property('og:locale', meta.lang.replace('-', '_')),
    ...(meta.date ? property('article:published_time', meta.date) : []),
    ...meta.authors.flatMap((author) => property('article:author', author.name)),
    h('script', {type: 'application/ld+json'}, jsonForScript(jsonLd(meta, options)))
  ]
  return nodes
}

/** `<link rel="alternate" hreflang>` to each edition in another language (the PDF stage relates them in XMP too). */
export function editionLinks(options: Pick<PublishingOptions, 'editions' | 'url'>): Element[] {
  return (options.editions ?? []).map((edition) => h('link', {rel: 'alternate', hrefLang: edition.lang, href: fileHref(edition.slug, 'html', options.url)}))
}

/** schema.org for the paper: a `Report` in its series, with its files. */
export function jsonLd(meta: PaperMeta, options: PublishingOptions): Record<string, unknown> {
  const {slug, url} = options
  const formats = options.formats ?? ['pdf', 'epub']
  const media = {pdf: 'application/pdf', epub: 'application/epub+zip'} as const
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Report',
    name: meta.title,
    headline: meta.title,
    ...(meta.subtitle ? {alternativeHeadline: meta.subtitle} : {}),
    ...(url ? {url: fileHref(slug, 'html', url), '@id': fileHref(slug, 'html', url)} : {}),
    inLanguage: meta.lang,
    author: meta.authors.map((author) => ({
      '@type': 'Person',
      name: author.name,
      ...(author.affiliation ? {affiliation: {'@type': 'Organization', name: author.affiliation, ...(author.ror ? {'@id': author.ror} : {})}} : {}),
      ...(author.orcid ? {sameAs: `https://orcid.org/${author.orcid}`} : {})
    })),
    ...(meta.date ? {datePublished: meta.date} : {}),
    ...(meta.abstract ? {abstract: meta.abstract.replace(/\s+/g, ' ')} : {}),
    ...(meta.keywords.length > 0 ? {keywords: meta.keywords.join(', ')} : {}),
    ...(meta.publisher ? {publisher: {'@type': 'Organization', name: meta.publisher}} : {}),
    ...(meta.license ? {license: licenseUrl(meta.license)} : {}),
    ...(meta.doi ? {identifier: {'@type': 'PropertyValue', propertyID: 'DOI', value: meta.doi}, sameAs: doiUrl(meta.doi)} : {}),
    ...(meta.series ? {isPartOf: {'@type': 'CreativeWorkSeries', name: meta.series.name, ...((meta.series.url ?? url) ? {url: meta.series.url ?? url} : {}), ...(meta.series.issn ? {issn: meta.series.issn} : {})}} : {}),
    ...(meta.series?.number !== undefined ? {reportNumber: String(meta.series.number)} : {}),
    encoding: formats.map((format) => ({'@type': 'MediaObject', encodingFormat: media[format], contentUrl: fileHref(slug, format, url)})),
    ...((options.editions ?? []).length > 0
      ? {workTranslation: (options.editions ?? []).map((edition) => ({'@type': 'Report', inLanguage: edition.lang, url: fileHref(edition.slug, 'html', url)}))}
      : {})
  }
  return data
}

/**
 * JSON to sit inside `<script>`: the HTML parser ends the element at the
 * first `</script`, and `<!--` changes how it reads on, so every `<` (and
 * the line separators JavaScript once refused) is written as a `\u` escape,
 * which JSON reads back as the same character.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

/** A licence as a URL when it names a Creative Commons licence (`CC BY 4.0`); else as written. */
export function licenseUrl(license: string): string {
  const match = /^CC[\s-]+(BY(?:[\s-]+(?:NC|SA|ND))*)[\s-]+(\d\.\d)$/i.exec(license.trim())
  if (match) return `https://creativecommons.org/licenses/${match[1]!.toLowerCase().replace(/[\s-]+/g, '-')}/${match[2]}/`
  if (/^CC0/i.test(license.trim())) return 'https://creativecommons.org/publicdomain/zero/1.0/'
  return license
}

/**
 * The visible publishing block at the end of the article: the “Cite as”
 * line, links to the citation files, and the editions in other languages.
 * Undefined when there is nothing to say.
 */
export function publishingBlock(meta: PaperMeta, options: PublishingOptions): Element | undefined {
  const words = publishingLabelsFor(meta.lang)
  const lines: Element[] = []
  if (options.citeAs) lines.push(h('p.cite-as', [h('span.label', words.citeAs + ': '), options.citeAs]))
  if (options.citationFiles) {
    const links = [
      ['bib', 'BibTeX'],
      ['ris', 'RIS'],
      ['json', 'CSL-JSON']
    ].flatMap(([extension, name], index) => [...(index > 0 ? [' · '] : []), h('a', {href: `${encodeURIComponent(options.slug)}.${extension}`, download: ''}, name!)])
    lines.push(h('p.cite-files', [h('span.label', words.download + ': '), ...links]))
  }
  const editions = options.editions ?? []
  if (editions.length > 0) {
    const links = editions.flatMap((edition, index) => [
      ...(index > 0 ? [' · '] : []),
      h('a', {href: fileHref(edition.slug, 'html', options.url), hrefLang: edition.lang, lang: edition.lang}, languageName(edition.lang.split('-')[0]!))
    ])
    lines.push(h('p.editions', [h('span.label', words.alsoIn + ' '), ...links]))
  }
  return lines.length > 0 ? h('footer.paper-publishing', lines) : undefined
}

/**
 * A DOI's resolver URL, the DOI escaped as the DOI Handbook asks (a DOI may
 * hold `"`, `<`, `#` or `?`, which a URI may not carry as they are: EPUB
 * checkers refuse the link).
 */
export function doiUrl(doi: string): string {
  return 'https://doi.org/' + encodeURI(doi).replace(/#/g, '%23').replace(/\?/g, '%3F')
}
