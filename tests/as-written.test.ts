import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {epubcheck, notesOf, pdfText, squash} from './helpers/tools.js'

// Papers as policy institutes and CMS exports write them (apps/build/test/fixtures/as-written):
// dollar amounts, `<br>` in table cells, a tag meant as text in a heading, embedded frames,
// two display-math blocks in a row the pandoc/kramdown way.
const fixtures = 'apps/build/test/fixtures/as-written'
const out = mkdtempSync(join(tmpdir(), 'offprint-as-written-'))
const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', '--no-cache', '--out', out, fixtures], {encoding: 'utf8'})
const json = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'check', '--json', fixtures], {encoding: 'utf8'})
afterAll(() => rmSync(out, {recursive: true, force: true}))

const source = (slug: string) => readFileSync(join(fixtures, `${slug}.md`), 'utf8')
const html = (slug: string) => readFileSync(join(out, `${slug}.html`), 'utf8')
/** Every dollar amount written in the paper (`$4.2`, `$20,000`, `\$5` as `$5`). */
const amountsIn = (text: string) => [...text.matchAll(/\$\d[\d,.]*\d|\$\d/g)].map((match) => match[0])

describe('building papers as they are written', () => {
  it('builds every paper, and no library prints to the terminal raw', () => {
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout + result.stderr).toContain('3 built, 0 failed')
    // MuPDF's own lines ("warning: ActualText with no position…") start with the severity.
    expect(result.stderr).not.toMatch(/^(warning|error|format error|note): /im)
    for (const line of result.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^\S+:\d+:\d+: (error|warning|info): .+ \[[a-z-]+\]$|^(✓|✗|catalog|\d+ built)/)
  })
})

describe('dollar amounts stay money', () => {
  const amounts = amountsIn(source('money'))

  it('has the amounts the test looks for', () => {
    expect(amounts).toEqual(expect.arrayContaining(['$4.2', '$300', '$20,000', '$30,000', '$1,200', '$2,000', '$4,320', '$5']))
  })

  it('prints every dollar amount verbatim in the PDF’s text layer', () => {
    const text = squash(pdfText(join(out, 'money.pdf')))
    expect(text).toContain('The plan costs $4.2 trillion over ten years and saves $300 billion.')
    expect(text).toContain('between $20,000 and $30,000 gets $1,200')
    expect(text).toContain('Prices are written $5 with a backslash too.')
    for (const amount of amounts) expect(text).toContain(amount)
    expect(text).not.toMatch(/𝑡𝑟𝑖𝑙𝑙𝑖𝑜𝑛/u)
  })

  it('keeps them as text in the HTML, with `$x$` as the only math', () => {
    const page = html('money')
    for (const amount of amounts) expect(page).toContain(amount)
    expect(page.match(/<math>/g)).toHaveLength(2)
    expect(page).toMatch(/earning <math><semantics><mi>x<\/mi>/)
  })
})

describe('two display-math blocks in a row', () => {
  it('keep every note and the text after them', () => {
    const page = html('display-math')
    const definitions = source('display-math').match(/^\[\^[^\]]+\]:/gm)!
    expect(notesOf(page)).toHaveLength(definitions.length)
    expect(page.match(/<math display="block"/g)).toHaveLength(2)
    expect(squash(pdfText(join(out, 'display-math.pdf')))).toContain('The text after the equations is kept.')
  })
})

describe('raw HTML as CMS exports write it', () => {
  it('gives a valid EPUB (a block tag in a heading is printed as text)', async () => {
    const report = await epubcheck(join(out, 'raw-html.epub'))
    expect(report.messages.filter((message) => /ERROR|FATAL/.test(message.severity))).toEqual([])
    expect(report.checker.nError + report.checker.nFatal).toBe(0)
    expect(squash(pdfText(join(out, 'raw-html.pdf')))).toContain('Primer <div>: los saludos')
  })

  it('reads `<br>` as a line break, in table cells too, without a warning', () => {
    const page = html('raw-html')
    expect(page).toMatch(/<td>Hijos<br>\(0-5\)<\/td>/)
    expect(page).toContain('Una línea<br>y otra<br>y otra más.')
    expect(result.stderr).not.toMatch(/`<br>`/)
  })

  it('turns an `<iframe>` into a link to its source titled by its title, with one warning for both', () => {
    const page = html('raw-html')
    expect(page).toContain('<a href="https://www.youtube.com/embed/abc123">Cómo se calcula el crédito</a>')
    expect(page).toContain('<a href="https://charts.example.org/embed/ctc">Gráfico del crédito</a>')
    expect(page).not.toContain('<iframe')
    const lines = result.stderr.split('\n').filter((line) => line.includes('[html-iframe]'))
    expect(lines).toEqual([expect.stringMatching(/raw-html\.md:20:1: warning: Unexpected raw HTML `<iframe>`, expected a link .*\(and 1 more: line 24\) \[html-iframe\]$/)])
    expect(result.stderr).toMatch(/raw-html\.md:16:12: warning: Unexpected block element `<div>` inside a heading, expected phrasing content \(printed as text\) \[html-block-in-heading\]/)
  })

  it('keeps every message in `--json`', () => {
    const report = JSON.parse(json.stdout) as {papers: Array<{path: string; messages: Array<{ruleId: string; line: number; column: number}>}>}
    const paper = report.papers.find((each) => each.path.endsWith('raw-html.md'))!
    expect(paper.messages.filter((message) => message.ruleId === 'html-iframe').map((message) => `${message.line}:${message.column}`)).toEqual(['20:1', '24:1'])
  })
})
