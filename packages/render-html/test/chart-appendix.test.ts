import type {Element, Root as HastRoot} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {createPaperProcessor, toDocumentTree, type ChartRenderer, type RenderedPaper} from '@offprint/render-html'

// `charts: {data: appendix}`: the printed document's “Chart data” appendix,
// made from the details remarkCharts puts after each data chart.

const paper = (lang: string) =>
  [
    '---',
    'title: A paper',
    `lang: ${lang}`,
    '---',
    '',
    'As @fig-takeup shows.[^1]',
    '',
    '```vega-lite',
    '#| label: fig-takeup',
    '#| fig-cap: Take-up by region',
    '{"n": 1}',
    '```',
    '',
    '```plotly',
    '#| caption: Spending by year',
    '{"n": 2}',
    '```',
    '',
    '```plotly',
    '{"n": 3}',
    '```',
    '',
    '```mermaid',
    'graph LR',
    '```',
    '',
    '[^1]: A note.',
    ''
  ].join('\n')

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>A</text></svg>'

/** Charts 1–3 have data (the third no caption, only its description); the diagram has none. */
const renderer: ChartRenderer = {
  async render(kind, _text, {index}) {
    if (kind === 'mermaid') return {svg, summary: 'Flowchart'}
    return {svg, description: `Chart ${index + 1} described`, summary: 'Bar chart', table: {columns: ['year', 'value'], rows: [['2025', `${index + 1}0.5`]]}}
  }
}

async function rendered(lang = 'en'): Promise<RenderedPaper> {
  const processor = createPaperProcessor({charts: {renderer}})
  const file = new VFile({path: 'papers/x.md', value: paper(lang)})
  await processor.run(processor.parse(file), file)
  return file.data.rendered!
}

/** The article's parts, in order: `section.notes`. */
function parts(tree: HastRoot): string[] {
  let article: Element | undefined
  visit(tree, 'element', (node: Element) => {
    if (!article && node.tagName === 'article') article = node
  })
  return article!.children.filter((child): child is Element => child.type === 'element').map((child) => `${child.tagName}.${String((child.properties.className as string[] | undefined)?.[0] ?? '')}`)
}

describe('addChartAppendix (toDocumentTree with chartData: appendix)', () => {
  it('moves each chart’s table to a “Chart data” section after the text, before the notes, captioned by its figure and linked both ways', async () => {
    const paper = await rendered()
    const tree = toDocumentTree(paper, {css: '', hyphenate: false, chartData: 'appendix'})
    const html = toHtml(tree)
    expect(parts(tree)).toEqual(['header.title-block', 'div.paper-body', 'section.chart-appendix', 'section.notes'])
    expect(html).not.toContain('<details')
    // The section takes the first table's id: its link lands on the heading above that table.
    expect(html).toContain('<section class="chart-appendix" id="chart1-data" role="doc-appendix"><h2>Chart data</h2><table><caption>Data for <a href="#fig-takeup">Figure\u00a01</a>: Take-up by region</caption>')
    expect(html).toContain('<table id="chart2-data"><caption>Data for <a href="#chart2">“Spending by year”</a></caption>')
    // No caption: the alt text names it.
    expect(html).toContain('<table id="chart3-data"><caption>Data for <a href="#chart3">“Chart 3 described”</a></caption>')
    expect(html).toContain('<td class="numeric">30.5</td>')
    const references = Array.from(html.matchAll(/<p class="chart-data-ref"><a href="#([^"]+)">Data: see “Chart data” at the end<\/a><\/p>/g), (match) => match[1])
    expect(references).toEqual(['chart1-data', 'chart2-data', 'chart3-data'])
    // Every link has its target, once.
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(html.match(new RegExp(` id="${target}"`, 'g')), target).toHaveLength(1)
  })

  it('leaves the rendered paper alone: the EPUB and the web page keep the details, with the same ids', async () => {
    const paper = await rendered()
    const before = JSON.stringify(paper)
    toDocumentTree(paper, {css: '', hyphenate: false, chartData: 'appendix'})
    expect(JSON.stringify(paper)).toBe(before)
    const web = toHtml(toDocumentTree(paper, {css: '', hyphenate: false}))
    expect(web).not.toContain('chart-appendix')
    expect(Array.from(web.matchAll(/<details class="chart-data" id="([^"]+)"/g), (match) => match[1])).toEqual(['chart1-data', 'chart2-data', 'chart3-data'])
    expect(web).toContain('<img src="data:image/svg+xml;base64,')
    expect(web).toMatch(/<img [^>]*id="chart2"/)
  })

  it('speaks the paper’s language', async () => {
    const html = toHtml(toDocumentTree(await rendered('ja'), {css: '', hyphenate: false, chartData: 'appendix'}))
    expect(html).toContain('<h2>図のデータ</h2><table><caption><a href="#fig-takeup">図\u00a01</a>のデータ：Take-up by region</caption>')
    expect(html).toContain('<a href="#chart2">「Spending by year」</a>のデータ')
    expect(html).toContain('データ：巻末「図のデータ」を参照')
  })

  it('adds nothing to a paper without data charts', async () => {
    const processor = createPaperProcessor({charts: {renderer}})
    const file = new VFile({path: 'papers/y.md', value: '---\ntitle: T\n---\n\n```mermaid\ngraph LR\n```\n'})
    await processor.run(processor.parse(file), file)
    const html = toHtml(toDocumentTree(file.data.rendered!, {css: '', hyphenate: false, chartData: 'appendix'}))
    expect(html).not.toMatch(/chart-appendix|chart-data/)
  })
})
