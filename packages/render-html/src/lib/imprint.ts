import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import type {PaperMeta} from '@offprint/parse'
import {seriesLine} from './title-block.js'
import {doiUrl} from './head-metadata.js'
import {imprintLabelsFor} from './imprint-labels.js'
import {licenseText} from './license.js'
import type {RenderedPaper} from './render-paper.js'

/**
 * Where the imprint goes: `page`, a page of its own after the title page
 * (page 2 of the PDF, the text starting on page 3), or `end`, after the
 * notes and bibliography, where a short paper (and the web page) has room
 * for it.
 */
export type ImprintPlace = 'page' | 'end'

export interface ImprintOptions {
  /** The paper's formatted reference in the series' style (citeproc's “Cite as”), printed as “Suggested citation”. Default: none. */
  citeAs?: string | undefined
  /** Where the imprint goes. Default: by the paper's length (`imprintPlace`). */
  place?: ImprintPlace | undefined
}

/**
 * Characters of running text a printed paper holds on its title page and
 * two pages more: under it, a paper prints in fewer than four pages and
 * takes its imprint at the end (an imprint page would be a third of it).
 * A page of the theme holds about 4 000 characters of 11 pt text.
 */
const shortPaper = 11_000

/** The imprint's place for a printed paper: a page of its own for four pages and more, the end for less. */
export function imprintPlace(rendered: RenderedPaper): ImprintPlace {
  let length = 0
  const count = (node: ElementContent | Element): void => {
    if (node.type === 'text') {
      // A CJK character is about two Latin ones wide.
      length += node.value.length + (node.value.match(/[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/g)?.length ?? 0)
    } else if (node.type === 'element') {
      // A figure, table or code block takes room its text does not count.
      if (node.tagName === 'figure' || node.tagName === 'table' || node.tagName === 'pre' || node.tagName === 'img') length += 600
      for (const child of node.children) count(child)
    }
  }
  for (const node of rendered.body) count(node)
  if (rendered.notesSection) count(rendered.notesSection)
  if (rendered.bibliography) count(rendered.bibliography)
  return length < shortPaper ? 'end' : 'page'
}

/**
 * Whether the paper has an imprint to print: something its publisher says
 * of it (publisher, licence, DOI, copyright, the series' ISSN or
 * description). A paper with none keeps the plain “Cite as” line.
 */
export function hasImprint(meta: PaperMeta): boolean {
  return Boolean(meta.publisher || meta.license || meta.doi || meta.copyright || meta.series?.issn || meta.series?.description)
}

/**
 * The imprint: “About the series” (the series' description) and the
 * publication details: publisher, series with number and ISSN, © year and
 * holder, the licence's badge text with its URL, the DOI, and the suggested
 * citation. Undefined when the paper has none (`hasImprint`).
 */
export function imprintSection(meta: PaperMeta, options: ImprintOptions & {place: ImprintPlace}): Element | undefined {
  if (!hasImprint(meta)) return undefined
  const words = imprintLabelsFor(meta.lang)
  const facts: Element[] = []
  if (meta.publisher) facts.push(h('p.imprint-publisher', `${words.publishedBy} ${meta.publisher}`))
  const series = seriesLine(meta)
  if (series) facts.push(h('p.imprint-series', [series, ...(meta.series?.issn ? [` · ISSN ${meta.series.issn}`] : [])]))
  if (meta.series?.url) facts.push(h('p.imprint-url', link(meta.series.url)))
  const copyright = copyrightLine(meta)
  if (copyright) facts.push(h('p.imprint-copyright', copyright))
  if (meta.license) facts.push(licenseParagraph(meta.license, words))
  if (meta.doi) facts.push(h('p.imprint-doi', ['DOI: ', h('a.url', {href: doiUrl(meta.doi)}, `https://doi.org/${meta.doi}`)]))
  if (options.citeAs) {
    facts.push(h('p.imprint-citation-label', words.suggestedCitation), h('p.imprint-citation', options.citeAs))
  }
  const about = meta.series?.description
  return h('aside.imprint', {dataPlace: options.place, ariaLabelledBy: 'imprint-title'}, [
    ...(about
      ? [
          h('section.about-series', {ariaLabelledBy: 'about-series-title'}, [
            h('h2.about-series-title#about-series-title', words.aboutSeries),
            ...paragraphs(about).map((text) => h('p', text))
          ])
        ]
      : []),
    h('div.imprint-facts', [h('h2.imprint-title#imprint-title', words.imprint), ...facts])
  ])
}

/** “About the authors”: each author's `bio`, under the name. Undefined when no author has one. */
export function aboutAuthors(meta: PaperMeta): Element | undefined {
  const authors = meta.authors.filter((author) => author.bio)
  if (authors.length === 0) return undefined
  const words = imprintLabelsFor(meta.lang)
  return h('aside.about-authors', {ariaLabelledBy: 'about-authors-title'}, [
    h('h2.about-authors-title#about-authors-title', meta.authors.length === 1 ? words.aboutAuthor : words.aboutAuthors),
    ...authors.flatMap((author) => {
      const [first = '', ...rest] = paragraphs(author.bio!)
      // A bio that starts with the name (“Miriam Achterberg is…”) runs in; another goes under it.
      const runIn = first.startsWith(author.name)
      return [
        ...(runIn ? [] : [h('p.bio-name', h('strong', author.name))]),
        h('p.bio', runIn ? [h('strong', author.name), first.slice(author.name.length)] : [first]),
        ...rest.map((text) => h('p.bio', text))
      ]
    })
  ])
}

/**
 * Put the back matter into a printed or web article (the document's copy):
 * “About the authors” after the notes and bibliography, and the imprint on
 * its own page after the title page and abstract (`page`) or last (`end`).
 * Returns whether an imprint was added (its suggested citation replaces the
 * “Cite as” line).
 */
export function addBackMatter(article: Element, rendered: RenderedPaper, options: ImprintOptions): boolean {
  const place = options.place ?? imprintPlace(rendered)
  const authors = aboutAuthors(rendered.meta)
  if (authors) article.children.push(authors)
  const imprint = imprintSection(rendered.meta, {...options, place})
  if (!imprint) return false
  if (place === 'end') {
    article.children.push(imprint)
    return true
  }
  // After the title block and the abstract, before the body.
  const body = article.children.findIndex((child) => child.type === 'element' && child.tagName === 'div')
  article.children.splice(body === -1 ? article.children.length : body, 0, imprint)
  return true
}

/** “© 2026 The Harbourside Institute”: the year of `copyright`, else of `date`; its holder, else the publisher, else the authors. */
export function copyrightLine(meta: PaperMeta): string | undefined {
  const holder = meta.copyright?.holder ?? meta.publisher ?? listOf(meta.authors.map((author) => author.name), meta.lang)
  if (!holder) return undefined
  const year = meta.copyright?.year ?? meta.date?.slice(0, 4)
  return `© ${year ? year + ' ' : ''}${holder}`
}

function licenseParagraph(license: string, words: ReturnType<typeof imprintLabelsFor>): Element {
  const text = licenseText(license)
  if (!text.known) {
    return h('p.imprint-license', [`${words.license}: ${text.name}`, ...(text.url && text.url !== text.name ? [' ', link(text.url)] : [])])
  }
  const [before, after] = words.licensed
  return h('p.imprint-license', [before, h('a', {href: text.url, rel: 'license'}, text.name), after, ' ', link(text.url!)])
}

/** A URL printed as itself and linked: print readers see where it goes. */
function link(url: string): Element {
  return h('a.url', {href: url}, url)
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
}

function listOf(names: string[], lang: string): string | undefined {
  if (names.length === 0) return undefined
  try {
    return new Intl.ListFormat(lang, {type: 'conjunction'}).format(names)
  } catch {
    return names.join(', ')
  }
}
