// `data.hProperties` on mdast nodes, as mdast-util-to-hast reads it.
import type {} from 'mdast-util-to-hast'

/** Pandoc's attributes `{#id .class key=value key="a value"}`, read. */
export interface Attributes {
  id?: string | undefined
  classes: string[]
  /** Key–value pairs in source order; keys lowercased. */
  pairs: Record<string, string>
}

// One attribute: `#id`, `.class`, `key=value`, `key="quoted value"` or `key='…'`.
const part = /\s*(?:#([\w:.-]+)|\.([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+)))/y

/**
 * Read the inside of a `{…}` attribute block; undefined when it is not one
 * (so `{x}` in prose, or a TeX group, stays text).
 */
export function parseAttributes(inside: string): Attributes | undefined {
  const result: Attributes = {classes: [], pairs: {}}
  part.lastIndex = 0
  let index = 0
  let count = 0
  while (index < inside.length) {
    if (/^\s*$/.test(inside.slice(index))) break
    part.lastIndex = index
    const match = part.exec(inside)
    if (!match) return undefined
    count++
    if (match[1] !== undefined) result.id = match[1]
    else if (match[2] !== undefined) result.classes.push(match[2])
    else result.pairs[match[3]!.toLowerCase()] = match[4] ?? match[5] ?? match[6] ?? ''
    index = part.lastIndex
  }
  return count > 0 ? result : undefined
}

/** A `{…}` attribute block at the very start of `value`: its attributes and length. */
export function leadingAttributes(value: string): {attributes: Attributes; length: number} | undefined {
  if (!value.startsWith('{')) return undefined
  const end = value.indexOf('}')
  if (end < 0) return undefined
  const attributes = parseAttributes(value.slice(1, end))
  return attributes ? {attributes, length: end + 1} : undefined
}

/** A `{…}` attribute block ending `value` (after optional spaces): its attributes and where it starts. */
export function trailingAttributes(value: string): {attributes: Attributes; start: number} | undefined {
  const match = /\s*\{([^{}]*)\}\s*$/.exec(value)
  if (!match) return undefined
  const attributes = parseAttributes(match[1]!)
  return attributes ? {attributes, start: match.index} : undefined
}

/** The hast properties of attributes: `id`, `className`, and the pairs pandoc passes through. */
export function toProperties(attributes: Attributes): Record<string, string | string[]> {
  const properties: Record<string, string | string[]> = {}
  if (attributes.id) properties.id = attributes.id
  if (attributes.classes.length > 0) properties.className = [...attributes.classes]
  if (attributes.pairs.lang) properties.lang = attributes.pairs.lang
  if (attributes.pairs.dir) properties.dir = attributes.pairs.dir
  if (attributes.pairs.title) properties.title = attributes.pairs.title
  return properties
}
