import type {Nodes, PhrasingContent, Root, Table, TableCell} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '@offprint/parse/report'
import {cjkWide} from '@offprint/parse/scripts'

/**
 * The text block a table must fit, in points: the narrower page's (A4, 156 mm
 * between the theme's 27 mm margins; 243 mm turned), so a table that fits
 * fits both sizes.
 */
const portrait = 156 * 2.835
const landscape = 243 * 2.835

/** The theme's table settings, largest first: class, font size (pt), a cell's side padding (em), text block (pt). */
const sizes = [
  {className: undefined, size: 8.5, padding: 0.6, block: portrait, says: ''},
  {className: 'table-small', size: 7.5, padding: 0.4, block: portrait, says: 'set at 7.5 pt'},
  {className: 'table-smaller', size: 6.5, padding: 0.3, block: portrait, says: 'set at 6.5 pt'},
  {className: 'table-landscape', size: 7.5, padding: 0.4, block: landscape, says: 'set at 7.5 pt on a page of its own, turned'}
] as const

/** Cells of numbers only (`1,234,567`, `-3.5 %`, `£38.0`, `2015`) are set flush right. */
const numeric = /^[-+−–(]?[$£€¥]?\s?\d[\d,.\u202f\u00a0 ]*\s?(%|‰|[kKmMbB]n?)?\)?$/

/**
 * Tables whose words and numbers cannot fit the text block unbroken are set
 * smaller (`table-small`, `table-smaller`), then on a landscape page of
 * their own (`table-landscape`), and as a last resort allowed to break
 * inside words there (`table-break`), never overflowing the page; each with
 * a warning at the table. The width is estimated from each
 * column's longest unbreakable run, in the theme's table face (Noto Sans),
 * generously. Columns of numbers without an author's alignment are set flush
 * right (`numeric`), as tables of figures are.
 */
export function fitTables(tree: Root, file: VFile): void {
  visit(tree, 'table', (table: Table) => {
    const columns = Math.max(0, ...table.children.map((row) => row.children.length))
    const widest: number[] = Array.from({length: columns}, () => 0)
    for (const row of table.children) {
      row.children.forEach((cell, index) => {
        widest[index] = Math.max(widest[index]!, longestRun(cell))
      })
    }
    for (let index = 0; index < columns; index++) {
      const body = table.children.slice(1).map((row) => row.children[index]).filter((cell): cell is TableCell => cell !== undefined)
      const isNumeric = body.length > 0 && body.every((cell) => numeric.test(plain(cell).trim()) || plain(cell).trim() === '' || /^[-–—]$/.test(plain(cell).trim()))
      if (!isNumeric || table.align?.[index] || !body.some((cell) => plain(cell).trim() !== '')) continue
      for (const row of table.children) {
        const cell = row.children[index]
        if (cell) addClass(cell, 'numeric')
      }
    }
    const ems = widest.reduce((sum, width) => sum + width, 0)
    const width = (size: (typeof sizes)[number]) => (ems + columns * 2 * size.padding) * size.size
    const fit = sizes.find((size) => width(size) <= size.block)
    if (fit === sizes[0]) return
    const last = sizes[sizes.length - 1]!
    addClass(table, fit?.className ?? 'table-landscape')
    if (!fit) addClass(table, 'table-break')
    const mm = (points: number) => Math.round(points / 2.835)
    report(file, {
      reason: `Unexpected table of ${columns} columns about ${mm(width(sizes[0]))} mm wide, expected one that fits the ${mm(portrait)} mm text block; ${
        fit ? fit.says : `${last.says}, and its cells may break inside words`
      } (split it, or shorten its longest cells)`,
      ruleId: 'table-too-wide',
      severity: 'warning',
      place: table.position?.start
    })
  })
}

/**
 * The widest run of a cell that cannot break, in em of the table face:
 * words and numbers (a line may break at spaces, after hyphens, dashes and
 * slashes); each CJK character on its own. Link text breaks anywhere, so
 * counts for nothing.
 */
function longestRun(cell: TableCell): number {
  let longest = 0
  const runs = (text: string, scale: number) => {
    for (const run of text.split(/\s+|(?<=[-–—/])/u)) {
      let em = 0
      for (const char of run) {
        if (cjkWide.test(char)) {
          longest = Math.max(longest, scale)
          continue
        }
        em += scale * advance(char)
      }
      longest = Math.max(longest, em)
    }
  }
  const walk = (node: Nodes) => {
    if (node.type === 'link' || node.type === 'linkReference') return
    if (node.type === 'text') runs(node.value, 1)
    // Inline code is monospace at 0.82em: 0.6em a character.
    else if (node.type === 'inlineCode') runs(node.value, 0.82 * 0.6 / 0.58)
    else if ('children' in node) for (const child of node.children as PhrasingContent[]) walk(child)
  }
  walk(cell)
  return longest
}

/** A Latin character's advance in em of Noto Sans, rounded up (header cells are semibold). */
function advance(char: string): number {
  if (/[0-9]/.test(char)) return 0.6
  if (/[MWmw@%]/.test(char)) return 0.92
  if (/[A-Z]/.test(char)) return 0.7
  if (/[iljtfrI.,:;'’!|()[\]]/.test(char)) return 0.34
  return 0.58
}

function plain(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value
  return 'children' in node ? (node.children as Nodes[]).map(plain).join('') : ''
}

function addClass(node: Table | TableCell, name: string): void {
  const properties = (node.data?.hProperties ?? {}) as {className?: string[]}
  node.data = {...node.data, hProperties: {...properties, className: [...(properties.className ?? []), name]}}
}
