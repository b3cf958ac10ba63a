import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {epubcheckMany} from './helpers/epubcheck-many.js'
import {pages} from './helpers/pdf-layout.js'
import {allTags, readTags} from './helpers/pdf-tags.js'
import {epubFiles, pdfText} from './helpers/tools.js'

// `charts: {data: appendix}` in series.yaml: the PDF prints each Vega-Lite
// and Plotly chart's numbers in a “Chart data” appendix after the text (a
// captioned, tagged table per chart, linked to and from its figure), while
// the HTML and EPUB keep the `<details>` after each figure. The fixture
// (tests/fixtures/chart-appendix) has a numbered Vega-Lite chart and an
// unnumbered Plotly one whose table of 11 columns is too wide at full size.
const fixture = 'tests/fixtures/chart-appendix'

/** The fixture copied, with its series.yaml's `charts` line replaced (or dropped). */
function series(charts: string | undefined): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-chart-appendix-'))
  cpSync(fixture, folder, {recursive: true})
  const config = readFileSync(join(fixture, 'series.yaml'), 'utf8').replace(/^charts:.*\n/m, charts === undefined ? '' : `${charts}\n`)
  writeFileSync(join(folder, 'series.yaml'), config)
  return folder
}

function build(folder: string): {out: string; stderr: string; status: number | null} {
  const out = mkdtempSync(join(tmpdir(), 'offprint-chart-appendix-out-'))
  const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', folder, '--no-cache', '--timeout', '300', '--out', out], {
    encoding: 'utf8',
    env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}
  })
  return {out, stderr: result.stderr, status: result.status}
}

/** The numbers only the tables have (the charts' axes show none of them). */
const numbers = ['71', '64', '55', '38', '1.79', '0.74', '0.47', '0.07']

describe('charts: {data: appendix}', () => {
  const on = build(fixture)
  const pdf = join(on.out, 'chart-data.pdf')

  it('builds, with the wide table’s warning at its chart', () => {
    expect(on.status, on.stderr).toBe(0)
    expect(on.stderr).toMatch(/chart-data\/index\.md:38:1: warning: Unexpected table of 11 columns .*set at 6\.5 pt.*\[table-too-wide\]/)
    expect(on.stderr).not.toMatch(/epub-packing|error/)
  })

  it('prints a “Chart data” appendix after the text, before the notes and the imprint, a titled table per chart', () => {
    const text = pdfText(pdf)
    const heading = text.indexOf('\nChart data\n')
    expect(heading).toBeGreaterThan(text.indexOf('every scheme the department ran.'))
    const body = text.slice(0, heading)
    const appendix = text.slice(heading, text.indexOf('\nNotes\n'))
    expect(text.indexOf('\nNotes\n')).toBeGreaterThan(heading)
    expect(text.indexOf('Published by The Harbourside Institute')).toBeGreaterThan(heading)
    expect(appendix).toContain('Data for Figure 1: Take-up by region, 2025')
    // The Plotly chart has no number: its table is titled by its caption.
    expect(appendix).toContain('Data for “Spending by scheme”')
    for (const number of numbers) {
      expect(appendix, number).toMatch(new RegExp(`(^|\\s)${number.replace('.', '\\.')}(\\s|$)`))
      expect(body, number).not.toMatch(new RegExp(`(^|\\s)${number.replace('.', '\\.')}(\\s|$)`))
    }
    // Under each figure, the way to its table.
    expect(body.match(/Data: see “Chart data” at the end/g)).toHaveLength(2)
    // A page of its own, which the appendix begins.
    const appendixPage = pages(pdf).findIndex((page) => page.words.some((word) => word.text === 'Chart') && page.words.some((word) => word.text === 'takeup'))
    expect(appendixPage).toBeGreaterThan(0)
    expect(pdfText(pdf, {first: appendixPage + 1, last: appendixPage + 1}).trim()).toMatch(/^Where the Heat Pump Grant Went\s+Chart data\n/)
  })

  it('fits the wide table inside the text block', () => {
    for (const [index, page] of pages(pdf).entries()) {
      // The theme's margins: 27 mm a side, less a point of rounding.
      const margin = 27 * 2.835 - 1
      for (const word of page.words) {
        expect(word.xMin, `page ${index + 1}: ${word.text}`).toBeGreaterThanOrEqual(margin)
        expect(word.xMax, `page ${index + 1}: ${word.text}`).toBeLessThanOrEqual(page.width - margin)
      }
    }
    expect(pdfText(pdf)).toContain('Transformation')
  })

  it('tags each table a Table with its Caption, and links each figure to its table and back', () => {
    const tags = readTags(pdf)
    const tables = allTags(tags.root).filter((tag) => tag.type === 'Table')
    expect(tables).toHaveLength(2)
    const captions = tables.map((table) => table.kids[0]!)
    expect(captions.map((caption) => caption.type)).toEqual(['Caption', 'Caption'])
    // Each caption holds its link back to the figure.
    expect(captions.map((caption) => allTags(caption).filter((tag) => tag.type === 'Link').length)).toEqual([1, 1])
    expect(tables.map((table) => allTags(table).filter((tag) => tag.type === 'TH').length)).toEqual([2, 11])
    expect(allTags(tags.root).filter((tag) => tag.type === 'Figure').map((tag) => tag.alt)).toEqual(['Bar chart: take-up is highest in the North East (71%) and lowest in London (38%).', 'Spending by scheme'])
    const pageOf = (href: string) => tags.document.resolveLink(href)
    const appendixPage = pageOf('#chart1-data')
    // From the figures' pages to the appendix's…
    const forward = tags.links.filter((link) => /^#chart\d-data$/.test(link.href))
    expect(forward.map((link) => link.href)).toEqual(['#chart1-data', '#chart2-data'])
    for (const link of forward) {
      expect(link.page).toBeLessThan(appendixPage)
      expect(pageOf(link.href)).toBe(appendixPage)
    }
    // …and back, from each caption to its figure.
    const back = tags.links.filter((link) => link.page === appendixPage && (link.href === '#fig-takeup' || link.href === '#chart2'))
    expect(back.map((link) => link.href)).toEqual(['#fig-takeup', '#chart2'])
    const figurePages: Record<string, number> = {'#fig-takeup': forward[0]!.page, '#chart2': forward[1]!.page}
    for (const link of back) {
      expect(link.element?.type).toBe('Link')
      expect(pageOf(link.href)).toBe(figurePages[link.href])
    }
    // A bookmark of its own, between the text's and the notes'.
    const outline = (tags.document.loadOutline() ?? []).flatMap((item) => [item, ...(item.down ?? [])]).map((item) => `${item.title} ${item.page}`)
    expect(outline).toEqual(['Where the Heat Pump Grant Went 0', 'Take-up 0', 'Spending 0', `Chart data ${appendixPage}`, `Notes ${appendixPage}`, `Publication details ${appendixPage}`])
    tags.document.destroy()
  })

  it('keeps the details in the HTML and the EPUB, which epubcheck passes', async () => {
    const html = readFileSync(join(on.out, 'chart-data.html'), 'utf8')
    // The page's stylesheet has the appendix's rules; its body, no appendix.
    expect(html.slice(html.indexOf('<body'))).not.toMatch(/chart-appendix|Chart data|Data for/)
    expect(html.match(/<details class="chart-data" id="chart\d-data"/g)).toHaveLength(2)
    const epub = join(on.out, 'chart-data.epub')
    const book = [...(await epubFiles(epub)).entries()].filter(([name]) => name.endsWith('.xhtml')).map(([, text]) => text).join('\n')
    expect(book.match(/<details class="chart-data" id="chart\d-data"/g)).toHaveLength(2)
    expect(book).not.toContain('chart-appendix')
    expect(book).toContain('<td class="numeric">1.79</td>')
    // Every print page, the appendix's included, has its place in the book's page list.
    expect(book).toMatch(/id="print-page-3"/)
    expect((await epubcheckMany([epub])).get(epub)).toEqual([])
  })
})

describe('charts: the default', () => {
  const off = build(series(undefined))
  const pdf = join(off.out, 'chart-data.pdf')

  it('leaves the numbers out of the PDF and keeps them in the HTML’s details', () => {
    expect(off.status, off.stderr).toBe(0)
    const text = pdfText(pdf)
    expect(text).not.toContain('Chart data')
    expect(text).not.toContain('Data for')
    for (const number of numbers) expect(text, number).not.toMatch(new RegExp(`(^|\\s)${number.replace('.', '\\.')}(\\s|$)`))
    expect(text).toContain('Take-up by region, 2025')
    const html = readFileSync(join(off.out, 'chart-data.html'), 'utf8')
    const details = Array.from(html.matchAll(/<details class="chart-data"[^>]*>([\s\S]*?)<\/details>/g), (match) => match[1]!)
    expect(details).toHaveLength(2)
    expect(details[0]).toMatch(/<td>North East<\/td>\s*<td class="numeric">71<\/td>/)
    expect(details[1]).toContain('<td class="numeric">1.79</td>')
    expect(allTags(readTags(pdf).root).filter((tag) => tag.type === 'Table')).toEqual([])
  })
})

describe('charts: a wrong value in series.yaml', () => {
  it('is an error at its place, in our words, and nothing is built', () => {
    for (const [line, expected] of [
      ['charts: {data: apendix}', /series\.yaml:3:16: error: Unexpected `apendix` for `charts\.data`, expected `details` or `appendix` \[front-matter-type\]/],
      ['charts: appendix', /series\.yaml:3:1: error: Unexpected `appendix` for `charts`, expected a mapping \[front-matter-type\]/]
    ] as const) {
      const result = build(series(line))
      expect(result.status, result.stderr).toBe(2)
      expect(result.stderr).toMatch(expected)
      expect(result.stderr).not.toMatch(/\n\s+at \S+ \(/)
      expect(existsSync(result.out) ? readdirSync(result.out) : []).toEqual([])
    }
  })
})
