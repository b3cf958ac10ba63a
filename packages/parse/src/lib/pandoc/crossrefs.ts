import type {Code, Heading, Image, Node, Parent, PhrasingContent, Root, Table, Text} from 'mdast'
import type {InlineMath, Math} from 'mdast-util-math'
import type {VFile} from 'vfile'
import {didYouMeanHint} from '../did-you-mean.js'
import {report} from '../report.js'
import {pointInNode} from '../source-points.js'
import {slice} from './text-split.js'

/** The kinds of thing Quarto's cross-references name, by their label's prefix. */
export type CrossrefKind = 'fig' | 'tbl' | 'sec' | 'eq'

/** `@fig-x`, resolved: what it points at and its number (sections: their title). */
export interface CrossReference extends Node {
  type: 'crossReference'
  /** The label, which is the target's id: `fig-clearing`. */
  identifier: string
  kind: CrossrefKind
  /** The figure's, table's or equation's number; none for sections. */
  number?: number | undefined
  /** A section's title, printed when sections are not numbered. */
  title?: PhrasingContent[] | undefined
  /** `-@fig-x`: the number alone, without “Figure”. */
  bare?: boolean | undefined
  /** No such label (an error was reported): printed as `??`. */
  missing?: boolean | undefined
}

/** The number a labelled figure, table or equation gets, in the node's data. */
export interface Numbered {
  id: string
  number: number
}

declare module 'mdast' {
  interface PhrasingContentMap {
    crossReference: CrossReference
  }
  interface RootContentMap {
    crossReference: CrossReference
  }
  interface ImageData {
    figure?: Numbered | undefined
  }
  interface CodeData {
    figure?: Numbered | undefined
  }
  interface TableData {
    numbered?: Numbered | undefined
  }
}
declare module 'mdast-util-math' {
  interface MathData {
    numbered?: Numbered | undefined
  }
  interface InlineMathData {
    numbered?: Numbered | undefined
  }
}

// `@fig-x`, `-@fig-x`, `[@fig-x]`: the `@` not after a word character (so `a@fig-x.org` is no reference).
const reference = /(\[)?(-)?(?<![\p{L}\p{N}_])@((?:fig|tbl|sec|eq)-[\p{L}\p{N}_:.-]*[\p{L}\p{N}_])(\])?/gu
// Charts take Quarto's cell option `#| label: fig-x`.
const chartLabel = /^\s*(?:#|%%)\|\s*label\s*:\s*["']?(fig-[\w:.-]+)["']?\s*$/m
const chartKinds = new Set(['vega-lite', 'plotly', 'mermaid'])

interface Target {
  kind: CrossrefKind
  number?: number
  title?: PhrasingContent[]
}

/**
 * Quarto's cross-references in one pass: labelled figures (`{#fig-x}` on a
 * lone image, `#| label: fig-x` on a chart), tables (`{#tbl-x}` on the
 * caption line) and equations (`{#eq-x}`) are numbered in order, sections
 * (`{#sec-x}`) known by title; then every `@fig-x` becomes a
 * `crossReference` node. Runs before citations, so a label is never taken
 * for a citation key; a prefix with no such label is an error there.
 */
export function crossrefs(tree: Root, file: VFile): void {
  const targets = new Map<string, Target>()
  const counts: Record<'fig' | 'tbl' | 'eq', number> = {fig: 0, tbl: 0, eq: 0}
  // A label seen before is an error at its second place; the first keeps it.
  const fresh = (id: string, node: Node): boolean => {
    if (!targets.has(id)) return true
    report(file, {reason: `Unexpected second label \`#${id}\`, expected each label once`, ruleId: 'xref-duplicate', severity: 'error', place: node.position})
    return false
  }
  const number = (kind: 'fig' | 'tbl' | 'eq'): number => ++counts[kind]
  walk(tree, (node, parent) => {
    if (node.type === 'heading') {
      const heading = node as Heading
      const id = heading.data?.attributes?.id
      if (id?.startsWith('sec-') && fresh(id, heading)) targets.set(id, {kind: 'sec', title: structuredClone(heading.children)})
    } else if (node.type === 'image' && parent?.type === 'paragraph') {
      const image = node as Image
      const id = image.data?.attributes?.id
      const alone = (parent as Parent).children.every((child) => child === image || (child.type === 'text' && !(child as Text).value.trim()))
      if (id?.startsWith('fig-') && alone && fresh(id, image)) {
        const n = number('fig')
        targets.set(id, {kind: 'fig', number: n})
        image.data = {...image.data, figure: {id, number: n}}
        // The id marks the figure, not the picture inside it.
        if (image.data.hProperties) delete image.data.hProperties.id
      }
    } else if (node.type === 'code' && chartKinds.has((node as Code).lang ?? '')) {
      const id = chartLabel.exec((node as Code).value)?.[1]
      if (id && fresh(id, node)) {
        const n = number('fig')
        targets.set(id, {kind: 'fig', number: n})
        const code = node as Code
        code.data = {...code.data, figure: {id, number: n}}
      }
    } else if (node.type === 'table' || node.type === 'gridTable') {
      const table = node as Table
      const id = table.data?.attributes?.id
      if (id?.startsWith('tbl-') && fresh(id, table)) {
        const n = number('tbl')
        targets.set(id, {kind: 'tbl', number: n})
        table.data = {...table.data, numbered: {id, number: n}}
      }
    } else if (node.type === 'math' || node.type === 'inlineMath') {
      const math = node as Math | InlineMath
      const id = math.data?.label
      if (id && fresh(id, math)) {
        const n = number('eq')
        targets.set(id, {kind: 'eq', number: n})
        math.data = {...math.data, numbered: {id, number: n}}
      }
    }
  })
  const texts: Array<[Text, Parent]> = []
  walk(tree, (node, parent) => {
    if (node.type === 'text' && parent) texts.push([node as Text, parent])
  })
  for (const [text, parent] of texts) {
    const replacement = resolve(text, targets, file)
    if (replacement) parent.children.splice(parent.children.indexOf(text), 1, ...(replacement as never[]))
  }
}

function resolve(node: Text, targets: ReadonlyMap<string, Target>, file: VFile): PhrasingContent[] | undefined {
  if (!node.value.includes('@')) return undefined
  const result: PhrasingContent[] = []
  let cursor = 0
  for (const match of node.value.matchAll(reference)) {
    let start = match.index
    let end = start + match[0].length
    const [, open, dash, id, close] = match
    // `[@fig-x]` loses its brackets (Quarto's reading); a lone bracket stays.
    if (open && !close) start += 1
    if (close && !open) end -= 1
    const target = targets.get(id!)
    const kind = id!.slice(0, id!.indexOf('-')) as CrossrefKind
    const at = start + (open && close ? 1 : 0)
    if (!target) {
      const candidates = [...targets.keys()].filter((key) => key.startsWith(kind + '-'))
      report(file, {
        reason: `Unexpected cross-reference \`@${id}\`, expected the label of a ${names[kind]} in this paper${didYouMeanHint(id!, candidates, (c) => `\`@${c}\``)}`,
        ruleId: 'xref-unknown',
        severity: 'error',
        place: pointInNode(node, at)
      })
    }
    const before = slice(node, cursor, start)
    if (before) result.push(before)
    const from = pointInNode(node, start)
    const to = pointInNode(node, end)
    result.push({
      type: 'crossReference',
      identifier: id!,
      kind,
      ...(target?.number === undefined ? {} : {number: target.number}),
      ...(target?.title ? {title: structuredClone(target.title)} : {}),
      ...(dash ? {bare: true} : {}),
      ...(target ? {} : {missing: true}),
      ...(from && to ? {position: {start: from, end: to}} : {})
    })
    cursor = end
  }
  if (cursor === 0) return undefined
  const after = slice(node, cursor)
  if (after) result.push(after)
  return result
}

const names: Record<CrossrefKind, string> = {fig: 'figure', tbl: 'table', sec: 'section', eq: 'equation'}

/** Every node in document order with its parent; links are not entered (a reference is a link itself). */
function walk(node: Node, visitor: (node: Node, parent: Parent | undefined) => void, parent?: Parent): void {
  visitor(node, parent)
  if (!('children' in node) || node.type === 'link' || node.type === 'linkReference') return
  for (const child of (node as Parent).children) walk(child, visitor, node as Parent)
}
