import type {Text} from 'mdast'
import {pointInNode} from '../source-points.js'

/** The part of a text node from `start` to `end`, with its position; undefined when empty. */
export function slice(node: Text, start: number, end = node.value.length): Text | undefined {
  if (end <= start) return undefined
  const from = pointInNode(node, start)
  const to = pointInNode(node, end)
  return {type: 'text', value: node.value.slice(start, end), ...(from && to ? {position: {start: from, end: to}} : {})}
}
