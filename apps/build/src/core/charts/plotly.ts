import type {ChartProblem, ChartTable} from '@offprint/render-html'
import type {ChartDrawer} from './chart-page.js'
import {cell, chartFont, describe} from './chart-text.js'
import {isObject} from './parse-spec.js'

/** The text block's width in CSS px (A4 less the theme's 27 mm margins): a chart drawn wider is scaled down. */
export const textWidth = 590

export interface PlotlyChart {
  svg: string
  title?: string | undefined
  summary: string
  table?: ChartTable | undefined
  warnings: ChartProblem[]
}

/**
 * Drawn in the chart page: a static plot at the given size, serialized by
 * Plotly's own `Snapshot.toSVG` (what `toImage` does after drawing the plot
 * a second time in a clone: once is enough for a plot that is thrown away).
 */
const draw = `async ({data, layout, width, height}) => {
  const node = document.createElement('div')
  node.style.width = width + 'px'
  document.body.replaceChildren(node)
  await Plotly.newPlot(node, data, {...layout, width, height}, {staticPlot: true, displayModeBar: false})
  const svg = Plotly.Snapshot.toSVG(node)
  Plotly.purge(node)
  node.remove()
  return svg
}`

/**
 * Draw a Plotly figure (`data` and `layout`, as Plotly's JSON has them)
 * with Plotly's own code, in the chart page. Fonts become the theme's
 * sans; pictures the layout would fetch (`layout.images` by URL) are
 * dropped with a warning; the width is the spec's, at most the text block's.
 */
export async function drawPlotly(spec: Record<string, unknown>, page: ChartDrawer, index: number, timeout: number): Promise<PlotlyChart | {error: ChartProblem}> {
  if (!Array.isArray(spec.data)) return {error: {reason: 'Unexpected Plotly figure without a `data` array, expected `{"data": [...], "layout": {...}}`', ruleId: 'chart-invalid', line: 1, column: 1}}
  const warnings: ChartProblem[] = []
  const layout = withFont(upgradeTitles(isObject(spec.layout) ? structuredClone(spec.layout) : {})) as Record<string, unknown>
  if (Array.isArray(layout.images)) {
    const kept = (layout.images as unknown[]).filter((image) => isObject(image) && typeof image.source === 'string' && /^data:image\/(png|jpeg|gif|webp)[;,]/i.test(image.source))
    if (kept.length < layout.images.length) {
      warnings.push({reason: 'Unexpected picture by URL in a Plotly layout (`layout.images`), expected none: charts fetch nothing, so it is left out', ruleId: 'chart-remote'})
    }
    layout.images = kept
  }
  const data = withFont(structuredClone(spec.data)) as unknown[]
  const width = Math.min(typeof layout.width === 'number' && layout.width > 0 ? layout.width : textWidth, textWidth)
  const height = typeof layout.height === 'number' && layout.height > 0 ? Math.min(layout.height, 900) : Math.round(width * 0.62)
  // The seed differs by chart so that two charts of one paper draw different ids.
  let svg: string
  try {
    svg = await page.run<string>('plotly', 1000 + index, draw, {data, layout, width, height}, timeout)
  } catch (error) {
    return {error: {reason: `Unexpected Plotly figure Plotly cannot draw (${String((error as Error).message).split('\n')[0]}), expected valid \`data\` and \`layout\``, ruleId: 'chart-invalid', line: 1, column: 1}}
  }
  return {svg, title: titleOf(layout.title), summary: summaryOf(data, layout), table: tableOf(data), warnings}
}

/**
 * Titles as Plotly 1 and 2 took them (`"title": "…"`, `titlefont`), which
 * Plotly 3 drops silently, rewritten as `{text, font}`: the corpus's
 * charts were made that way, and their axis titles must not vanish.
 */
function upgradeTitles(layout: Record<string, unknown>): Record<string, unknown> {
  const upgrade = (owner: Record<string, unknown>) => {
    const title = typeof owner.title === 'string' ? {text: owner.title} : isObject(owner.title) ? owner.title : undefined
    if (title && isObject(owner.titlefont)) title.font = {...owner.titlefont, ...(isObject(title.font) ? title.font : {})}
    if (title) owner.title = title
    delete owner.titlefont
  }
  upgrade(layout)
  for (const [key, value] of Object.entries(layout)) if (/^(x|y)axis\d*$|^legend$|^coloraxis$/.test(key) && isObject(value)) upgrade(value)
  return layout
}

/** Every `family` in the spec set to the theme's sans, and the layout's default font too. */
function withFont(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withFont)
  if (!isObject(value)) return value
  const result: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(value)) result[key] = key === 'family' ? chartFont() : withFont(entry)
  if ('xaxis' in value || 'yaxis' in value || 'title' in value || 'margin' in value || 'font' in value) result.font = {...(isObject(result.font) ? result.font : {}), family: chartFont()}
  return result
}

function titleOf(title: unknown): string | undefined {
  const text = isObject(title) ? title.text : title
  return typeof text === 'string' && text.trim() ? text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : undefined
}

function summaryOf(data: unknown[], layout: Record<string, unknown>): string {
  const first = data.find(isObject)
  const type = typeof first?.type === 'string' ? first.type : 'scatter'
  const mode = typeof first?.mode === 'string' ? first.mode : ''
  const mark = type === 'scatter' || type === 'scattergl' ? (mode.includes('lines') || !mode ? 'line' : 'scatter') : type
  const axis = (name: string) => (isObject(layout[name]) ? titleOf((layout[name] as Record<string, unknown>).title) : undefined)
  return describe(mark, axis('yaxis'), axis('xaxis'))
}

/** The traces' numbers as one table: the x values down the side, a column per trace. */
function tableOf(data: unknown[]): ChartTable | undefined {
  const traces = data.filter(isObject).filter((trace) => Array.isArray(trace.y) || Array.isArray(trace.values))
  if (traces.length === 0) return undefined
  const xsOf = (trace: Record<string, unknown>) => (Array.isArray(trace.x) ? trace.x : Array.isArray(trace.labels) ? trace.labels : (trace.y ?? trace.values) as unknown[]).map(cell)
  const ysOf = (trace: Record<string, unknown>) => ((trace.y ?? trace.values) as unknown[]).map(cell)
  const keys = [...new Set(traces.flatMap((trace) => (Array.isArray(trace.x) || Array.isArray(trace.labels) ? xsOf(trace) : ysOf(trace).map((_, at) => String(at + 1)))))]
  const columns = ['', ...traces.map((trace, at) => (typeof trace.name === 'string' && trace.name ? trace.name : `Series ${at + 1}`))]
  const rows = keys.map((key) => [
    key,
    ...traces.map((trace) => {
      const xs = Array.isArray(trace.x) || Array.isArray(trace.labels) ? xsOf(trace) : ysOf(trace).map((_, at) => String(at + 1))
      const at = xs.indexOf(key)
      return at >= 0 ? (ysOf(trace)[at] ?? '') : ''
    })
  ])
  return {columns, rows}
}
