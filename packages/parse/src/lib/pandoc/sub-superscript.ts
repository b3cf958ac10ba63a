import type {Parent, PhrasingContent, Root, Text} from 'mdast'
import {visit} from 'unist-util-visit'
import {slice} from './text-split.js'

/** Pandoc's `H~2~O` and `2^10^`: rendered as `<sub>`/`<sup>` (their `data.hName`). */
export interface Subscript extends Parent {
  type: 'subscript'
  children: PhrasingContent[]
}
export interface Superscript extends Parent {
  type: 'superscript'
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    subscript: Subscript
    superscript: Superscript
  }
  interface RootContentMap {
    subscript: Subscript
    superscript: Superscript
  }
}

// Pandoc's rule: no space inside (`2^10^`, `H~2~O`), and a doubled mark is something else
// (`~~strike~~` is GFM's, read before this as a `delete`).
const marks = /(?<![~^\\])(\^|~)([^\s~^]+)\1(?![~^])/g

/**
 * `^x^` and `~x~` in text. GFM's single-tilde strikethrough is off
 * (`remarkPaperSyntax`), so `H~2~O` reaches here as text, as pandoc reads it.
 */
export function subSuperscript(tree: Root): void {
  const found: Array<[Text, Parent]> = []
  visit(tree, 'text', (node: Text, _index, parent) => {
    if (parent && (node.value.includes('^') || node.value.includes('~'))) found.push([node, parent])
  })
  for (const [node, parent] of found) {
    const result: PhrasingContent[] = []
    let cursor = 0
    for (const match of node.value.matchAll(marks)) {
      const before = slice(node, cursor, match.index)
      if (before) result.push(before)
      const inner = slice(node, match.index + 1, match.index + 1 + match[2]!.length)!
      const sup = match[1] === '^'
      const start = slice(node, match.index, match.index + match[0].length)
      result.push({
        type: sup ? 'superscript' : 'subscript',
        children: [inner],
        data: {hName: sup ? 'sup' : 'sub'},
        ...(start?.position ? {position: start.position} : {})
      } as Subscript | Superscript)
      cursor = match.index + match[0].length
    }
    if (cursor === 0) continue
    const after = slice(node, cursor)
    if (after) result.push(after)
    parent.children.splice(parent.children.indexOf(node), 1, ...(result as never[]))
  }
}
