import type {AlignType, Nodes, Parent, PhrasingContent, Root, RootContent, Table, TableCell, TableRow} from 'mdast'
import type {Point, Position} from 'unist'
import {visit} from 'unist-util-visit'

declare module 'mdast' {
  interface TableData {
    /** Relative column widths (fractions of the text width), from a multiline table's dashes as pandoc reads them. */
    widths?: number[] | undefined
    /** A table without a header row (pandoc's headerless simple and multiline tables): every row is a body row. */
    headless?: boolean | undefined
  }
}

/** A pandoc simple or multiline table found in the source, its lines blanked before the parse. */
export interface DashedTable {
  /** Offsets of its first line's start and its last line's end. */
  start: number
  end: number
  table: Table
}

export interface DashedTables {
  /** The text with the tables' lines blanked to spaces (same length: offsets hold). */
  text: string
  tables: DashedTable[]
  /** Where a table's text runs across a column's edge (pandoc splits it there, mid-word). */
  overflows: Point[]
}

/** Parses a fragment of markdown (a cell's lines) with the paper's own parser. */
export type Parse = (value: string) => Root

interface Line {
  text: string
  /** Offset of the line's start in the document; its number (1-based). */
  offset: number
  number: number
}

interface Column {
  /** Display column where the column's text starts (its dashes' start; the first starts at the line's indent). */
  start: number
  /** Length of its dashes. */
  dashes: number
}

/** A line of one or more groups of dashes (two at least each), as pandoc's `dashedLine`; up to three spaces before. */
const dashLine = /^ {0,3}-{2,}(?: +-{2,})* *$/
const blank = /^[ \t]*$/
// Footnote and link reference definitions: a cell parsed alone must still see them (a `[^1]` call in a cell).
const definition = /^ {0,3}\[[^\]\n]+\]:.*$/gm
// A cell of plain words and numbers needs no parse.
const plainCell = /^[\p{L}\p{N}\p{Zs} .,;%()'"+\-–—/=?]*$/u

/**
 * Pandoc's simple tables (a header line over groups of dashes, a row a line)
 * and multiline tables (dash lines around the table, rows separated by blank
 * lines), the tables pandoc writes from Word. CommonMark reads their lines
 * as setext headings, thematic breaks and paragraphs; found here before the
 * parse, in pandoc's order (multiline, headless simple, simple, headless
 * multiline), they are blanked to spaces and come back as `table` nodes with
 * a position for every cell. `first` is a plain parse of `text`: code, HTML,
 * front matter, lists and block quotes are left alone. A table needs two
 * columns at least (a lone column of dashes is far more often a rule).
 */
export function findDashedTables(text: string, first: Root, parse: Parse): DashedTables {
  const excluded: Array<[number, number]> = []
  visit(first, (node) => {
    if ((node.type === 'code' || node.type === 'html' || node.type === 'yaml' || node.type === 'list' || node.type === 'blockquote') && node.position) {
      excluded.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0])
      return 'skip'
    }
    return undefined
  })
  const lines: Line[] = []
  let offset = 0
  for (const [index, raw] of text.split('\n').entries()) {
    lines.push({text: raw.replace(/\r$/, ''), offset, number: index + 1})
    offset += raw.length + 1
  }
  const definitions = (text.match(definition) ?? []).join('\n')
  const reader = new Reader(lines, (value) => parse(definitions && value.includes('[') ? `${value}\n\n${definitions}` : value))
  const tables: DashedTable[] = []
  let output = text
  for (let index = 0; index < lines.length; index++) {
    if (index > 0 && !blank.test(lines[index - 1]!.text)) continue
    const line = lines[index]!
    // A table starts outside code, HTML and containers; what the plain parse made of its other lines (code of indented rows, headings of dash lines) says nothing.
    if (blank.test(line.text) || excluded.some(([start, end]) => line.offset >= start && line.offset < end)) continue
    const found = reader.multiline(index, false) ?? reader.simple(index, true) ?? reader.simple(index, false) ?? reader.multiline(index, true)
    if (!found) continue
    const last = lines[found.last]!
    const start = line.offset
    const end = last.offset + last.text.length
    output = output.slice(0, start) + output.slice(start, end).replace(/[^\n\r]/g, ' ') + output.slice(end)
    tables.push({start, end, table: found.table})
    reader.overflows(index, found.last, found.columns)
    index = found.last
  }
  return {text: output, tables, overflows: reader.found}
}

/** Put each table in the tree where its lines were, inside the block (a footnote, a list item) that holds them. */
export function insertDashedTables(tree: Root, tables: ReadonlyArray<DashedTable>): void {
  for (const found of tables) insert(tree, found)
}

function insert(parent: Parent, found: DashedTable): void {
  const children = parent.children as RootContent[]
  let index = 0
  while (index < children.length && (children[index]!.position?.start.offset ?? 0) < found.start) index++
  const before = children[index - 1]
  if (before && 'children' in before && (before.position?.end.offset ?? 0) > found.start && before.type !== 'paragraph' && before.type !== 'heading') {
    insert(before, found)
    return
  }
  children.splice(index, 0, found.table)
}

/** Reads tables at a line: each method returns the table and its last line, or undefined. */
class Reader {
  /** The first closing line of dashes at or after each line (-1: none): a table with none ahead fails at once, keeping the search linear. */
  private readonly footers: Int32Array

  constructor(
    private readonly lines: Line[],
    private readonly parse: Parse
  ) {
    this.footers = new Int32Array(lines.length + 1).fill(-1)
    for (let index = lines.length - 1; index >= 0; index--) this.footers[index] = this.isFooter(index) ? index : this.footers[index + 1]!
  }

  private line(index: number): string | undefined {
    return this.lines[index]?.text
  }

  private isBlank(index: number): boolean {
    const text = this.line(index)
    return text === undefined || blank.test(text)
  }

  private isDashes(index: number): boolean {
    const text = this.line(index)
    return text !== undefined && dashLine.test(text)
  }

  /** A closing line of dashes: blank line or end of input after it. */
  private isFooter(index: number): boolean {
    return this.isDashes(index) && this.isBlank(index + 1)
  }

  /** A simple table: header line (unless headless) over dashes, a row a line; headless ones close with dashes. */
  simple(index: number, headless: boolean): Found | undefined {
    const dashesAt = headless ? index : index + 1
    if (!headless && (this.isDashes(index) || !this.isDashes(dashesAt))) return undefined
    if (headless && !this.isDashes(dashesAt)) return undefined
    const columns = columnsOf(this.line(dashesAt)!)
    if (columns.length < 2) return undefined
    const rows: number[] = []
    let at = dashesAt + 1
    while (!this.isBlank(at) && !this.isFooter(at)) rows.push(at++)
    if (rows.length === 0) return undefined
    let last = at - 1
    if (this.isFooter(at)) last = at
    else if (headless) return undefined
    const alignFrom = headless ? rows[0]! : index
    const align = columns.map((column, n) => alignType([chunks(this.line(alignFrom)!, columns)[n]!], column.dashes))
    const body = rows.map((row) => this.row([row], columns))
    const head = headless ? [] : [this.row([index], columns)]
    return {table: this.table(index, last, align, [...head, ...body], headless), last, columns}
  }

  /** A multiline table: dashes, header lines, dashes (the columns), rows separated by blank lines, closing dashes. */
  multiline(index: number, headless: boolean): Found | undefined {
    const header: number[] = []
    let at = index
    if (!headless) {
      if (!this.isDashes(at) || this.isBlank(at + 1)) return undefined
      at++
      while (!this.isBlank(at) && !this.isDashes(at)) header.push(at++)
      if (header.length === 0) return undefined
    }
    if (!this.isDashes(at)) return undefined
    const columns = columnsOf(this.line(at)!)
    if (columns.length < 2 || this.footers[at]! < 0) return undefined
    at++
    const rows: number[][] = []
    for (;;) {
      if (this.line(at) === undefined) return undefined
      if (this.isFooter(at)) break
      if (this.isBlank(at)) {
        at++
        continue
      }
      const row: number[] = []
      while (!this.isBlank(at) && !this.isFooter(at)) row.push(at++)
      rows.push(row)
    }
    // Pandoc writes a Word table of a header row alone this way, though its reader wants a row: read it as a header.
    if (rows.length === 0 && headless) return undefined
    const alignLines = headless ? [rows[0]![0]!] : header
    const align = columns.map((column, n) => alignType(alignLines.map((line) => chunks(this.line(line)!, columns)[n]!), column.dashes))
    const body = rows.map((row) => this.row(row, columns))
    const head = headless ? [] : [this.row(header, columns)]
    const table = this.table(index, at, align, [...head, ...body], headless)
    table.data = {...table.data, widths: widths(columns)}
    return {table, last: at, columns}
  }

  /** Points where a table's line has text on both sides of a column's edge (a word the split cuts), or left of its first column (text pandoc drops). */
  readonly found: Point[] = []

  overflows(first: number, last: number, columns: Column[]): void {
    for (let index = first; index <= last; index++) {
      if (this.isDashes(index)) continue
      const line = this.lines[index]!
      const margin = indexAtColumn(line.text, columns[0]!.start)
      if (line.text.slice(0, margin).trim()) {
        this.found.push(pointAt(line, 0))
        continue
      }
      for (const column of columns.slice(1)) {
        const at = indexAtColumn(line.text, column.start)
        if (at > 0 && at < line.text.length && /\S/.test(line.text[at - 1]!) && /\S/.test(line.text[at]!)) {
          this.found.push(pointAt(line, at))
          break
        }
      }
    }
  }

  private table(first: number, last: number, align: AlignType[], children: TableRow[], headless: boolean): Table {
    const table: Table = {type: 'table', align, children, position: span(this.lines[first]!, this.lines[last]!)}
    if (headless) table.data = {headless: true}
    return table
  }

  /** One row from its source lines: each column's pieces, trimmed, joined by line breaks and parsed as inline markdown. */
  private row(rowLines: number[], columns: Column[]): TableRow {
    const cells: TableCell[] = columns.map((_, n) => {
      const pieces: Piece[] = []
      for (const index of rowLines) {
        const line = this.lines[index]!
        const piece = pieceOf(line, columns, n)
        if (piece) pieces.push(piece)
      }
      return this.cell(pieces, this.lines[rowLines[0]!]!, columns[n]!)
    })
    return {type: 'tableRow', children: cells, position: span(this.lines[rowLines[0]!]!, this.lines[rowLines.at(-1)!]!)}
  }

  private cell(pieces: Piece[], firstLine: Line, column: Column): TableCell {
    if (pieces.length === 0) {
      const at = pointAt(firstLine, indexAtColumn(firstLine.text, column.start))
      return {type: 'tableCell', children: [], position: {start: at, end: at}}
    }
    const position: Position = {start: pieces[0]!.start, end: pieces.at(-1)!.end}
    const value = pieces.map((piece) => piece.text).join('\n')
    if (plainCell.test(value) && !/^\d+[.)]|^[-+]\s|^[-+]$/.test(value)) {
      return {type: 'tableCell', children: [{type: 'text', value, position: structuredClone(position)}], position}
    }
    const parsed = this.parse(value)
    const children: PhrasingContent[] = []
    for (const block of parsed.children) {
      // Nodes after the cell's own text are the definitions appended for it.
      if ((block.position?.start.offset ?? 0) >= value.length) break
      if (block.type !== 'paragraph' && block.type !== 'heading') {
        children.length = 0
        break
      }
      if (children.length > 0) children.push({type: 'break'})
      children.push(...block.children)
    }
    if (children.length === 0) return {type: 'tableCell', children: [{type: 'text', value, position: structuredClone(position)}], position}
    const cell: TableCell = {type: 'tableCell', children, position}
    for (const child of children) mapPositions(child, pieces)
    return cell
  }
}

interface Found {
  table: Table
  /** Index of the table's last line. */
  last: number
  columns: Column[]
}

/** A trimmed piece of a cell on one source line. */
interface Piece {
  text: string
  start: Point
  end: Point
}

function pieceOf(line: Line, columns: Column[], n: number): Piece | undefined {
  const from = indexAtColumn(line.text, columns[n]!.start)
  const to = n === columns.length - 1 ? line.text.length : indexAtColumn(line.text, columns[n + 1]!.start)
  const raw = line.text.slice(from, to)
  const lead = raw.length - raw.trimStart().length
  const text = raw.trim()
  if (!text) return undefined
  return {text, start: pointAt(line, from + lead), end: pointAt(line, from + lead + text.length)}
}

/** Fragment positions (a cell parsed alone, pieces joined by newlines) moved to the source. */
function mapPositions(node: Nodes, pieces: Piece[]): void {
  visit(node, (child) => {
    if (!child.position) return
    child.position = {start: toSource(child.position.start, pieces), end: toSource(child.position.end, pieces)}
  })
}

function toSource(point: Point, pieces: Piece[]): Point {
  const piece = pieces[Math.min(point.line, pieces.length) - 1]!
  const column = piece.start.column + point.column - 1
  return {line: piece.start.line, column, offset: (piece.start.offset ?? 0) + point.column - 1}
}

function pointAt(line: Line, index: number): Point {
  return {line: line.number, column: index + 1, offset: line.offset + index}
}

function span(first: Line, last: Line): Position {
  return {start: pointAt(first, 0), end: pointAt(last, last.text.length)}
}

/** The columns of a line of dashes: where each group starts (display columns), and its length. */
function columnsOf(line: string): Column[] {
  const columns: Column[] = []
  const group = /-+/g
  for (const match of line.matchAll(group)) columns.push({start: match.index, dashes: match[0].length})
  // Text left of the first group is no cell's: pandoc drops it.
  return columns
}

/** Each column's text on a line, untrimmed (the last runs to the line's end). */
function chunks(line: string, columns: Column[]): string[] {
  return columns.map((column, n) => {
    const from = indexAtColumn(line, column.start)
    const to = n === columns.length - 1 ? line.length : indexAtColumn(line, columns[n + 1]!.start)
    return line.slice(from, to)
  })
}

/**
 * Pandoc's `alignType`: of a column's header pieces (untrimmed on the left),
 * the longest; space before it and it reaching the dashes' end: right; flush
 * left, shorter than the dashes: left; neither: center; both: default.
 */
function alignType(pieces: string[], dashes: number): AlignType {
  let longest: string | undefined
  for (const piece of pieces) {
    const trimmed = piece.trimEnd()
    if (trimmed && (longest === undefined || width(trimmed) >= width(longest))) longest = trimmed
  }
  if (longest === undefined) return null
  const left = /^[ \t]/.test(longest)
  const right = width(longest) < dashes
  if (left && !right) return 'right'
  if (!left && right) return 'left'
  if (left && right) return 'center'
  return null
}

/**
 * Pandoc's relative widths of a multiline table's columns: each column's
 * dashes with the spaces after them, the last one plus one, over the
 * table's width from the margin or 72 columns, whichever is more.
 */
function widths(columns: Column[]): number[] {
  const lengths = columns.map((column, n) => (n === columns.length - 1 ? column.dashes + 1 : columns[n + 1]!.start - column.start))
  const total = lengths.reduce((sum, length) => sum + length, 0)
  const quotient = Math.max(total + columns[0]!.start, 72)
  return lengths.map((length) => length / quotient)
}

/** The string index of a display column (wide East Asian characters take two, as pandoc counts them). */
function indexAtColumn(line: string, column: number): number {
  let at = 0
  let index = 0
  for (const character of line) {
    if (at >= column) return index
    at += wide(character) ? 2 : 1
    index += character.length
  }
  return line.length
}

function width(text: string): number {
  let total = 0
  for (const character of text) total += wide(character) ? 2 : 1
  return total
}

function wide(character: string): boolean {
  return /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(character)
}
