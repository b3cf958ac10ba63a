import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {allTags, readTags} from './helpers/pdf-tags.js'
import {epubcheck, epubFiles, pdfText, squash} from './helpers/tools.js'

// A paper with pandoc's simple and multiline tables (tests/fixtures/pandoc-tables), one of them
// pandoc's own markdown of a Word file (table_captions_with_field.docx), through the CLI.
const epoch = {...process.env, SOURCE_DATE_EPOCH: '1767225600'}

describe('pandoc simple and multiline tables in every output', () => {
  const out = mkdtempSync(join(tmpdir(), 'offprint-pandoc-tables-'))
  const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', 'tests/fixtures/pandoc-tables/index.md', '--no-cache', '--timeout', '300', '--out', out], {encoding: 'utf8', env: epoch})
  const pdf = join(out, 'pandoc-tables.pdf')
  const epub = join(out, 'pandoc-tables.epub')
  const html = join(out, 'pandoc-tables.html')

  it('builds without a word about the tables', () => {
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).not.toMatch(/xref-|heading-/)
    expect(existsSync(pdf) && existsSync(epub) && existsSync(html)).toBe(true)
  })

  it('sets the cells as tables in the PDF: no dash lines, numbered captions, a cell a table cell', () => {
    const text = pdfText(pdf)
    expect(text).not.toMatch(/-{3,}|\\%|Table:|\{#tbl/)
    const flat = squash(text)
    expect(flat).toContain('see Table 1, Table 2 and Table 3.')
    expect(flat).toContain('Table 1. Bids by round')
    expect(flat).toContain('Table 2. Where the figures come from')
    expect(flat).toContain('Table 3. Options chosen')
    // A multiline cell's lines are one cell's text.
    expect(flat).toContain('Auction records of 2015, joined across two source lines.')
    // Laid out, a row's cells stand on one line, in their columns.
    const layout = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], {encoding: 'utf8'})
    expect(layout).toMatch(/^\s*First option\s{3,}242\s{3,}45\s*$/m)
    expect(layout).toMatch(/^\s*Bids\s{3,}Auction records of 2015, joined across two source lines\.\s*$/m)
    const tags = allTags(readTags(pdf).root)
    expect(tags.filter((tag) => tag.type === 'Table')).toHaveLength(3)
    const cells = (type: string) => tags.filter((tag) => tag.type === type).length
    // 3 + 2 + 3 header cells; 6 + 4 + 6 body cells.
    expect(cells('TH')).toBe(8)
    expect(cells('TD')).toBe(16)
  })

  it('gives an EPUB that epubcheck passes, with the tables, their captions and widths', async () => {
    const report = await epubcheck(epub)
    expect([report.checker.nFatal, report.checker.nError, report.checker.nWarning]).toEqual([0, 0, 0])
    const files = await epubFiles(epub)
    const body = [...files].filter(([name]) => /OEBPS\/(?!cover|toc)[^/]+\.xhtml$/.test(name)).map(([, content]) => content).join('\n')
    expect(body.match(/<table/g)).toHaveLength(3)
    expect(body).toMatch(/<table id="tbl-sources"[^>]*><caption>.*<\/caption><colgroup><col style="width:19\.4%"\s*\/?>(?:<\/col>)?<col style="width:66\.7%"\s*\/?>(?:<\/col>)?<\/colgroup>/s)
    expect(body).not.toMatch(/-{3,}/)
  }, 300_000)

  it('keeps the alignments pandoc reads in the HTML', () => {
    const page = readFileSync(html, 'utf8')
    // “Bids” sits flush right over its dashes: right aligned; “Cleared” in the middle: centred.
    expect(page).toMatch(/<th class="align-right">Bids<\/th>/)
    expect(page).toMatch(/<th class="align-center">Cleared<\/th>/)
    // Word's table: the first column's header is empty, so its alignment is the default.
    expect(page).toContain('<td>Second option</td>')
    expect(page).toContain('<td class="align-left">242</td>')
  })
})
