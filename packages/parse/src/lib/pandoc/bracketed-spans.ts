import type {Parent, PhrasingContent, Root, Text} from 'mdast'
import {visit} from 'unist-util-visit'
import {leadingAttributes, type Attributes} from './attributes.js'
import {pointInNode} from '../source-points.js'
import {slice} from './text-split.js'

/** Pandoc's bracketed span `[text]{.smallcaps lang=ja}`. */
export interface BracketedSpan extends Parent {
  type: 'bracketedSpan'
  attributes: Attributes
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    bracketedSpan: BracketedSpan
  }
  interface RootContentMap {
    bracketedSpan: BracketedSpan
  }
}

/**
 * `[text]{…}` is text and brackets to CommonMark (no link of that name):
 * the nearest unmatched `[` before a `]{…}` in the same parent opens a span
 * holding everything between, emphasis and all.
 */
export function bracketedSpans(tree: Root): void {
  visit(tree, (node) => {
    if (!('children' in node) || node.type === 'bracketedSpan') return
    const parent = node as Parent
    while (spanOnce(parent)) {
      // One span at a time: each changes the children the next search walks.
    }
  })
}

function spanOnce(parent: Parent): boolean {
  const children = parent.children as PhrasingContent[]
  const open: Array<{index: number; offset: number}> = []
  for (const [index, child] of children.entries()) {
    if (child.type !== 'text') continue
    const value = child.value
    for (let offset = 0; offset < value.length; offset++) {
      const char = value.charAt(offset)
      if (char === '[') open.push({index, offset})
      else if (char === ']') {
        const start = open.pop()
        if (!start) continue
        const found = value.charAt(offset + 1) === '{' ? leadingAttributes(value.slice(offset + 1)) : undefined
        if (!found) continue
        if (start.index === index && start.offset + 1 === offset) continue
        wrap(parent, start, {index, offset}, found.attributes, found.length)
        return true
      }
    }
  }
  return false
}

function wrap(parent: Parent, start: {index: number; offset: number}, end: {index: number; offset: number}, attributes: Attributes, length: number): void {
  const children = parent.children as PhrasingContent[]
  const first = children[start.index] as Text
  const last = children[end.index] as Text
  const inside: PhrasingContent[] =
    start.index === end.index
      ? [slice(first, start.offset + 1, end.offset)].filter((node) => node !== undefined)
      : [slice(first, start.offset + 1), ...children.slice(start.index + 1, end.index), slice(last, 0, end.offset)].filter((node) => node !== undefined)
  const from = pointInNode(first, start.offset)
  const to = pointInNode(last, end.offset + 1 + length)
  const span: BracketedSpan = {type: 'bracketedSpan', attributes, children: inside, ...(from && to ? {position: {start: from, end: to}} : {})}
  const replacement: PhrasingContent[] = [slice(first, 0, start.offset), span, slice(last, end.offset + 1 + length)].filter((node) => node !== undefined)
  children.splice(start.index, end.index - start.index + 1, ...replacement)
}
