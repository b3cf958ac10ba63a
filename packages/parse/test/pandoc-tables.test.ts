import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Nodes, Root, Table} from 'mdast'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'

// Pandoc's simple and multiline tables: fixtures/pandoc-tables/<case>/input.md → pandoc.json,
// the tables as pandoc reads them (`pandoc -f markdown -t json`, pandoc 2.17): alignments,
// relative widths, header row, each cell's text. `UPDATE=1` rewrites pandoc.json from pandoc.
// The word-* inputs are pandoc's own markdown of ../shared/corpus/docx files (pandoc's test
// documents table_captions_with_field.docx, table_variable_width.docx, table_gridbefore.docx,
// table_one_row.docx: `pandoc <file>.docx -t markdown`).
const root = new URL('fixtures/pandoc-tables/', import.meta.url).pathname
const update = process.env.UPDATE === '1'

interface Shape {
  align: Array<'left' | 'right' | 'center' | null>
  widths: Array<number> | null
  head: string[] | null
  body: string[][]
}

describe('pandoc simple and multiline tables read as pandoc reads them', () => {
  for (const name of readdirSync(root).sort()) {
    it(name, () => {
      const input = readFileSync(join(root, name, 'input.md'), 'utf8')
      const expectedPath = join(root, name, 'pandoc.json')
      if (update || !existsSync(expectedPath)) writeFileSync(expectedPath, JSON.stringify(fromPandoc(input), null, 2) + '\n')
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as Shape[]
      const {tree, file} = parsePaper(new VFile({path: `${name}.md`, value: input}))
      expect(tablesOf(tree).map(shapeOf)).toEqual(expected)
      // Every cell is positioned, and a cell's plain text stands at its place in the source.
      for (const table of tablesOf(tree)) {
        visit(table, (node) => {
          expect(node.position, `${node.type} has a position`).toBeDefined()
          if (node.type === 'text' && !node.value.includes('\n') && !/[\\&]/.test(input.slice(node.position!.start.offset, node.position!.end.offset))) {
            expect(input.slice(node.position!.start.offset, node.position!.end.offset)).toBe(node.value)
          }
        })
      }
      expect(file.messages.filter((message) => message.fatal)).toEqual([])
    })
  }

  it('takes the caption line, its label and cross-references as pipe tables do', () => {
    const {tree, file} = parsePaper(new VFile({path: 'x.md', value: readFileSync(join(root, 'inline-markup', 'input.md'), 'utf8')}))
    const [simple, multiline] = tablesOf(tree)
    expect(simple?.data?.caption).toBeUndefined()
    expect(multiline?.data?.attributes?.id).toBe('tbl-sources')
    expect(multiline?.data?.numbered?.number).toBe(1)
    // The note call in a cell is a note call (its definition is outside the cell).
    let calls = 0
    visit(simple!, 'footnoteReference', () => {
      calls++
    })
    expect(calls).toBe(1)
    expect(file.messages.map((message) => message.ruleId)).toEqual(['title-from-filename', 'lang-cjk-undeclared'])
    // The CJK warning points into the cell, at its line and column in the source.
    expect(file.messages[1]?.place).toMatchObject({line: 7, column: 3})
    expect(tree.children.some((node) => node.type === 'thematicBreak' || node.type === 'heading')).toBe(false)
  })

  it('reads a header row without body rows as pandoc writes it from Word (table_one_header_row.docx)', () => {
    // Pandoc 2.17 writes this and reads it back as a one-column table and a rule; it is Word's header-only table.
    const value = ['  -----------------------------------------------------------------------', '  One                     Row                     Table', '  ----------------------- ----------------------- -----------------------', '', '  -----------------------------------------------------------------------', ''].join('\n')
    const [table] = tablesOf(parsePaper(value).tree)
    expect(table && shapeOf(table)).toEqual({align: ['left', 'left', 'left'], widths: [0.3243, 0.3243, 0.3243], head: ['One', 'Row', 'Table'], body: []})
  })

  it('gives a grid table pandoc’s widths from its top border', () => {
    const input = readFileSync(new URL('fixtures/pandoc/grid-tables/input.md', import.meta.url), 'utf8')
    const {tree} = parsePaper(input)
    const grid = tree.children.find((node) => (node.type as string) === 'gridTable') as Table | undefined
    // `pandoc -t native`: ColWidth 0.2222222222222222 twice (15 dashes and a `+`, over 72 columns).
    expect(grid?.data?.widths?.map(round)).toEqual([0.2222, 0.2222])
  })

  it('warns where a row’s text runs across a column’s edge, at the cut', () => {
    const value = ['---', 'title: T', '---', '', '  Name     Value', '  -------  -----', '  Alphabetical 1', '  Beta     2', ''].join('\n')
    const {tree, file} = parsePaper(new VFile({path: 'x.md', value}))
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual(['7:12 table-column-overflow'])
    // Read as pandoc reads it all the same: the word split at the edge.
    expect(shapeOf(tablesOf(tree)[0]!).body).toEqual([
      ['Alphabeti', 'cal 1'],
      ['Beta', '2']
    ])
  })

  it('stays linear on lines of dashes that never close a table', () => {
    const value = '-- --\nx\n\n'.repeat(20_000)
    const started = performance.now()
    const {tree} = parsePaper(value)
    expect(tablesOf(tree)).toEqual([])
    // Quadratic, this would take minutes; linear, a few seconds on a loaded machine.
    expect(performance.now() - started).toBeLessThan(30_000)
  }, 60_000)

  it('leaves rules, setext headings, front matter, code and one-column dashes alone', () => {
    const value = [
      '---',
      'title: Rules',
      '---',
      '',
      'A heading',
      '---------',
      '',
      'Text.',
      '',
      '------',
      '',
      '- - -',
      '',
      '```',
      '  Right     Left',
      '-------     ------',
      '     12     12',
      '```',
      '',
      '-----',
      'One column',
      '-----',
      '',
      '- a list item',
      '',
      '  -----  -----',
      '  a      b',
      '  -----  -----',
      ''
    ].join('\n')
    const {tree} = parsePaper(value)
    expect(tree.children.map((node) => node.type)).toEqual(['yaml', 'heading', 'paragraph', 'thematicBreak', 'thematicBreak', 'code', 'thematicBreak', 'heading', 'list'])
  })

  it('reads a table inside a fenced div and keeps the div', () => {
    const {tree} = parsePaper('::: {.wide}\n\n  a     b\n  ----  ----\n  1     2\n\n:::\n')
    const div = tree.children[0]
    expect(div?.type).toBe('fencedDiv')
    expect((div as unknown as {children: Nodes[]}).children.map((node) => node.type)).toEqual(['table'])
  })
})

function tablesOf(tree: Root): Table[] {
  const tables: Table[] = []
  visit(tree, 'table', (table: Table) => {
    tables.push(table)
  })
  return tables
}

function shapeOf(table: Table): Shape {
  const rows = table.children.map((row) => row.children.map((cell) => text(cell)))
  const headless = table.data?.headless === true
  return {
    align: (table.align ?? []).map((align) => align ?? null),
    widths: table.data?.widths ? table.data.widths.map(round) : null,
    head: headless ? null : rows[0]!,
    body: headless ? rows : rows.slice(1)
  }
}

function text(node: Nodes): string {
  if (node.type === 'break') return '\n'
  if (node.type === 'footnoteReference') return ''
  if ('value' in node && node.type !== 'html') return node.value
  if ('children' in node) return node.children.map((child) => text(child as Nodes)).join('')
  return ''
}

function round(width: number): number {
  return Math.round(width * 10_000) / 10_000
}

// Pandoc's reading, as the same shape. Quotes are made straight: pandoc's `smart` curls them, we curl them later.
type Pandoc = {t: string; c?: unknown}

function fromPandoc(input: string): Shape[] {
  const json = JSON.parse(execFileSync('pandoc', ['-f', 'markdown', '-t', 'json'], {input, encoding: 'utf8'})) as {blocks: Pandoc[]}
  const shapes: Shape[] = []
  const walk = (blocks: Pandoc[]) => {
    for (const block of blocks) {
      if (block.t === 'Div') walk((block.c as [unknown, Pandoc[]])[1])
      if (block.t !== 'Table') continue
      const [, , specs, head, bodies] = block.c as [unknown, unknown, Array<[Pandoc, Pandoc]>, [unknown, unknown[]], Array<[unknown, unknown, unknown, unknown[]]>]
      const row = (raw: unknown) => (raw as [unknown, Array<[unknown, unknown, unknown, unknown, Pandoc[]]>])[1].map((cell) => blocksText(cell[4]))
      const aligns = {AlignLeft: 'left', AlignRight: 'right', AlignCenter: 'center', AlignDefault: null} as const
      shapes.push({
        align: specs.map(([align]) => aligns[align.t as keyof typeof aligns]),
        widths: specs.every(([, width]) => width.t === 'ColWidthDefault') ? null : specs.map(([, width]) => round(width.c as number)),
        head: head[1].length > 0 ? row(head[1][0]) : null,
        body: bodies.flatMap((body) => body[3].map(row))
      })
    }
  }
  walk(json.blocks)
  return shapes
}

function blocksText(blocks: Pandoc[]): string {
  return blocks.map((block) => inlineText(block.c as Pandoc[])).join('\n')
}

function inlineText(inlines: Pandoc[]): string {
  return inlines
    .map((inline): string => {
      switch (inline.t) {
        case 'Str':
          return (inline.c as string).replace(/[‘’]/g, "'").replace(/[“”]/g, '"')
        case 'Space':
          return ' '
        case 'SoftBreak':
        case 'LineBreak':
          return '\n'
        case 'Code':
        case 'Math':
        case 'RawInline':
          return (inline.c as [unknown, string])[1]
        case 'Note':
          return ''
        case 'Link':
        case 'Image':
        case 'Span':
          return inlineText((inline.c as [unknown, Pandoc[]])[1])
        case 'Quoted':
          return `"${inlineText((inline.c as [unknown, Pandoc[]])[1])}"`
        case 'Cite':
          return inlineText((inline.c as [unknown, Pandoc[]])[1])
        default:
          return Array.isArray(inline.c) ? inlineText(inline.c as Pandoc[]) : ''
      }
    })
    .join('')
}
