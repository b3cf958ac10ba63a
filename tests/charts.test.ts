import {execFileSync, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ace} from './helpers/ace.js'
import {epubcheckMany} from './helpers/epubcheck-many.js'
import {allTags, readTags} from './helpers/pdf-tags.js'
import {epubFiles, pdfFonts, pdfText} from './helpers/tools.js'

// ```vega-lite, ```plotly and ```mermaid blocks → vector figures, on a
// fixture with one of each (and a Vega-Lite spec in YAML reading a CSV beside
// the paper), on a paper of broken blocks, and on the corpus's papers made of
// Plotly charts.
const epoch = {...process.env, SOURCE_DATE_EPOCH: '1767225600'}

function build(folder: string): {out: string; stderr: string; status: number | null} {
  const out = mkdtempSync(join(tmpdir(), 'offprint-charts-'))
  const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', folder, '--no-cache', '--timeout', '300', '--out', out], {encoding: 'utf8', env: epoch})
  return {out, stderr: result.stderr, status: result.status}
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
/** The SVG of every data: picture in a page (the charts, as the HTML carries them). */
const svgsOf = (html: string) => Array.from(html.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g), (match) => Buffer.from(match[1]!, 'base64').toString('utf8'))
/** Every painted raster image, as pdfimages lists them (the header is two lines). */
const rasters = (pdf: string) => execFileSync('pdfimages', ['-list', pdf], {encoding: 'utf8'}).split('\n').slice(2).filter(Boolean)

describe('charts in every output (tests/fixtures/charts/good)', () => {
  const first = build('tests/fixtures/charts/good')
  const second = build('tests/fixtures/charts/good')
  const pdf = join(first.out, 'chart-gallery.pdf')
  const epub = join(first.out, 'chart-gallery.epub')
  const html = readFileSync(join(first.out, 'chart-gallery.html'), 'utf8')

  it('builds, warning only that the diagram has no description', () => {
    expect(first.status, first.stderr).toBe(0)
    const warnings = first.stderr.split('\n').filter((line) => /warning:/.test(line))
    expect(warnings).toEqual([expect.stringMatching(/index\.md:72:1: warning: Unexpected mermaid chart without a description.*“Flowchart”.*\[chart-description\]/)])
  })

  it('prints the charts’ labels as text, and none of their source', () => {
    const text = pdfText(pdf)
    for (const label of ['Share claiming (%)', 'Region of residence', 'North East', 'Claims received', 'November', 'Financial year', 'Spending (£bn)', 'Outturn', 'Application received', 'Eligible?', 'Letter of refusal']) {
      expect(text).toContain(label)
    }
    for (const source of ['"data":', 'hovertemplate', 'flowchart', 'encoding', 'mark:']) expect(text).not.toContain(source)
  })

  it('draws them as vectors in the theme’s TrueType faces: no raster, no Type 3', () => {
    expect(rasters(pdf)).toEqual([])
    const fonts = pdfFonts(pdf)
    expect(fonts.filter((font) => /Type 3/.test(font.type) || !font.embedded)).toEqual([])
    expect(fonts.map((font) => font.name).join(' ')).toContain('NotoSans-Regular')
  })

  it('tags each chart a Figure with its alternate text: the description, else the title, else a summary', () => {
    const figures = allTags(readTags(pdf).root).filter((tag) => tag.type === 'Figure')
    expect(figures.map((tag) => tag.alt)).toEqual([
      'Bar chart: take-up of the grant is highest in the North East (71%) and lowest in London (38%).',
      'Line chart of monthly claims, rising from 1,200 in October to 4,100 in January.',
      'Grant spending against forecast',
      'Flowchart'
    ])
  })

  it('captions them from the block attribute, else the spec’s title', () => {
    const captions = Array.from(html.matchAll(/<figcaption>([^<]*)<\/figcaption>/g), (match) => match[1])
    expect(captions).toEqual(['Take-up by region, 2025', 'Claims per month, from claims.csv', 'Grant spending against forecast', 'Flowchart'])
  })

  it('gives the numbers of the data charts as a table in a details element (HTML and EPUB)', async () => {
    const details = Array.from(html.matchAll(/<details class="chart-data"[^>]*>([\s\S]*?)<\/details>/g), (match) => match[1]!)
    expect(details).toHaveLength(3)
    expect(details[1]).toMatch(/<th>month<\/th>[\s\S]*<th[^>]*>claims<\/th>[\s\S]*<td>December<\/td>\s*<td[^>]*>3500<\/td>/)
    expect(details[2]).toMatch(/<th[^>]*>Outturn<\/th>[\s\S]*<td[^>]*>2025<\/td>\s*<td[^>]*>2.9<\/td>\s*<td[^>]*>2.7<\/td>/)
    const book = [...(await epubFiles(epub)).entries()].filter(([name]) => name.endsWith('.xhtml')).map(([, text]) => text).join('\n')
    expect(book.match(/<details class="chart-data"/g)).toHaveLength(3)
    expect(book).toContain('<summary>Data: Line chart of monthly claims')
  })

  it('lets no script into any artifact, the charts’ SVG included', async () => {
    const svgs = svgsOf(html)
    expect(svgs).toHaveLength(4)
    const book = await epubFiles(epub)
    // The page's JSON-LD (schema.org metadata) is data: a script element the browser never runs.
    const markup = [html.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, ''), ...svgs, ...book.values()]
    for (const text of markup) {
      expect(text).not.toMatch(/<script|<foreignObject|javascript:/i)
      expect(text).not.toMatch(/\son[a-z]+\s*=/i)
    }
  })

  it('gives each chart ids of its own, and the same bytes on every build', () => {
    const ids = svgsOf(html).flatMap((svg) => Array.from(svg.matchAll(/\sid="([^"]+)"/g), (match) => match[1]!))
    expect(ids.length).toBeGreaterThan(4)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.every((id) => /^chart[1-4]-\d+$/.test(id))).toBe(true)
    expect(second.status, second.stderr).toBe(0)
    const names = readdirSync(first.out).sort()
    expect(readdirSync(second.out).sort()).toEqual(names)
    for (const name of names) expect(sha(join(second.out, name)), name).toBe(sha(join(first.out, name)))
  })

  it('draws a paper’s charts the same after another paper’s, in the one chart page a build keeps', () => {
    // Two copies of the paper in one series, one worker: the second's charts are drawn in the
    // page the first's left behind (Plotly and Mermaid loaded once), and must not differ.
    const series = mkdtempSync(join(tmpdir(), 'offprint-charts-series-'))
    for (const name of ['a-gallery', 'b-gallery']) cpSync('tests/fixtures/charts/good/chart-gallery', join(series, name), {recursive: true})
    const out = mkdtempSync(join(tmpdir(), 'offprint-charts-'))
    const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', series, '--no-cache', '-j', '1', '--to', 'html', '--timeout', '300', '--out', out], {encoding: 'utf8', env: epoch})
    expect(result.status, result.stderr).toBe(0)
    const alone = svgsOf(html)
    expect(alone.length).toBeGreaterThan(2)
    for (const name of ['a-gallery', 'b-gallery']) expect(svgsOf(readFileSync(join(out, `${name}.html`), 'utf8')), name).toEqual(alone)
  })

  it('makes an EPUB epubcheck passes, and Ace finds nothing to fault', async () => {
    expect((await epubcheckMany([epub])).get(epub)).toEqual([])
    const report = await ace(epub)
    const violations = report.assertions.flatMap((file) => file.assertions.map((entry) => `${entry['earl:test']['dct:title']}: ${entry['earl:result']['dct:description'] ?? ''}`))
    expect(violations).toEqual([])
  })
})

describe('broken chart blocks (tests/fixtures/charts/bad)', () => {
  const result = build('tests/fixtures/charts/bad')
  const errors = result.stderr.split('\n').filter((line) => / error: /.test(line))

  it('fails the paper with a positioned error per block, and no stack trace', () => {
    expect(result.status).toBe(1)
    expect(result.stderr).not.toMatch(/\n\s+at \S+ \(|TypeError|Cannot read/)
    expect(readdirSync(result.out).filter((name) => name.startsWith('chart-errors'))).toEqual([])
    const at = (line: string) => /index\.md:(\d+:\d+): error: .*\[([\w-]+)\]$/.exec(line)?.slice(1, 3).join(' ')
    expect(errors.map(at)).toEqual(['14:3 chart-invalid', '18:1 chart-invalid', '22:1 chart-data', '26:1 chart-data', '33:1 chart-invalid'])
    expect(errors[0]).toContain('Unexpected invalid JSON in Vega-Lite block')
    expect(errors[1]).toContain('Unexpected Vega-Lite mark `blob`')
    expect(errors[2]).toContain('Unexpected remote data `https://example.org/data.csv`')
    expect(errors[3]).toContain('outside the paper’s folder')
    expect(errors[4]).toMatch(/Unexpected Mermaid diagram Mermaid cannot draw \(Expecting .*got/)
  })
})

// The two corpus papers whose figures are ```plotly blocks (Plotly's JSON).
const corpus = join(process.cwd(), '..', 'shared', 'corpus', 'policy')
const corpusPapers: Array<[slug: string, charts: number, labels: string[]]> = [
  ['uk-vat-thresholds', 6, ['Turnover band', 'Number of firms (thousands)', 'Source: ONS UK Business Statistics']],
  ['uk-income-tax-ni-reforms-2025', 10, ['Change in government revenue (£ billions)', 'Fiscal year', 'Income decile']]
]

describe.skipIf(!existsSync(corpus))('the corpus’s Plotly papers', () => {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-charts-corpus-'))
  mkdirSync(join(folder, 'policy'))
  for (const [slug] of corpusPapers) copyFileSync(join(corpus, `${slug}.md`), join(folder, 'policy', `${slug}.md`))
  const result = existsSync(corpus) ? build(join(folder, 'policy')) : {out: '', stderr: '', status: null}

  it.each(corpusPapers)('%s: its %i charts are tagged vector figures with their labels as text', (slug, charts, labels) => {
    expect(result.status, result.stderr).toBe(0)
    const pdf = join(result.out, `${slug}.pdf`)
    // Noto Sans sets "fi" as a ligature, which poppler gives as one character.
    const text = pdfText(pdf).replace(/ﬁ/g, 'fi').replace(/ﬂ/g, 'fl')
    for (const label of labels) expect(text).toContain(label)
    for (const source of ['"data":', 'hovertemplate', '"layout"']) expect(text).not.toContain(source)
    expect(rasters(pdf)).toEqual([])
    expect(pdfFonts(pdf).filter((font) => /Type 3/.test(font.type))).toEqual([])
    const figures = allTags(readTags(pdf).root).filter((tag) => tag.type === 'Figure')
    expect(figures).toHaveLength(charts)
    expect(figures.every((tag) => (tag.alt ?? '').length > 10)).toBe(true)
    // Was 65 pages and 18.7 MB of JSON printed as code.
    expect(readFileSync(pdf).byteLength).toBeLessThan(1_000_000)
  })
})
