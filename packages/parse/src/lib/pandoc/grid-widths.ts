import type {Root, Table} from 'mdast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'

// A grid table's top border: `+----+--------+`, `:` marking alignment.
const border = /^[ \t]*\+((?:[-=:]+\+)+)[ \t]*$/

/**
 * Pandoc's relative widths of a grid table's columns, from its top border:
 * each column's dashes and one of its `+`, over 72 columns or the table's
 * width, whichever is more (as pandoc reads them). Kept in `data.widths`,
 * as for multiline tables; the renderer writes a `colgroup`.
 */
export function gridTableWidths(tree: Root, file: VFile): void {
  const source = String(file.value)
  visit(tree, (node) => {
    if ((node.type as string) !== 'gridTable') return
    const start = node.position?.start.offset
    if (start === undefined) return
    const end = source.indexOf('\n', start)
    const match = border.exec(source.slice(source.lastIndexOf('\n', start - 1) + 1, end < 0 ? source.length : end).replace(/\r$/, ''))
    if (!match) return
    const lengths = match[1]!.split('+').filter(Boolean).map((segment) => segment.length + 1)
    const quotient = Math.max(72, lengths.reduce((sum, length) => sum + length, 0))
    const table = node as unknown as Table
    table.data = {...table.data, widths: lengths.map((length) => length / quotient)}
  })
}
