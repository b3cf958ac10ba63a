import type {Element, ElementContent, Parents} from 'hast'
import {h} from 'hastscript'
import {visit} from 'unist-util-visit'
import {forLanguage} from './labels.js'
import {chartDataClass} from './remark-charts.js'

/**
 * Where the printed document gives the numbers of Vega-Lite and Plotly
 * charts: `details`, nowhere (the `<details>` after each figure is not
 * printed), or `appendix`, a “Chart data” appendix after the text.
 */
export type ChartDataPlace = 'details' | 'appendix'

/** Words of the chart data appendix, per language. */
interface ChartAppendixLabels {
  heading: string
  /** The line under a figure, linked to its table. */
  seeData: string
  /** A table's caption: the figure's number (“Figure 2”, a link back) and caption. */
  numbered: (figure: ElementContent, caption: string) => Phrase[]
  /** A table's caption for a chart without a number: its caption or alt text, a link back. */
  unnumbered: (figure: (text: string) => ElementContent, caption: string) => Phrase[]
}

/** Caption content, as hastscript takes it: strings become text. */
type Phrase = ElementContent | string

const labels: Readonly<Record<string, ChartAppendixLabels>> & {en: ChartAppendixLabels} = {
  en: {
    heading: 'Chart data',
    seeData: 'Data: see “Chart data” at the end',
    numbered: (figure, caption) => ['Data for ', figure, ...(caption ? [`: ${caption}`] : [])],
    unnumbered: (figure, caption) => ['Data for ', figure(`“${caption}”`)]
  },
  fr: {
    heading: 'Données des graphiques',
    seeData: 'Données : voir « Données des graphiques » en fin de document',
    numbered: (figure, caption) => ['Données de la ', figure, ...(caption ? [`\u00a0: ${caption}`] : [])],
    unnumbered: (figure, caption) => ['Données de ', figure(`«\u00a0${caption}\u00a0»`)]
  },
  de: {
    heading: 'Diagrammdaten',
    seeData: 'Daten: siehe „Diagrammdaten“ am Ende',
    numbered: (figure, caption) => ['Daten zu ', figure, ...(caption ? [`: ${caption}`] : [])],
    unnumbered: (figure, caption) => ['Daten zu ', figure(`„${caption}“`)]
  },
  es: {
    heading: 'Datos de los gráficos',
    seeData: 'Datos: véase «Datos de los gráficos» al final',
    numbered: (figure, caption) => ['Datos de la ', figure, ...(caption ? [`: ${caption}`] : [])],
    unnumbered: (figure, caption) => ['Datos de ', figure(`«${caption}»`)]
  },
  ja: {
    heading: '図のデータ',
    seeData: 'データ：巻末「図のデータ」を参照',
    numbered: (figure, caption) => [figure, 'のデータ', ...(caption ? [`：${caption}`] : [])],
    unnumbered: (figure, caption) => [figure(`「${caption}」`), 'のデータ']
  }
}

/**
 * The printed paper's chart data as an appendix (`charts: {data: appendix}`):
 * each chart's table (the `<details>` remarkCharts put after its figure)
 * moves to a “Chart data” section after the text, captioned by the figure it
 * belongs to (“Data for Figure 2: Take-up by region”, else the chart's
 * caption or alt text) with a link back to it; the figure keeps a line
 * linking to its table. The appendix comes before the notes and works cited,
 * where the Chicago Manual puts appendixes, on a page of its own. Works on the
 * document's copy of the article: the EPUB and the web page keep the details.
 *
 * The appendix uses only ids the EPUB has too (the details' and the
 * pictures', from remarkCharts), so each printed page of it has a place in
 * the EPUB's page list: a table takes its details' id, and the section the
 * first one's (its link lands on the heading just above that table).
 */
export function addChartAppendix(article: Element, lang: string): void {
  const body = article.children.find((child): child is Element => child.type === 'element' && child.tagName === 'div')
  if (!body) return
  const words = forLanguage(labels, lang)
  const ids = new Set<string>()
  visit(article, 'element', (node: Element) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id)
  })
  // For a chart some other stage made without ids: one no heading or label of the paper has.
  const unique = (base: string): string => {
    let id = base
    for (let count = 2; ids.has(id); count++) id = `${base}-${count}`
    ids.add(id)
    return id
  }
  const found: Array<{details: Element; parent: Parents}> = []
  visit(body, 'element', (node: Element, _index, parent) => {
    if (node.tagName === 'details' && classes(node).includes(chartDataClass) && parent) found.push({details: node, parent})
  })
  const tables: Element[] = []
  for (const {details, parent} of found) {
    const table = details.children.find((child): child is Element => child.type === 'element' && child.tagName === 'table')
    const at = parent.children.indexOf(details)
    if (!table || at < 0) continue
    const figure = previousElement(parent.children, at)
    const id = typeof details.properties.id === 'string' ? details.properties.id : unique('chart-data')
    table.properties.id = id
    table.children.unshift(h('caption', captionOf(figure?.tagName === 'figure' ? figure : undefined, details, words, unique)))
    tables.push(table)
    parent.children.splice(at, 1, h('p.chart-data-ref', h('a', {href: `#${id}`}, words.seeData)))
  }
  const [first] = tables
  if (!first) return
  const appendix = h('section.chart-appendix', {id: first.properties.id, role: 'doc-appendix'}, [h('h2', words.heading), ...tables])
  delete first.properties.id
  article.children.splice(article.children.indexOf(body) + 1, 0, appendix)
}

/**
 * A table's caption from its figure: the figure's number (its caption's
 * label, “Figure 2.”) linked back to it and the caption's words; for a
 * figure without a number, its caption, else the picture's alt text (else
 * the details' summary, if no figure is found).
 */
function captionOf(figure: Element | undefined, details: Element, words: ChartAppendixLabels, unique: (base: string) => string): Phrase[] {
  const figcaption = figure?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption')
  const label = figcaption?.children.find((child): child is Element => child.type === 'element' && classes(child).includes('caption-label'))
  const image = figure && findElement(figure, 'img')
  let id: string | undefined
  if (figure) {
    // The figure's id (`fig-x`), else its picture's (remarkCharts gives every data chart's one).
    const target = typeof figure.properties.id === 'string' ? figure : (image ?? figure)
    if (typeof target.properties.id !== 'string') target.properties.id = unique('chart')
    id = target.properties.id as string
  }
  const back = (text: string): ElementContent => (id ? h('a', {href: `#${id}`}, text) : {type: 'text', value: text})
  if (figcaption && label) {
    const caption = figcaption.children.filter((child) => child !== label).map(textOf).join('').trim()
    return words.numbered(back(textOf(label).trim().replace(/[.:：。]$/u, '')), caption)
  }
  const summary = details.children.find((child): child is Element => child.type === 'element' && child.tagName === 'summary')
  const name = (figcaption && textOf(figcaption).trim()) || (typeof image?.properties.alt === 'string' ? image.properties.alt.trim() : '') || (summary ? textOf(summary).replace(/^Data: /, '').trim() : '')
  return words.unnumbered(back, name)
}

function previousElement(children: ReadonlyArray<Parents['children'][number]>, at: number): Element | undefined {
  for (let index = at - 1; index >= 0; index--) {
    const child = children[index]!
    if (child.type === 'element') return child
    if (child.type === 'text' && child.value.trim() === '') continue
    return undefined
  }
  return undefined
}

function findElement(node: Element, tagName: string): Element | undefined {
  let found: Element | undefined
  visit(node, 'element', (child: Element) => {
    if (found) return false
    if (child.tagName === tagName) found = child
    return undefined
  })
  return found
}

function classes(node: Element): string[] {
  const value = node.properties.className
  return Array.isArray(value) ? value.map(String) : []
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value
  return node.type === 'element' ? node.children.map(textOf).join('') : ''
}
