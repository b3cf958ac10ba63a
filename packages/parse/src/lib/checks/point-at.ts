import type {Literal, Point} from 'unist'

/**
 * The line and column of an offset into a literal node's value. Exact for
 * text without escapes or entities; close (same line) otherwise.
 */
export function pointAt(node: Literal & {value: string}, offset: number): Point | undefined {
  const start = node.position?.start
  if (!start) return undefined
  const lines = node.value.slice(0, offset).split('\n')
  if (lines.length === 1) return {line: start.line, column: start.column + offset}
  return {line: start.line + lines.length - 1, column: (lines.at(-1)?.length ?? 0) + 1}
}
