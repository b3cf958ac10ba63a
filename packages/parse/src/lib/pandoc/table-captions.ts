import type {Paragraph, Parent, PhrasingContent, Root, Table, Text} from 'mdast'
import {visit} from 'unist-util-visit'
import {trailingAttributes, type Attributes} from './attributes.js'
import {slice} from './text-split.js'

declare module 'mdast' {
  interface TableData {
    /** The table's caption, from pandoc's caption line `: Caption {#tbl-x}`. */
    caption?: PhrasingContent[] | undefined
    attributes?: Attributes | undefined
  }
}

const marker = /^(?:Table)?:[ \t]+/i

/**
 * Pandoc's table caption: a paragraph starting `: ` (or `Table: `) just
 * before or after a table, attributes `{#tbl-x}` at its end. It moves into
 * the table's data; the paragraph goes.
 */
export function tableCaptions(tree: Root): void {
  visit(tree, (node) => {
    if (!('children' in node)) return
    const parent = node as Parent
    for (let index = 0; index < parent.children.length; index++) {
      const table = parent.children[index]
      // Grid tables (`gridTable`) take caption lines as pipe tables do.
      if ((table?.type !== 'table' && (table?.type as string) !== 'gridTable') || (table as Table).data?.caption) continue
      for (const at of [index + 1, index - 1]) {
        const paragraph = parent.children[at]
        if (paragraph?.type !== 'paragraph' || !isCaption(paragraph as Paragraph)) continue
        attach(table as Table, paragraph as Paragraph)
        parent.children.splice(at, 1)
        if (at < index) index--
        break
      }
    }
  })
}

function isCaption(paragraph: Paragraph): boolean {
  const first = paragraph.children[0]
  return first?.type === 'text' && marker.test(first.value)
}

function attach(table: Table, paragraph: Paragraph): void {
  const children = [...paragraph.children]
  const first = children[0] as Text
  const rest = slice(first, marker.exec(first.value)![0].length)
  if (rest) children[0] = rest
  else children.shift()
  let attributes: Attributes | undefined
  const last = children.at(-1)
  if (last?.type === 'text') {
    const found = trailingAttributes(last.value)
    if (found) {
      attributes = found.attributes
      const kept = slice(last, 0, found.start)
      if (kept) children[children.length - 1] = kept
      else children.pop()
    }
  }
  table.data = {...table.data, caption: children, ...(attributes ? {attributes} : {})}
}
