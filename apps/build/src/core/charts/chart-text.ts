import type {ChartTable} from '@offprint/render-html'

/**
 * The theme's sans face (print.css `--offprint-heading-font`): charts are
 * set in it whatever the spec asks, so every face in the PDF is one the
 * theme ships and no chart falls back to a Type 3 or missing font.
 */
export function chartFont(): string {
  return 'Noto Sans'
}

const markNames: Readonly<Record<string, string>> = {
  bar: 'Bar chart',
  line: 'Line chart',
  area: 'Area chart',
  point: 'Scatter plot',
  circle: 'Scatter plot',
  square: 'Scatter plot',
  scatter: 'Scatter plot',
  arc: 'Pie chart',
  pie: 'Pie chart',
  rect: 'Heat map',
  heatmap: 'Heat map',
  boxplot: 'Box plot',
  box: 'Box plot',
  histogram: 'Histogram',
  waterfall: 'Waterfall chart'
}

/** "Bar chart of take-up by region": what a chart is, from its mark and axis titles, when its spec does not say. */
export function describe(mark: string, what: string | undefined, by: string | undefined): string {
  const kind = markNames[mark] ?? 'Chart'
  if (!what) return kind
  return `${kind} of ${what}${by ? ` by ${by}` : ''}`
}

/** Rows of records as a table: the union of their keys, in first-seen order. */
export function tableOf(values: ReadonlyArray<unknown>): ChartTable | undefined {
  const records = values.filter((value): value is Record<string, unknown> => typeof value === 'object' && value !== null)
  if (records.length === 0) return undefined
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))]
  return {columns, rows: records.map((record) => columns.map((column) => cell(record[column])))}
}

export function cell(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value as string)
}
