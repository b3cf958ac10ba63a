import type {Text} from 'mdast'
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {pointsIn} from '@offprint/parse/source-points'

/** Points in the source for offsets into the value of a text node. */
export type PointAt = (offset: number) => Point | undefined

/**
 * A text node's value is its source minus markup: escapes (`\*`), entities,
 * and the `> ` or list indent of continuation lines. Walking value and source
 * side by side, skipping what the value lacks, maps each value offset to a
 * source offset, so a citation on the third line of a quoted paragraph still
 * points at its own `[`.
 */
export function createPointAt(file: VFile, node: Text): PointAt {
  const start = node.position?.start
  const end = node.position?.end
  const source = String(file.value ?? '')
  if (!start || !end || start.offset === undefined || end.offset === undefined) return () => undefined
  const raw = source.slice(start.offset, end.offset)
  const map: number[] = []
  let cursor = 0
  for (const char of node.value) {
    const found = raw.indexOf(char, cursor)
    // A character the source spells otherwise (an entity): keep the last place.
    const at = found === -1 ? cursor : found
    for (let unit = 0; unit < char.length; unit++) map.push(at + unit)
    cursor = found === -1 ? cursor : found + char.length
  }
  map.push(cursor)
  const pointAt = pointsIn(source)
  return (offset) => pointAt(start.offset! + (map[Math.min(offset, map.length - 1)] ?? 0))
}
