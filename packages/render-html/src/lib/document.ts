import {createRequire} from 'node:module'
import type {Element, ElementContent, Root} from 'hast'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import {SKIP, visit} from 'unist-util-visit'
import {undeclaredCjk} from './cjk-fallback.js'
import {splitCodeLines} from './code-lines.js'
import {editionLinks, headMetadata, publishingBlock, type PublishingOptions} from './head-metadata.js'
import {runningHeads} from './running-heads.js'
import type {RenderedPaper} from './render-paper.js'
import {limitBreaks} from './hyphen-limits.js'
import {tieParagraphEnds} from './paragraph-ends.js'
import {pageNav, type PageNavOptions} from './page-nav.js'
import {addBackMatter, type ImprintPlace} from './imprint.js'
import {paperPolicy} from './content-security-policy.js'
import {addChartAppendix, type ChartDataPlace} from './chart-appendix.js'

export interface DocumentOptions {
  /** The theme's CSS, inlined so the document stands alone (`themeCss('print')`). */
  css: string
  /**
   * CSS loaded after the theme: a series' overrides (`theme.css` in
   * `series.yaml`), usually new values for the `--offprint-*` variables.
   * Default: none.
   */
  extraCss?: string | undefined
  /**
   * Where notes go in print: `endnotes`, a Notes section after the text, or
   * `footnotes`, at the foot of the page that calls them. Footnotes need the
   * PDF stage's page layout (`renderPdf` runs Paged.js for them); the HTML
   * itself keeps the Notes section, so it still reads well on screen.
   * Default: `endnotes`.
   */
  notes?: 'endnotes' | 'footnotes' | undefined
  /** Trim size of the printed page. Default: `A4` (210 × 297 mm); `Letter` is 8.5 × 11 in. */
  pageSize?: 'A4' | 'Letter' | undefined
  /**
   * Insert soft hyphens in body text by the paper's language (Liang patterns),
   * since Chromium on Linux ships no hyphenation dictionaries, and tie each
   * paragraph's end (no stray short last line, `tieParagraphEnds`). Turn off
   * when the output feeds another hyphenating typesetter, or is a page to read
   * and search. Default: true.
   */
  hyphenate?: boolean | undefined
  /**
   * The series logo as a URL the page can load: a `data:` URI, as the PDF
   * stage refuses every other request. Printed above the series banner.
   * Default: none.
   */
  logo?: string | undefined
  /**
   * Where the paper is published (slug, series URL, “Cite as” line, citation
   * files, other editions): Scholar, Open Graph and JSON-LD metadata in the
   * head (unless `head` is false: then only the links to other editions) and the publishing block after the
   * article (see `headMetadata`). Default: none.
   */
  publishing?: (PublishingOptions & {head?: boolean | undefined}) | undefined
  /**
   * The web page's links to the paper's PDF and EPUB and to the series
   * catalog, above the article (see `pageNav`). Default: none (print has no use for them).
   */
  nav?: PageNavOptions | undefined
  /**
   * Where the imprint goes (see `imprintPlace`): a page of its own after
   * the title page, or the end. Default: the end on the web page (`publishing`
   * with its head), else by the paper's length.
   */
  imprint?: ImprintPlace | undefined
  /**
   * Where print gives the numbers of Vega-Lite and Plotly charts (see
   * `addChartAppendix`): `appendix`, a “Chart data” appendix after the text;
   * `details`, nowhere (the `<details>` after each figure is not printed).
   * For the printed document only: the web page keeps its details. Default: `details`.
   */
  chartData?: ChartDataPlace | undefined
}

/** The article: title block, abstract, body, notes. */
export function articleOf(rendered: RenderedPaper): Element {
  return h('article.paper', [
    rendered.titleBlock,
    ...(rendered.abstract ? [rendered.abstract] : []),
    h('div.paper-body', rendered.body),
    ...(rendered.notesSection ? [rendered.notesSection] : []),
    ...(rendered.bibliography ? [rendered.bibliography] : [])
  ])
}

/**
 * Papers are untrusted: even where the PDF stage enables script for its own
 * page layout, the document may run none and load nothing but inline styles
 * and `data:` images.
 */
const contentSecurityPolicy = paperPolicy

/**
 * A complete, self-contained HTML document for print and for the web: the
 * theme inlined, plus the page rules that carry this paper's running heads.
 */
export function toDocument(rendered: RenderedPaper, options: DocumentOptions): string {
  return toHtml(toDocumentTree(rendered, options))
}

/**
 * The document `toDocument` serializes, as hast: `renderPdf` takes it as it
 * is and reads the headings and metadata off the tree, not off the markup.
 */
export function toDocumentTree(rendered: RenderedPaper, options: DocumentOptions): Root {
  const {meta} = rendered
  const footnotes = options.notes === 'footnotes' && rendered.notesSection !== undefined
  // Cloned: hyphenation must not leak into the caller's tree (the EPUB reuses it).
  const article = structuredClone(articleOf(rendered))
  // Print's typesetting: soft hyphens and paragraph ends tied (the web page, read and searched, has neither).
  if (options.hyphenate !== false) {
    hyphenateBody(article, meta.lang)
    tieParagraphEnds(article)
  }
  if (options.logo) addLogo(article, options.logo)
  if (options.chartData === 'appendix') addChartAppendix(article, meta.lang)
  splitCodeLines(article)
  // Print shows the “Cite as” line; the other editions and the citation files are links, for the page (the PDF's metadata relates the editions).
  const print = options.publishing?.head === false
  // Judged on the paper's own text: the block's other-language links carry their `lang`.
  const cjk = undeclaredCjk(article, meta.lang)
  // About the authors and the imprint; the imprint's suggested citation replaces the “Cite as” line.
  const web = options.publishing !== undefined && !print
  const imprinted = addBackMatter(article, rendered, {citeAs: options.publishing?.citeAs, place: options.imprint ?? (web ? 'end' : undefined)})
  const shown = imprinted && options.publishing ? {...options.publishing, citeAs: undefined} : options.publishing
  const publishing = shown && publishingBlock(meta, print ? {...shown, citationFiles: false, editions: []} : shown)
  if (publishing) article.children.push(publishing)
  const nav = options.nav && pageNav(meta.lang, options.nav)
  const styles = styleText([options.css, options.extraCss ?? '', pageRules(rendered, options)].filter(Boolean).join('\n'))
  const tree: Root = {
    type: 'root',
    children: [
      {type: 'doctype'},
      h('html', {lang: meta.lang, dataNotes: footnotes ? 'footnotes' : undefined, dataCjk: cjk}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {httpEquiv: 'Content-Security-Policy', content: contentSecurityPolicy}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          h('title', meta.title),
          ...(meta.authors.length > 0 ? [h('meta', {name: 'author', content: meta.authors.map((a) => a.name).join('; ')})] : []),
          ...(meta.abstract ? [h('meta', {name: 'description', content: meta.abstract.replace(/\s+/g, ' ')})] : []),
          ...(meta.keywords.length > 0 ? [h('meta', {name: 'keywords', content: meta.keywords.join(', ')})] : []),
          ...(meta.date ? [h('meta', {name: 'dcterms.date', content: meta.date})] : []),
          h('meta', {name: 'generator', content: 'Offprint'}),
          ...(options.publishing ? (options.publishing.head === false ? editionLinks(options.publishing) : headMetadata(meta, options.publishing)) : []),
          h('style', styles)
        ]),
        h('body', [...(nav ? [nav] : []), article])
      ])
    ]
  }
  return tree
}

/**
 * Page size, the print measure and running heads: the series on left pages,
 * the title on right pages, none on the first; each one line (see
 * runningHeads). Written after the theme and any override, so a series can
 * restyle the heads but not lose them.
 */
function pageRules(rendered: RenderedPaper, options: DocumentOptions): string {
  const {left, right} = runningHeads(rendered.meta, options.pageSize)
  const letter = options.pageSize === 'Letter'
  const rules = [
    `@page { size: ${letter ? 'letter' : 'A4'}; }`,
    // The text block: the page less the theme's 27 mm margins (A4 156 mm, Letter 161.9 mm), in
    // whole CSS pixels, as Chromium rounds the page area; flush left, under the left head.
    `@media print { .paper { max-width: ${letter ? 611 : 589}px; margin: 0; } }`,
    // A table too wide for the page gets a turned page of the same sheet (the theme's `table-landscape`).
    `@page landscape { size: ${letter ? 'letter' : 'A4'} landscape; }`,
    `@page :left { @top-left { content: ${cssString(left)}; } }`,
    `@page :right { @top-right { content: ${cssString(right)}; } }`,
    '@page :first { @top-left { content: none; } @top-right { content: none; } }'
  ]
  return rules.join('\n')
}

/**
 * The series logo, first in the title block: an image, not a CSS
 * background. Chromium (single-process) crashes taking a screenshot of a
 * picture it printed before as a background image (the EPUB cover shows the
 * logo after the PDF did); as an `<img>` it does not, and it is decorative
 * (empty alt) for screen readers.
 */
function addLogo(article: Element, logo: string): void {
  const header = article.children.find((child): child is Element => child.type === 'element' && child.tagName === 'header')
  header?.children.unshift(h('img.logo', {src: logo, alt: ''}))
}

/**
 * A CSS string literal for any text. Every character that could end the
 * string, the rule or the `<style>` element it sits in (the quote, backslash,
 * `<`, `>`, controls; line breaks become spaces) is a hex escape (`\3c `), so a
 * title such as `</style><img onerror=…>` stays text in the running head.
 */
export function cssString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return '"' + text.replace(/[\t\n\r\f]/g, ' ').replace(/[\\"<>\u0000-\u001f\u007f]/g, (c) => (c === '\0' ? '\ufffd' : '\\' + c.charCodeAt(0).toString(16) + ' ')) + '"'
}

/**
 * The text of a `<style>` element, which HTML does not escape: `</style`
 * anywhere in it (a series stylesheet, say) would end the element, so its
 * slash is escaped (`<\/style`, the same CSS) and nothing after it is markup.
 */
export function styleText(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1')
}

type Hyphenate = (text: string, options?: {minWordLength?: number}) => string

/**
 * Elements whose text is never hyphenated: headings, code, links that show
 * URLs, and strong text, set in the heading face: Skia maps one glyph to one
 * character, so a face showing both hyphens and soft hyphens loses its
 * hyphens from the PDF's text (“Grid-Scale” reads “GridScale”).
 */
const keepWhole = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'pre', 'kbd', 'samp', 'var', 'a', 'sup', 'table', 'strong', 'b'])

/**
 * Soft hyphens in the body's running text (not the title block, headings,
 * notes or code), by each element's language, nearest `lang` first.
 */
function hyphenateBody(article: Element, lang: string): void {
  const body = article.children.find((child): child is Element => child.type === 'element' && child.tagName === 'div')
  if (!body) return
  const walk = (node: Element, language: string) => {
    const own = typeof node.properties.lang === 'string' ? node.properties.lang : language
    const hyphenate = hyphenatorFor(own)
    for (const child of node.children as ElementContent[]) {
      if (child.type === 'text' && hyphenate) child.value = limitBreaks(hyphenateWords(child.value, hyphenate))
      else if (child.type === 'element' && !keepWhole.has(child.tagName)) walk(child, own)
    }
  }
  visit(body, 'element', (node: Element) => {
    if (node.tagName === 'p' || node.tagName === 'li' || node.tagName === 'blockquote' || node.tagName === 'dd') {
      walk(node, lang)
      return SKIP
    }
    return keepWhole.has(node.tagName) ? SKIP : undefined
  })
}

const require = createRequire(import.meta.url)

/**
 * Longest word given soft hyphens. The pattern matcher's work grows with
 * the square of a word's length (an 80 000-letter word takes minutes, and
 * cannot be stopped); no real word comes near, and a run of letters this
 * long (a hash, a URL) breaks anywhere (`overflow-wrap`) anyway.
 */
export const maxHyphenatedWord = 64

const longWord = new RegExp(`(\\S{${maxHyphenatedWord + 1},})`)

/** Soft hyphens in the words of `text` up to `maxHyphenatedWord` long; longer ones are left whole. */
function hyphenateWords(text: string, hyphenate: Hyphenate): string {
  if (text.length <= maxHyphenatedWord || !longWord.test(text)) return hyphenate(text, {minWordLength: 6})
  // split() with a group keeps the long words, at the odd places.
  return text
    .split(longWord)
    .map((part, index) => (index % 2 === 1 ? part : hyphenate(part, {minWordLength: 6})))
    .join('')
}

/**
 * The pattern set for a BCP 47 tag (`en-GB` → en-gb, `de-AT` → de, `en` →
 * en-us), or undefined for languages without patterns (Japanese breaks
 * between characters and needs none). Node's module cache keeps each loaded.
 */
function hyphenatorFor(lang: string): Hyphenate | undefined {
  const tag = lang.toLowerCase()
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(tag)) return undefined
  const primary = tag.split('-')[0]!
  if (primary === 'ja' || primary === 'zh' || primary === 'ko') return undefined
  const region = tag.split('-').slice(0, 2).join('-')
  const candidates = primary === 'en' ? [region === 'en-gb' ? 'en-gb' : 'en-us'] : [region, primary]
  for (const candidate of candidates) {
    try {
      return (require(`hyphen/${candidate}/index.js`) as {hyphenateSync: Hyphenate}).hyphenateSync
    } catch {
      // No patterns under this name; try the next.
    }
  }
  return undefined
}
