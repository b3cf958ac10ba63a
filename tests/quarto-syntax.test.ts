import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ace, violations} from './helpers/ace.js'
import {allTags, readTags} from './helpers/pdf-tags.js'
import {epubcheck, epubFiles, pdfText, squash} from './helpers/tools.js'

// A paper written the Quarto way (tests/fixtures/quarto-syntax): attributes, fenced divs and
// callouts, bracketed spans, sub/superscript, caption lines, a labelled chart, and
// cross-references to all of them, through the real CLI into every output.
const epoch = {...process.env, SOURCE_DATE_EPOCH: '1767225600'}

describe('a Quarto-style paper', () => {
  const out = mkdtempSync(join(tmpdir(), 'offprint-quarto-'))
  const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', 'tests/fixtures/quarto-syntax/index.md', '--no-cache', '--timeout', '300', '--out', out], {encoding: 'utf8', env: epoch})
  const pdf = join(out, 'quarto-syntax.pdf')
  const epub = join(out, 'quarto-syntax.epub')
  const html = join(out, 'quarto-syntax.html')

  it('builds, with nothing to say about its syntax', () => {
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).not.toMatch(/xref-|div-unclosed/)
    expect(existsSync(pdf) && existsSync(epub) && existsSync(html)).toBe(true)
  })

  it('prints none of the syntax in the PDF’s text', () => {
    const text = pdfText(pdf)
    for (const raw of ['{#', '{.', ']{', ':::', '^10^', '~2~', '@fig-', '@tbl-', '@eq-', '@sec-', '#|']) expect(text, raw).not.toContain(raw)
    const flat = squash(text)
    expect(flat).toContain('See Figure 1, Table 1, Figure 2 and Equation (1), and Method.')
    expect(flat).toContain('Figure 1. Clearing prices by round')
    expect(flat).toContain('Figure 2. Bids per round')
    expect(flat).toContain('Table 1. Bids by round')
    expect(flat).toContain('As Figure 1 shows, and 1 says in short; Table 2 lists the lots.')
    expect(flat).toContain('Table 2. Lots on offer')
    expect(flat).not.toMatch(/\+={3,}|\+-{3,}/)
    expect(flat).toMatch(/What a callout says\s*A note with bold text\./)
    expect(flat).toMatch(/Warning\s*No title here\./)
    expect(flat).toContain('H2O')
  })

  it('links each cross-reference to its target in the PDF, and tags callouts and the Japanese span', () => {
    const tags = readTags(pdf)
    const internal = tags.links.map((link) => link.href).filter((href) => href.startsWith('#'))
    for (const target of ['#fig-clearing', '#tbl-bids', '#tbl-lots', '#fig-bars', '#eq-price', '#sec-method']) expect(internal, target).toContain(target)
    const all = allTags(tags.root)
    expect(all.some((tag) => tag.type === 'Span' && tag.lang === 'ja')).toBe(true)
    // A callout is a Div holding its title's paragraph.
    const divs = all.filter((tag) => tag.type === 'Div' && tag.kids.some((kid) => kid.type === 'P' && kid.kids.some((strong) => strong.type === 'Strong')))
    expect(divs.length).toBeGreaterThanOrEqual(2)
  })

  it('gives an EPUB epubcheck and Ace pass, with the same figures, tables and links', async () => {
    const report = await epubcheck(epub)
    expect([report.checker.nFatal, report.checker.nError, report.checker.nWarning]).toEqual([0, 0, 0])
    const files = await epubFiles(epub)
    const body = [...files].filter(([name]) => /OEBPS\/(?!cover|toc)[^/]+\.xhtml$/.test(name)).map(([, content]) => content).join('\n')
    expect(body).toContain('<aside class="callout callout-note" role="note">')
    expect(body).toContain('<span lang="ja" xml:lang="ja">入札</span>')
    expect(body).toMatch(/<a href="#fig-clearing" class="crossref">Figure(?:&#xA0;|\u00a0| )1<\/a>/)
    expect(body).toContain('<sub>2</sub>')
    expect(body).toContain('<sup>10</sup>')
    expect(body).toContain('style="width:60%"')
    expect(violations(await ace(epub))).toEqual([])
  }, 300_000)

  it('keeps the HTML’s ids and classes for themes and links', () => {
    const page = readFileSync(html, 'utf8')
    expect(page).toContain('<h2 id="sec-method" class="unnumbered">Method</h2>')
    expect(page).toContain('<figure id="fig-bars">')
    expect(page).toContain('<table id="tbl-bids"><caption>')
    expect(page).toContain('<div class="math-display equation" id="eq-price">')
    expect(page).toContain('<div id="box" class="inner">')
    expect(page).toContain('<span class="smallcaps">Annual Review</span>')
  })
})

describe('a Quarto-style paper with a misspelt label', () => {
  it('fails with the place, the rule and a guess, and warns of an unclosed div', () => {
    const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'check', 'tests/fixtures/quarto-syntax-bad/index.md'], {encoding: 'utf8'})
    expect(result.status).toBe(1)
    const output = result.stdout + result.stderr
    expect(output).toContain('index.md:7:4: error: Unexpected cross-reference `@fig-prics`, expected the label of a figure in this paper (did you mean `@fig-prices`?) [xref-unknown]')
    expect(output).toContain('index.md:9:1: warning: Unexpected fenced div `:::` without a closing `:::`')
  })
})
