import type {Root as HastRoot} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {createPaperProcessor, type ChartRenderer} from '@offprint/render-html'

const source = [
  '---',
  'title: A paper',
  '---',
  '',
  '```vega-lite',
  '#| caption: Take-up by region',
  '{"description": "Take-up is highest in the North."}',
  '```',
  '',
  '```plotly',
  '{"data": []}',
  '```',
  '',
  '```mermaid',
  'graph LR',
  '  A --> B',
  '```',
  '',
  '```js',
  'let x = 1',
  '```',
  ''
].join('\n')

async function run(renderer: ChartRenderer | undefined) {
  const processor = createPaperProcessor({charts: {renderer}})
  const file = new VFile({path: 'papers/x.md', value: source})
  const tree = (await processor.run(processor.parse(file), file)) as HastRoot
  return {file, html: toHtml(tree)}
}

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>A</text></svg>'

describe('remarkCharts', () => {
  it('turns chart blocks into figures with caption and alt text, in order, and leaves other code alone', async () => {
    const seen: string[] = []
    const {file, html} = await run({
      async render(kind, text, {index}) {
        seen.push(`${index} ${kind} ${text.split('\n')[0]}`)
        if (kind === 'plotly') return {error: {reason: 'Unexpected broken figure, expected a good one', ruleId: 'chart-invalid', line: 1, column: 3}}
        return kind === 'vega-lite' ? {svg, description: 'Take-up is highest in the North.', summary: 'Bar chart', table: {columns: ['region', 'takeup'], rows: [['North', '71']]}} : {svg, summary: 'Flowchart'}
      }
    })
    // The attribute line is not part of the spec.
    expect(seen).toEqual(['0 vega-lite {"description": "Take-up is highest in the North."}', '1 plotly {"data": []}', '2 mermaid graph LR'])
    const figures = Array.from(html.matchAll(/<figure><img src="data:image\/svg\+xml;base64,[^"]+" alt="([^"]*)"[^>]*><figcaption>([^<]*)<\/figcaption><\/figure>/g), (match) => [match[1], match[2]])
    expect(figures).toEqual([
      ['Take-up is highest in the North.', 'Take-up by region'],
      ['Flowchart', 'Flowchart']
    ])
    expect(html).toMatch(/<details class="chart-data"[^>]*>\s*<summary>Data: Take-up is highest in the North.<\/summary>/)
    expect(html).toContain('let x = 1')
    const messages = file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.fatal ? 'error' : 'warning'}`)
    expect(messages).toEqual(['11:3 chart-invalid error', '14:1 chart-description warning'])
  })

  it('leaves chart blocks as code without a renderer', async () => {
    const {file, html} = await run(undefined)
    expect(html).toContain('language-vega-lite')
    expect(file.messages).toEqual([])
  })
})
