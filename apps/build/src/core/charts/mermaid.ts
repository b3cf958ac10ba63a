import type {ChartProblem} from '@offprint/render-html'
import type {ChartDrawer} from './chart-page.js'
import {chartFont} from './chart-text.js'

/**
 * Drawn in the chart page: Mermaid's own render, labels as SVG text (not
 * HTML in a foreignObject, which the sanitizer drops and a PDF cannot
 * search), ids from the chart's own.
 */
const draw = `async ({id, text, font}) => {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    deterministicIds: true,
    deterministicIDSeed: id,
    htmlLabels: false,
    flowchart: {htmlLabels: false},
    fontFamily: font,
    themeVariables: {fontFamily: font}
  })
  try {
    const {svg} = await mermaid.render(id, text)
    return {svg}
  } catch (error) {
    return {error: String(error && error.message || error)}
  }
}`

export interface MermaidChart {
  svg: string
  summary: string
}

/** Draw a Mermaid diagram with Mermaid's own code, in the chart page. */
export async function drawMermaid(text: string, page: ChartDrawer, index: number, timeout: number): Promise<MermaidChart | {error: ChartProblem}> {
  let result: {svg?: string; error?: string}
  try {
    result = await page.run<{svg?: string; error?: string}>('mermaid', 2000 + index, draw, {id: `mermaid-${index + 1}`, text, font: chartFont()}, timeout)
  } catch (error) {
    return {error: {reason: `Unexpected Mermaid diagram Mermaid cannot draw (${String((error as Error).message).split('\n')[0]}), expected a valid diagram`, ruleId: 'chart-invalid', line: 1, column: 1}}
  }
  if (result.error !== undefined || !result.svg) {
    const message = result.error ?? 'no drawing'
    const line = Number(/on line (\d+)/.exec(message)?.[1] ?? 1)
    // Mermaid's parser says "Parse error on line 3:", the line, a caret, then "Expecting …, got …".
    const parts = message.split('\n').map((part) => part.trim()).filter(Boolean)
    const reason = parts.find((part) => /^Expecting|^Lexical error|^Unrecognized|^No diagram/i.test(part)) ?? parts[0] ?? message
    return {error: {reason: `Unexpected Mermaid diagram Mermaid cannot draw (${reason}), expected a valid diagram`, ruleId: 'chart-invalid', line, column: 1}}
  }
  const kind = /^\s*(\w+)/.exec(text)?.[1] ?? 'diagram'
  const names: Record<string, string> = {flowchart: 'Flowchart', graph: 'Flowchart', sequenceDiagram: 'Sequence diagram', classDiagram: 'Class diagram', stateDiagram: 'State diagram', erDiagram: 'Entity–relationship diagram', gantt: 'Gantt chart', pie: 'Pie chart', timeline: 'Timeline', mindmap: 'Mind map'}
  return {svg: result.svg, summary: names[kind] ?? 'Diagram'}
}
