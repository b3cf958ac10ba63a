import type {Literal, Point} from 'unist'
import {location} from 'vfile-location'

/**
 * Points (line, column, offset) for offsets into one text: a whole file, a
 * code block's value, a bibliography. Lines end at `\n`, `\r\n` or `\r`, as
 * micromark counts them, so a point agrees with the tree's own positions.
 * An offset past either end points at that end.
 */
export function pointsIn(value: string): (offset: number) => Point {
  const {toPoint} = location(value)
  return (offset) => toPoint(Math.max(0, Math.min(offset, value.length)))!
}

/** The point of one offset into a text (see `pointsIn`; make one of those for many offsets). */
export function pointInText(value: string, offset: number): Point {
  return pointsIn(value)(offset)
}

/**
 * The point `offset` characters into a literal node's value, from the node's
 * position: exact for text without escapes or entities (which the value
 * lacks), on the right line otherwise. Undefined for a node with no position.
 */
export function pointInNode(node: Literal & {value: string}, offset: number): Point | undefined {
  const start = node.position?.start
  if (!start) return undefined
  const {line, column} = pointInText(node.value, offset)
  // On its first line the value starts where the node does; later lines start at the margin.
  const point: Point = line === 1 ? {line: start.line, column: start.column + offset} : {line: start.line + line - 1, column}
  if (start.offset !== undefined) point.offset = start.offset + offset
  return point
}
