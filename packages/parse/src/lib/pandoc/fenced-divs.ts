import type {BlockContent, Heading, Parent, PhrasingContent, Root, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Attributes} from './attributes.js'
import type {DivFences} from './fence-lines.js'

/** Quarto's callout kinds, as the class `callout-<kind>` names them. */
export const calloutKinds = ['note', 'tip', 'warning', 'important', 'caution'] as const
export type CalloutKind = (typeof calloutKinds)[number]

/** Pandoc's fenced div `::: {#id .class}` … `:::`: a block container with attributes. */
export interface FencedDiv extends Parent {
  type: 'fencedDiv'
  attributes: Attributes
  /** A callout's title: its first heading, or its `title="…"`. */
  title?: PhrasingContent[] | undefined
  /** The callout kind when a class `callout-<kind>` names one. */
  callout?: CalloutKind | undefined
  children: Array<BlockContent>
}

declare module 'mdast' {
  interface BlockContentMap {
    fencedDiv: FencedDiv
  }
  interface RootContentMap {
    fencedDiv: FencedDiv
  }
}

/**
 * Group the blocks between each pair of fence lines (found and blanked
 * before the parse) into `fencedDiv` nodes, nested as the fences nest. Only
 * blocks wholly inside a pair move; a callout's leading heading becomes its
 * title (it is no section of the paper).
 */
export function fencedDivs(tree: Root, divs: ReadonlyArray<DivFences>): void {
  if (divs.length === 0) return
  tree.children = group(tree.children, divs) as RootContent[]
}

function group(children: RootContent[], divs: ReadonlyArray<DivFences>): RootContent[] {
  const result: RootContent[] = []
  let index = 0
  // Outermost pairs first: a pair inside another is handled by the recursion.
  const outer = divs.filter((div) => !divs.some((other) => other !== div && other.start < div.start && other.end > div.end))
  for (const div of outer) {
    while (index < children.length && startOf(children[index]!) < div.start) result.push(children[index++]!)
    const inside: RootContent[] = []
    while (index < children.length && endOf(children[index]!) <= div.end) inside.push(children[index++]!)
    const nested = divs.filter((other) => other !== div && other.start > div.start && other.end < div.end)
    result.push(toDiv(group(inside, nested), div))
  }
  while (index < children.length) result.push(children[index++]!)
  return result
}

function toDiv(children: RootContent[], div: DivFences): FencedDiv {
  const kind = div.attributes.classes.map((name) => /^callout-(\w+)$/.exec(name)?.[1]).find((name) => calloutKinds.includes(name as CalloutKind)) as CalloutKind | undefined
  const node: FencedDiv = {
    type: 'fencedDiv',
    attributes: div.attributes,
    children: children as BlockContent[],
    position: {start: div.startPoint, end: div.endPoint}
  }
  if (kind) {
    node.callout = kind
    const first = node.children[0]
    if (first?.type === 'heading') {
      node.title = (first as Heading).children
      node.children.shift()
    } else if (div.attributes.pairs.title) {
      node.title = [{type: 'text', value: div.attributes.pairs.title}]
    }
  }
  return node
}

function startOf(node: RootContent): number {
  return node.position?.start.offset ?? 0
}

function endOf(node: RootContent): number {
  return node.position?.end.offset ?? 0
}

/** The callout's title as plain text (for the accessible name). */
export function calloutTitle(node: FencedDiv): string {
  return node.title ? toString({type: 'paragraph', children: node.title}) : ''
}
