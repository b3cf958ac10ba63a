import {parseDocument} from 'yaml'
import type {ChartProblem} from '@offprint/render-html'
import {pointInText} from '@offprint/parse/source-points'

/**
 * A chart spec as JSON, or (Vega-Lite only) YAML: the object, or where it
 * is malformed, counted inside the block (the caller adds the block's line).
 */
export function parseSpec(source: string, kind: string, options: {yaml: boolean}): {spec: Record<string, unknown>} | {error: ChartProblem} {
  const json = source.trimStart().startsWith('{')
  if (json || !options.yaml) {
    try {
      const spec = JSON.parse(source) as unknown
      if (isObject(spec)) return {spec}
      return {error: {reason: `Unexpected ${kind} spec that is not an object, expected \`{…}\``, ruleId: 'chart-invalid', line: 1, column: 1}}
    } catch (error) {
      const message = String((error as Error).message)
      const offset = Number(/position (\d+)/.exec(message)?.[1] ?? source.length)
      const {line, column} = lineAndColumn(source, offset)
      return {error: {reason: `Unexpected invalid JSON in ${kind} block (${message.replace(/ in JSON at position.*$/, '')}), expected a JSON ${kind} spec`, ruleId: 'chart-invalid', line, column}}
    }
  }
  const document = parseDocument(source, {prettyErrors: false})
  const problem = document.errors[0]
  if (problem) {
    const {line, column} = lineAndColumn(source, problem.pos[0])
    return {error: {reason: `Unexpected invalid YAML in ${kind} block (${problem.message.split('\n')[0]}), expected a JSON or YAML ${kind} spec`, ruleId: 'chart-invalid', line, column}}
  }
  const spec = document.toJS() as unknown
  if (isObject(spec)) return {spec}
  return {error: {reason: `Unexpected ${kind} spec that is not a mapping, expected keys such as \`mark\` and \`encoding\``, ruleId: 'chart-invalid', line: 1, column: 1}}
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function lineAndColumn(source: string, offset: number): {line: number; column: number} {
  const {line, column} = pointInText(source, offset)
  return {line, column}
}
