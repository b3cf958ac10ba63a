import {readFile} from 'node:fs/promises'
import {extname} from 'node:path'
import type {ChartProblem, ChartTable} from '@offprint/render-html'
import {resolveInside} from '../resolve-inside.js'
import {isObject} from './parse-spec.js'
import {chartFont, describe, tableOf} from './chart-text.js'

/** Vega-Lite's marks (composite ones included): a spec naming another is refused before Vega says something obscure. */
const marks = new Set(['arc', 'area', 'bar', 'image', 'line', 'point', 'rect', 'rule', 'text', 'tick', 'trail', 'circle', 'square', 'geoshape', 'boxplot', 'errorband', 'errorbar'])

export interface VegaChart {
  svg: string
  table?: ChartTable | undefined
  summary: string
}

/**
 * Draw a Vega-Lite spec as SVG in Node, with Vega's own renderer (no
 * browser): compiled to Vega, run headless, serialized. `data.url` must name
 * a CSV/JSON file inside the paper's folder; it is read here and given to
 * the spec as values, so Vega's loader never reaches for a file or the
 * network (its loader is also refused outright).
 */
export async function drawVegaLite(spec: Record<string, unknown>, folder: string, inputs: Set<string>): Promise<VegaChart | {error: ChartProblem}> {
  for (const mark of marksOf(spec)) {
    if (!marks.has(mark)) return {error: {reason: `Unexpected Vega-Lite mark \`${mark}\`, expected one of ${[...marks].slice(0, 11).map((m) => `\`${m}\``).join(', ')}…`, ruleId: 'chart-invalid'}}
  }
  const data = spec.data
  if (isObject(data) && typeof data.url === 'string') {
    const url = data.url
    const resolved = await resolveInside(url, folder)
    if (!resolved.ok) {
      const found = resolved.problem === 'remote' ? `remote data \`${url}\`` : resolved.problem === 'outside' ? `data file \`${url}\` outside the paper’s folder` : `missing data file \`${url}\``
      return {error: {reason: `Unexpected ${found}, expected a CSV or JSON file inside the paper’s folder (charts are built offline)`, ruleId: 'chart-data'}}
    }
    inputs.add(resolved.path)
    const text = await readFile(resolved.path, 'utf8')
    const vega = await import('vega')
    const type = (isObject(data.format) && typeof data.format.type === 'string' ? data.format.type : extname(url).slice(1).toLowerCase()) || 'json'
    let values: unknown
    try {
      values = vega.read(text, {...(isObject(data.format) ? data.format : {}), type} as never)
    } catch (error) {
      return {error: {reason: `Unexpected unreadable data file \`${url}\` (${(error as Error).message}), expected CSV or JSON`, ruleId: 'chart-data'}}
    }
    spec = {...spec, data: {values}}
  }
  const [{compile}, vega] = await Promise.all([import('vega-lite'), import('vega')])
  const config = isObject(spec.config) ? spec.config : {}
  const font = chartFont()
  spec = {...spec, config: {...config, font}}
  let svg: string
  try {
    const compiled = compile(spec as never)
    // No loader may fetch: inline values only (data.url was read above).
    const loader = vega.loader()
    loader.load = () => Promise.reject(new Error('charts read no files'))
    const view = new vega.View(vega.parse(compiled.spec), {renderer: 'none', loader})
    svg = await view.toSVG()
    view.finalize()
  } catch (error) {
    return {error: {reason: `Unexpected Vega-Lite spec Vega cannot draw (${String((error as Error).message).split('\n')[0]}), expected a valid Vega-Lite spec`, ruleId: 'chart-invalid'}}
  }
  const values = isObject(spec.data) && Array.isArray(spec.data.values) ? (spec.data.values as unknown[]) : undefined
  const encoding = isObject(spec.encoding) ? spec.encoding : {}
  const field = (channel: string) => (isObject(encoding[channel]) ? (encoding[channel] as Record<string, unknown>) : undefined)
  const name = (channel: string) => {
    const entry = field(channel)
    return typeof entry?.title === 'string' ? entry.title : typeof entry?.field === 'string' ? entry.field : undefined
  }
  const mark = marksOf(spec)[0] ?? 'chart'
  return {svg, table: values ? tableOf(values) : undefined, summary: describe(mark, name('y') ?? name('theta'), name('x') ?? name('color'))}
}

/** The marks a spec draws, at its top level and in its layers. */
function marksOf(spec: Record<string, unknown>): string[] {
  const found: string[] = []
  const mark = spec.mark
  if (typeof mark === 'string') found.push(mark)
  else if (isObject(mark) && typeof mark.type === 'string') found.push(mark.type)
  for (const key of ['layer', 'hconcat', 'vconcat', 'concat']) {
    if (Array.isArray(spec[key])) for (const part of spec[key] as unknown[]) if (isObject(part)) found.push(...marksOf(part))
  }
  if (isObject(spec.spec)) found.push(...marksOf(spec.spec))
  return found
}
