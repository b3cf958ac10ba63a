import type {Paragraph, PhrasingContent, Root, Text} from 'mdast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import {slice} from './text-split.js'

// A line of a line block: `| ` then text; a line ending in `|` is a table row without its delimiter row, not verse.
const blockLine = /^[ \t]*\|(?: |$)(?!.*\|[ \t]*$)/

/**
 * Pandoc's line blocks (verse, addresses): a paragraph each of whose source
 * lines starts with `| ` keeps its line breaks and leading spaces, without
 * the bars. GFM reads it as a paragraph, as no delimiter row follows.
 */
export function lineBlocks(tree: Root, file: VFile): void {
  const source = String(file.value)
  visit(tree, 'paragraph', (paragraph: Paragraph) => {
    const start = paragraph.position?.start.offset
    const end = paragraph.position?.end.offset
    if (start === undefined || end === undefined) return
    const lines = source.slice(start, end).split('\n')
    if (!lines.every((line) => blockLine.test(line))) return
    const children: PhrasingContent[] = []
    let lineStart = true
    for (const child of paragraph.children) {
      if (child.type !== 'text') {
        children.push(child)
        lineStart = false
        continue
      }
      let cursor = 0
      const value = child.value
      while (cursor <= value.length) {
        if (lineStart) {
          const bar = /^[ \t]*\| ?/.exec(value.slice(cursor))
          if (bar) cursor += bar[0].length
          // Leading spaces of a line are kept (pandoc keeps them): no-break spaces do not collapse.
          const indent = /^ +/.exec(value.slice(cursor))?.[0].length ?? 0
          if (indent) children.push({type: 'text', value: '\u00a0'.repeat(indent)})
          cursor += indent
          lineStart = false
        }
        const newline = value.indexOf('\n', cursor)
        const part = slice(child as Text, cursor, newline < 0 ? value.length : newline)
        if (part) children.push(part)
        if (newline < 0) break
        children.push({type: 'break'})
        cursor = newline + 1
        lineStart = true
      }
    }
    paragraph.children = children
    paragraph.data = {...paragraph.data, hProperties: {...paragraph.data?.hProperties, className: ['line-block']}}
  })
}
