import type {Element, ElementContent, Root} from 'hast'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import type {PaperMeta} from '@offprint/parse'
import {stylesOnlyPolicy} from '@offprint/render-html/content-security-policy'
import {formatDate} from '@offprint/render-html/labels'
import {catalogCss} from './catalog-css.js'
import {catalogLabels} from './labels.js'
import {paperCard} from './paper-card.js'
import {sortEntries} from './sort-entries.js'
import {groupEditions} from './editions.js'

/** One built file of a paper. */
export interface CatalogFile {
  /** `press`: the PDF/X edition for a printer (`<slug>-press.pdf`). */
  format: 'pdf' | 'epub' | 'html' | 'press'
  /**
   * The file's path relative to `index.html`, `/`-separated and not
   * URL-encoded (`grid.pdf`, `papers/my paper.epub`): it is encoded here.
   */
  href: string
  /** Its size in bytes, printed as “312 kB”. */
  bytes: number
  /** Its page count, for a PDF; printed when given. */
  pages?: number | undefined
}

/** One paper of the catalog. */
export interface CatalogEntry {
  /** The paper's slug, unique in the series; gives the card's id (`#paper-<slug>`). */
  slug: string
  meta: PaperMeta
  /** Its built files: the HTML is linked from the title, PDF and EPUB are downloads. */
  files: CatalogFile[]
  /** Its citation files `<slug>.bib`, `.ris`, `.json` are beside it: link them. Default: false. */
  citationFiles?: boolean | undefined
  /** Its cover picture beside it (for the OPDS feed): path relative to the catalog and media type. Default: none. */
  cover?: {href: string; type: string} | undefined
}

export interface CatalogOptions {
  /**
   * The page's heading and title. Default: the series name most papers share
   * (papers of that series then show only their number), else “Papers” in
   * the catalog's language. Set it when the series has a display name.
   */
  title?: string | undefined
  /**
   * Language of the page and of its own words (sizes, page counts); each
   * paper keeps its own. Default: `en`.
   */
  lang?: string | undefined
  /**
   * When the catalog was generated, an ISO date (`2026-03-12`, or a full
   * timestamp), printed in the footer. Default: none printed, so that the
   * same papers always give the same bytes (reproducible builds).
   */
  generatedAt?: string | undefined
  /**
   * Longest abstract printed, in Latin-character widths (CJK characters
   * count two); longer ones are cut after a sentence or word. Default: 480.
   */
  abstractLength?: number | undefined
  /** The Atom and OPDS feeds (`feed.xml`, `opds.xml`) are beside the catalog: link them from its head. Default: false. */
  feeds?: boolean | undefined
}

const emptyOptions: Readonly<CatalogOptions> = Object.freeze({})

/**
 * The series catalog: a complete, self-contained HTML document (inline CSS,
 * no script, no external requests) with one article per paper, newest first.
 */
export function renderCatalog(entries: ReadonlyArray<CatalogEntry>, options: CatalogOptions = emptyOptions): string {
  const lang = options.lang ?? 'en'
  const sorted = sortEntries(entries, lang)
  const title = options.title ?? commonSeriesName(sorted) ?? catalogLabels(lang).papers
  const context = {lang, title, abstractLength: options.abstractLength ?? 480}
  const publisher = mostCommon(sorted.map((entry) => entry.meta.publisher))

  const header: ElementContent[] = [h('h1', title)]
  if (publisher) header.push(h('p.publisher', publisher))
  const body: ElementContent[] = [
    h('header.catalog-header', header),
    // One card per paper, its translations shown as its other languages.
    h('main', groupEditions(sorted).map(({entry, editions}) => paperCard(entry, context, editions)))
  ]
  if (options.generatedAt) body.push(h('footer.catalog-footer', generatedLine(options.generatedAt, lang)))

  const tree: Root = {
    type: 'root',
    children: [
      {type: 'doctype'},
      h('html', {lang}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {httpEquiv: 'Content-Security-Policy', content: stylesOnlyPolicy}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          h('meta', {name: 'color-scheme', content: 'light dark'}),
          h('title', title),
          ...(options.feeds
            ? [
                h('link', {rel: 'alternate', type: 'application/atom+xml', title, href: 'feed.xml'}),
                h('link', {rel: 'alternate', type: 'application/atom+xml;profile=opds-catalog;kind=acquisition', title: title + ' (OPDS)', href: 'opds.xml'})
              ]
            : []),
          h('style', catalogCss)
        ]),
        h('body', body)
      ])
    ]
  }
  return toHtml(tree) + '\n'
}

/** The series name shared by most papers; ties go to the newest paper's. */
function commonSeriesName(sorted: ReadonlyArray<CatalogEntry>): string | undefined {
  return mostCommon(sorted.map((entry) => entry.meta.series?.name))
}

function mostCommon(values: ReadonlyArray<string | undefined>): string | undefined {
  const counts = new Map<string, number>()
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1)
  let best: string | undefined
  // Map keeps first-seen order and `>` keeps the earlier on a tie: the newest wins.
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value
  return best
}

function generatedLine(generatedAt: string, lang: string): Element {
  const date = generatedAt.slice(0, 10)
  return h('p', [catalogLabels(lang).generated + ' ', h('time', {dateTime: generatedAt}, formatDate(date, lang))])
}
