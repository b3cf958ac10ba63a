import type {ChartKind, ChartProblem, DrawnChart} from '@offprint/render-html'
import type {ChartDrawer} from './chart-page.js'
import {finishSvg} from './finish-svg.js'
import {isObject, parseSpec} from './parse-spec.js'

/** What one paper's charts share: its folder (data files), its inputs (the cache key), the page that draws. */
export interface ChartSession {
  folder: string
  inputs: Set<string>
  page: ChartDrawer
  /** How long one chart may take to draw, in ms. Default: 20 s. */
  timeout?: number | undefined
}

/**
 * One chart block → its SVG, ready to pack, and what its spec says of
 * itself (title, description, data); or a problem positioned in the block.
 */
export async function drawChart(kind: ChartKind, source: string, index: number, session: ChartSession): Promise<DrawnChart | {error: ChartProblem}> {
  const timeout = session.timeout ?? 20_000
  let drawn: DrawnChart | {error: ChartProblem}
  if (kind === 'mermaid') {
    drawn = await (await import('./mermaid.js')).drawMermaid(source, session.page, index, timeout)
  } else {
    const parsed = parseSpec(source, kind === 'plotly' ? 'Plotly' : 'Vega-Lite', {yaml: kind === 'vega-lite'})
    if ('error' in parsed) return parsed
    const {spec} = parsed
    if (kind === 'plotly') {
      drawn = await (await import('./plotly.js')).drawPlotly(spec, session.page, index, timeout)
    } else {
      const chart = await (await import('./vega-lite.js')).drawVegaLite(spec, session.folder, session.inputs)
      drawn = 'error' in chart ? chart : {...chart, title: titleOf(spec.title), description: typeof spec.description === 'string' ? spec.description : undefined}
    }
  }
  if ('error' in drawn) return drawn
  const finished = finishSvg(drawn.svg, `chart${index + 1}`)
  if ('error' in finished) return {error: {reason: `Unexpected ${kind} drawing that is not SVG (${finished.error}), expected SVG`, ruleId: 'chart-invalid'}}
  return {...drawn, svg: finished.svg}
}

function titleOf(title: unknown): string | undefined {
  const text = isObject(title) ? title.text : title
  if (Array.isArray(text)) return text.join(' ')
  return typeof text === 'string' && text.trim() ? text : undefined
}
