import type {Code, Image, Paragraph, Root, RootContent, Table, TableRow} from 'mdast'
import {report} from '@offprint/parse/report'
import type {Point, Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'

/** The code block languages that are charts, and what draws them. */
export type ChartKind = 'vega-lite' | 'plotly' | 'mermaid'

const kinds: ReadonlySet<string> = new Set<ChartKind>(['vega-lite', 'plotly', 'mermaid'])

/** The class of the `<details>` holding a chart's data: the print document finds it by it (`addChartAppendix`). */
export const chartDataClass = 'chart-data'

/** A chart's data as a table, for readers who cannot see it. */
export interface ChartTable {
  columns: string[]
  rows: string[][]
}

/** A chart drawn: its SVG (sanitized, ids stable) and what the spec says of itself. */
export interface DrawnChart {
  svg: string
  /** The spec's title, if it has one. */
  title?: string | undefined
  /** The spec's description, if it has one: the alt text. */
  description?: string | undefined
  /** What the chart is, said from its spec ("Bar chart of take-up by region"): the alt text of last resort. */
  summary: string
  table?: ChartTable | undefined
  /** Warnings about the spec (something dropped), positioned like errors. */
  warnings?: ChartProblem[] | undefined
}

/** Why a chart could not be drawn; `line`/`column` count inside the block's source (1-based). */
export interface ChartProblem {
  reason: string
  ruleId: string
  line?: number | undefined
  column?: number | undefined
}

export interface ChartRenderer {
  /**
   * Draw one block. `index` counts the paper's charts from 0, so the ids a
   * chart's SVG carries can be made unique and the same on every build.
   */
  render(kind: ChartKind, source: string, context: {file: VFile; node: Code; index: number}): Promise<DrawnChart | {error: ChartProblem}>
}

export interface RemarkChartsOptions {
  /** What draws the charts (the series library: Vega in Node, Plotly and Mermaid in a browser page). Default: none, and chart blocks stay code. */
  renderer?: ChartRenderer | undefined
}

const emptyOptions: Readonly<RemarkChartsOptions> = Object.freeze({})

/**
 * ```vega-lite, ```plotly and ```mermaid code blocks → figures: an image of
 * the chart's SVG (a data: URI, checked and packed as every figure is) with
 * its caption and alternate text, and for data charts the numbers as a table
 * in a `<details>` after it. Block attributes (`#| caption: …`, `#| alt: …`)
 * at the top of the block come before the spec's own title and description.
 */
export function remarkCharts(options: RemarkChartsOptions = emptyOptions) {
  const renderer = options.renderer
  return async (tree: Root, file: VFile): Promise<undefined> => {
    if (!renderer) return
    const found: Array<{node: Code; index: number; parent: {children: RootContent[]}}> = []
    visit(tree, 'code', (node, index, parent) => {
      if (node.lang && kinds.has(node.lang) && parent && index !== undefined) found.push({node, index, parent: parent as {children: RootContent[]}})
    })
    // One at a time, in order: the ids each chart gets follow from its place in the paper.
    const replacements: Array<{node: Code; parent: {children: RootContent[]}; with: RootContent[]}> = []
    for (const [count, {node, parent}] of found.entries()) {
      const {attributes, body, skipped} = blockAttributes(node.value)
      const drawn = await renderer.render(node.lang as ChartKind, body, {file, node, index: count})
      const place = (problem: ChartProblem): Point | undefined => {
        const start = node.position?.start
        if (!start) return undefined
        // The block's source starts on the line after the fence.
        return problem.line ? {line: start.line + 1 + skipped + problem.line - 1, column: (problem.column ?? 1) + (node.position!.start.column - 1)} : start
      }
      if ('error' in drawn) {
        report(file, {reason: drawn.error.reason, ruleId: drawn.error.ruleId, severity: 'error', place: place(drawn.error)})
        continue
      }
      for (const warning of drawn.warnings ?? []) report(file, {reason: warning.reason, ruleId: warning.ruleId, severity: 'warning', place: place(warning)})
      const alt = attributes.alt ?? drawn.description ?? drawn.title
      if (!alt) {
        report(file, {
          reason: `Unexpected ${node.lang} chart without a description, expected a \`description\` in the spec or \`#| alt: …\` (readers who cannot see it hear “${drawn.summary}”)`,
          ruleId: 'chart-description',
          severity: 'warning',
          place: node.position
        })
      }
      const image: Image = {
        type: 'image',
        url: `data:image/svg+xml;base64,${Buffer.from(drawn.svg, 'utf8').toString('base64')}`,
        alt: alt ?? drawn.summary,
        title: attributes.caption ?? drawn.title ?? null,
        position: node.position,
        data: {
          // `#| label: fig-x`: numbered with the paper's figures by the cross-reference stage.
          ...(node.data?.figure ? {figure: node.data.figure} : {}),
          // A data chart and its table have ids in every output, so print can link the two across pages (`addChartAppendix`) and the EPUB's print page list finds them.
          ...(drawn.table ? {hProperties: {id: `chart${count + 1}`}} : {})
        }
      }
      const figure: Paragraph = {type: 'paragraph', children: [image], position: node.position}
      replacements.push({node, parent, with: drawn.table ? [figure, dataTable(drawn.table, alt ?? drawn.summary, `chart${count + 1}-data`, node.position)] : [figure]})
    }
    for (const replacement of replacements) {
      const at = replacement.parent.children.indexOf(replacement.node)
      if (at >= 0) replacement.parent.children.splice(at, 1, ...replacement.with)
    }
  }
}

/** `#| key: value` lines at the top of a block (Quarto's cell options), and the spec after them. */
function blockAttributes(value: string): {attributes: {caption?: string; alt?: string; label?: string}; body: string; skipped: number} {
  const lines = value.split('\n')
  const attributes: Record<string, string> = {}
  let skipped = 0
  for (const line of lines) {
    const match = /^\s*(?:#|%%)\|\s*([\w-]+)\s*:\s*(.*?)\s*$/.exec(line)
    if (!match) break
    attributes[match[1]!.replace(/^fig-/, '')] = match[2]!.replace(/^(["'])(.*)\1$/, '$2')
    skipped++
  }
  return {attributes: {caption: attributes.cap ?? attributes.caption, alt: attributes.alt, label: attributes.label}, body: lines.slice(skipped).join('\n'), skipped}
}

/** The chart's numbers as a GFM table inside `<details>`: a screen reader's way to the data. */
function dataTable(table: ChartTable, name: string, id: string, position: Position | undefined): RootContent {
  const row = (cells: string[]): TableRow => ({type: 'tableRow', children: cells.map((cell) => ({type: 'tableCell', children: [{type: 'text', value: cell}]}))})
  // At the block's place: a table too wide for the page is warned about there (`table-too-wide`).
  const grid: Table = {type: 'table', align: table.columns.map(() => null), children: [row(table.columns), ...table.rows.map(row)], position}
  const summary = {type: 'paragraph', data: {hName: 'summary'}, children: [{type: 'text', value: `Data: ${name}`}]} as Paragraph
  return {type: 'blockquote', data: {hName: 'details', hProperties: {className: [chartDataClass], id}}, children: [summary, grid]} as RootContent
}
