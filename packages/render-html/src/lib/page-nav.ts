import type {Element} from 'hast'
import {h} from 'hastscript'
import {forLanguage} from './labels.js'

/** What the web page links to in its navigation: the files this build writes beside it. */
export interface PageNavOptions {
  /** The paper's slug: its files are `<slug>.pdf` and `<slug>.epub` beside the page. */
  slug: string
  /** The PDF and EPUB written beside the page (`--to`). Default: none. */
  formats?: ReadonlyArray<'pdf' | 'epub'> | undefined
  /** Link the series catalog, `index.html` beside the page (written when the whole series is built). Default: false. */
  catalog?: boolean | undefined
}

/** Words of the page's navigation, per language. */
interface NavLabels {
  /** The navigation's accessible name. */
  nav: string
  pdf: string
  epub: string
  catalog: string
}

const labels: Readonly<Record<string, NavLabels>> & {en: NavLabels} = {
  en: {nav: 'Formats and series', pdf: 'PDF', epub: 'EPUB', catalog: 'All papers'},
  ja: {nav: '形式と一覧', pdf: 'PDF版', epub: 'EPUB版', catalog: '論文一覧'},
  fr: {nav: 'Formats et collection', pdf: 'PDF', epub: 'EPUB', catalog: 'Toutes les publications'},
  de: {nav: 'Formate und Reihe', pdf: 'PDF', epub: 'EPUB', catalog: 'Alle Beiträge'},
  es: {nav: 'Formatos y serie', pdf: 'PDF', epub: 'EPUB', catalog: 'Todas las publicaciones'}
}

/** The labels for a BCP 47 tag, by its primary language; English otherwise. */
function navLabelsFor(lang: string): NavLabels {
  return forLanguage(labels, lang)
}

/**
 * The web page's navigation, above the paper: the PDF and EPUB of the paper
 * and the series catalog, as relative links (the page works from the output
 * folder as from the series site). Undefined when there is nothing to link.
 */
export function pageNav(lang: string, options: PageNavOptions): Element | undefined {
  const words = navLabelsFor(lang)
  const name = encodeURIComponent(options.slug)
  const formats = options.formats ?? []
  const links: Element[] = []
  if (formats.includes('pdf')) links.push(h('a', {href: `${name}.pdf`, type: 'application/pdf'}, words.pdf))
  if (formats.includes('epub')) links.push(h('a', {href: `${name}.epub`, type: 'application/epub+zip'}, words.epub))
  if (options.catalog) links.push(h('a', {href: 'index.html', rel: ['index']}, words.catalog))
  if (links.length === 0) return undefined
  return h('nav.page-nav', {ariaLabel: words.nav}, [h('ul', links.map((link) => h('li', link)))])
}
