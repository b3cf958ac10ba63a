import type {Heading, Image, Link, Parent, Root, Text} from 'mdast'
import type {InlineMath, Math} from 'mdast-util-math'
import {visit} from 'unist-util-visit'
import {leadingAttributes, toProperties, trailingAttributes, type Attributes} from './attributes.js'
import type {EquationLabel} from './fence-lines.js'
import {slice} from './text-split.js'

declare module 'mdast' {
  interface HeadingData {
    /** Pandoc attributes written after the heading: `{#sec-x .unnumbered}`. */
    attributes?: Attributes | undefined
  }
  interface ImageData {
    /** Pandoc attributes written after the image: `{#fig-x width=60%}`. */
    attributes?: Attributes | undefined
  }
}
declare module 'mdast-util-math' {
  interface MathData {
    /** Quarto's equation label, `{#eq-x}` after the closing `$$`. */
    label?: string | undefined
  }
  interface InlineMathData {
    label?: string | undefined
  }
}

// CSS lengths pandoc passes through; a bare number is pixels.
const length = /^(\d+(?:\.\d+)?)(%|px|em|rem|cm|mm|in|pt)?$/

/**
 * Pandoc's attributes after headings (`## Method {#sec-method}`), images and
 * links (`![](x.png){#fig-x width=60%}`), and display math
 * (`$$x$$ {#eq-x}`): taken out of the text into the node's `data`.
 */
export function inlineAttributes(tree: Root, equations: ReadonlyArray<EquationLabel>): void {
  visit(tree, 'heading', (heading: Heading) => {
    const last = heading.children.at(-1)
    if (last?.type !== 'text') return
    const found = trailingAttributes(last.value)
    if (!found) return
    const kept = slice(last, 0, found.start)
    if (kept) heading.children[heading.children.length - 1] = kept
    else heading.children.pop()
    heading.data = {...heading.data, attributes: found.attributes, hProperties: {...heading.data?.hProperties, ...toProperties(found.attributes)}}
  })
  visit(tree, (node, index, parent: Parent | undefined) => {
    if ((node.type !== 'image' && node.type !== 'link' && node.type !== 'inlineMath') || !parent || index === undefined) return
    const next = parent.children[index + 1]
    if (next?.type !== 'text') return
    const text = next as Text
    const gap = node.type === 'inlineMath' ? /^[ \t]*/.exec(text.value)![0].length : 0
    const found = leadingAttributes(text.value.slice(gap))
    if (!found) return
    if (node.type === 'inlineMath') {
      if (!(node as InlineMath).data?.display || !found.attributes.id?.startsWith('eq-')) return
      node.data = {...node.data, label: found.attributes.id}
    } else {
      const styled = node as Image | Link
      styled.data = {...styled.data, ...(node.type === 'image' ? {attributes: found.attributes} : {}), hProperties: {...styled.data?.hProperties, ...toProperties(found.attributes), ...size(found.attributes)}}
    }
    text.value = text.value.slice(gap + found.length)
    if (text.position?.start.column !== undefined) {
      text.position.start = {...text.position.start, column: text.position.start.column + gap + found.length, offset: (text.position.start.offset ?? 0) + gap + found.length}
    }
    if (!text.value) parent.children.splice(index + 1, 1)
  })
  if (equations.length === 0) return
  visit(tree, 'math', (node: Math) => {
    const label = equations.find((equation) => equation.line === node.position?.end.line)
    if (label) node.data = {...node.data, label: label.id}
  })
}

/** `width=60%` / `height=3in` as an inline style every output honours. */
function size(attributes: Attributes): Record<string, string> {
  const rules: string[] = []
  for (const name of ['width', 'height'] as const) {
    const match = length.exec(attributes.pairs[name] ?? '')
    if (match) rules.push(`${name}:${match[1]}${match[2] ?? 'px'}`)
  }
  return rules.length > 0 ? {style: rules.join(';')} : {}
}
