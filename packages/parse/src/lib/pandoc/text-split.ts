import type {Text} from 'mdast'
import type {Point} from 'unist'

/** The point `offset` characters into a text node (exact without escapes or entities, which are rare here). */
export function pointIn(node: Text, offset: number): Point | undefined {
  const start = node.position?.start
  if (!start) return undefined
  const before = node.value.slice(0, offset)
  const lines = before.split('\n')
  const point: Point = lines.length === 1 ? {line: start.line, column: start.column + offset} : {line: start.line + lines.length - 1, column: lines.at(-1)!.length + 1}
  if (start.offset !== undefined) point.offset = start.offset + offset
  return point
}

/** The part of a text node from `start` to `end`, with its position; undefined when empty. */
export function slice(node: Text, start: number, end = node.value.length): Text | undefined {
  if (end <= start) return undefined
  const from = pointIn(node, start)
  const to = pointIn(node, end)
  return {type: 'text', value: node.value.slice(start, end), ...(from && to ? {position: {start: from, end: to}} : {})}
}
