import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {numberNotes} from '@offprint/cite'
import {parsePaper} from '@offprint/parse'
import {renderPaper, themeCss, toDocument} from '@offprint/render-html'
import {launchBrowser, renderPdf, type OwnedBrowser} from '@offprint/render-pdf'
import {grey, lines, pages} from './helpers/pdf-layout.js'
import {pdfFonts, pdfText} from './helpers/tools.js'

// The print typography of issue 15, measured on the PDF: where words sit
// (pdftotext -bbox), what the text layer says, which fonts are embedded,
// and (for what is drawn, not written) the pixels of the page.
const fixtures = join('tests', 'fixtures', 'typeset')
let owned: OwnedBrowser
let out: string
const built = new Map<string, {pdf: string; html: string; messages: string[]}>()

beforeAll(async () => {
  owned = await launchBrowser()
  out = mkdtempSync(join(tmpdir(), 'offprint-typeset-'))
  for (const name of ['paper-en', 'paper-ja', 'paper-zh-undeclared']) {
    const path = join(fixtures, name + '.md')
    const paper = numberNotes(parsePaper(new VFile({value: readFileSync(path, 'utf8'), path})))
    const html = toDocument(renderPaper(paper), {css: themeCss('print')})
    const pdf = join(out, name + '.pdf')
    writeFileSync(pdf, await renderPdf(owned.browser, html, {sourceDateEpoch: 1767225600}))
    built.set(name, {pdf, html, messages: paper.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)})
  }
})
afterAll(async () => {
  await owned?.close()
  if (out) rmSync(out, {recursive: true, force: true})
})

/** The theme's side margin (27 mm) in points. */
const margin = 27 * (72 / 25.4)

describe('tables', () => {
  it('never break a number or a word, and stay inside the text block', () => {
    const all = pages(built.get('paper-en')!.pdf)
    const words = all.flatMap((page) => page.words)
    for (const token of ['1,234,567', '8,901,234', '17,000,000', '53,000,000', '2015', '2025', 'Country', 'Netherlands', 'Luxembourg', 'Population']) {
      expect(words.some((word) => word.text === token), token).toBe(true)
    }
    // No piece of a broken token anywhere (`Netherlan` + `ds`, `1,234,` + `567`).
    expect(words.filter((word) => /^(Netherla?n?|ds|1,234,|234,567|Populat)$/.test(word.text))).toEqual([])
    for (const page of all) {
      for (const word of page.words) {
        expect(word.xMin, `${word.text} on page ${word.page}`).toBeGreaterThan(margin - 60)
        expect(word.xMax, `${word.text} on page ${word.page}`).toBeLessThan(page.width - 20)
      }
    }
    // The ten-column table fits the portrait text block at 7.5 pt.
    const population = words.find((word) => word.text === '17,000,000')!
    expect(population.xMax).toBeLessThanOrEqual(all[0]!.width - margin + 0.5)
  })

  it('warn with the place of a table set smaller, or on a turned page', () => {
    const {messages, html} = built.get('paper-en')!
    expect(messages).toContain('12:1 table-too-wide')
    expect(messages.filter((m) => m.endsWith('table-too-wide'))).toHaveLength(2)
    expect(html).toContain('<table class="table-small">')
    expect(html).toContain('<table class="table-landscape">')
    // The thirteen columns are printed turned: their words run up the page.
    const row = pages(built.get('paper-en')!.pdf).flatMap((page) => page.words).filter((word) => /^\d,\d{3},\d{3}$/.test(word.text) && word.yMax - word.yMin > word.xMax - word.xMin)
    expect(row.length).toBeGreaterThanOrEqual(11)
  })
})

describe('code', () => {
  it('wraps a long line under its indentation, with a drawn continuation mark and nothing added to the text', () => {
    const {pdf} = built.get('paper-en')!
    const all = pages(pdf)
    const page = all.find((p) => p.words.some((word) => word.text === 'return'))!
    const text = lines(page.words)
    const first = text.findIndex((line) => line.some((word) => word.text === 'return'))
    const returns = text[first]!.find((word) => word.text === 'return')!
    const def = text[first - 1]!.find((word) => word.text === 'def')!
    const continuation = text[first + 1]!
    // Four spaces of indentation, then two columns more for the continuation (a column is 0.6em of 0.82 × 11pt).
    const column = 0.6 * 0.82 * 11
    expect(returns.xMin - def.xMin).toBeCloseTo(4 * column, 0)
    expect(continuation[0]!.xMin - returns.xMin).toBeCloseTo(2 * column, 0)
    // The ↪ is painted in that gutter (dark pixels), but is no text.
    const dpi = 144
    const image = grey(pdf, page.words[0]!.page, dpi)
    const scale = dpi / 72
    let dark = 0
    for (let x = returns.xMin + 1; x < continuation[0]!.xMin - 1; x += 0.5) {
      for (let y = continuation[0]!.yMin; y < continuation[0]!.yMax; y += 0.5) if (image.at(x * scale, y * scale) < 160) dark++
    }
    expect(dark).toBeGreaterThan(8)
    expect(pdfText(pdf)).not.toMatch(/[↪↩]/)
  })

  it('keeps inline code unstretched in a justified line', () => {
    const all = pages(built.get('paper-en')!.pdf).flatMap((page) => page.words)
    const [aa, bb, cc] = ['aa', 'bb', 'cc'].map((text) => all.find((word) => word.text === text)!)
    // Monospace: “aa ” is three advances, one advance is half of “aa”.
    const advance = (aa!.xMax - aa!.xMin) / 2
    expect(bb!.xMin - aa!.xMin).toBeCloseTo(3 * advance, 0)
    expect(cc!.xMin - bb!.xMin).toBeCloseTo(3 * advance, 0)
    // …while the line around it is stretched: its spaces are wider than a mono space.
    const line = lines(all.filter((word) => word.page === aa!.page)).find((words) => words.includes(aa!))!
    const [a, b] = ['with', 'the'].map((text) => line.find((word) => word.text === text)!)
    expect(b!.xMin - a!.xMax).toBeGreaterThan(advance * 1.5)
  })
})

describe('display math', () => {
  it('has room above and below, in the TrueType DejaVu Math TeX Gyre', () => {
    const {pdf} = built.get('paper-en')!
    const fonts = pdfFonts(pdf)
    expect(fonts.some((font) => /DejaVuMathTeXGyre/.test(font.name))).toBe(true)
    expect(fonts.filter((font) => font.type.includes('Type 3'))).toEqual([])
    const all = pages(pdf).flatMap((page) => page.words)
    const before = all.find((word) => word.text === 'follows')!
    const after = all.find((word) => word.text === 'after' && word.page === before.page && word.yMin > before.yMax)!
    const math = all.filter((word) => word.page === before.page && word.yMin > before.yMax && word.yMax < after.yMin)
    expect(math.length).toBeGreaterThan(0)
    const top = Math.min(...math.map((word) => word.yMin))
    const bottom = Math.max(...math.map((word) => word.yMax))
    // 0.7em of 11pt above and below, beyond the lines' own leading.
    expect(top - before.yMax).toBeGreaterThan(7)
    expect(after.yMin - bottom).toBeGreaterThan(7)
  })
})

describe('running heads', () => {
  it('are one line, cut with an ellipsis (the series keeps its number), and align with the text block', () => {
    const all = pages(built.get('paper-en')!.pdf)
    expect(all.length).toBeGreaterThan(4)
    let checked = 0
    for (const [index, page] of all.entries()) {
      // Not the first page (no heads), nor the turned one (its text runs up the page).
      if (index === 0 || page.words.filter((word) => word.text.length > 3 && word.yMax - word.yMin > word.xMax - word.xMin).length > 10) continue
      const [head, ...rest] = lines(page.words)
      const text = head!.map((word) => word.text).join(' ')
      // One line: the next line is the text block, below the head's 4 mm gap.
      expect(rest[0]![0]!.yMin - head![0]!.yMax, `page ${index + 1}`).toBeGreaterThan(8)
      expect(text).toMatch(/…/)
      // The text block's edges: where its lines start, and where justified lines end.
      const left = Math.min(...rest.map((line) => line[0]!.xMin))
      const right = Math.max(...rest.map((line) => line.at(-1)!.xMax))
      expect(left, `page ${index + 1}`).toBeCloseTo(margin, 0)
      if (index % 2 === 1) {
        // Left (even) pages: the series, flush with the text's left edge.
        expect(text).toMatch(/^The Harbourside Institute .*… · No\. 7$/)
        expect(head![0]!.xMin).toBeCloseTo(left, 0)
      } else {
        // Right pages: the title, flush with the text's right edge (the text block is the page area to the whole pixel, ≤ 0.75 pt).
        expect(text).toMatch(/^What a Regional Authority .*…$/)
        expect(Math.abs(head!.at(-1)!.xMax - (page.width - margin))).toBeLessThan(1)
        expect(right).toBeLessThanOrEqual(page.width - margin + 0.2)
        if (rest.length > 20) expect(page.width - margin - right).toBeLessThan(1)
      }
      checked++
    }
    expect(checked).toBe(all.length - 2)
  })
})

describe('headings, widows and orphans', () => {
  it('leave no heading without two lines of its section under it, and no paragraph a single line on a page', () => {
    const all = pages(built.get('paper-en')!.pdf)
    let split = 0
    for (const page of all) {
      const text = lines(page.words).filter((line) => /^[A-Za-z]+\d+\.?$/.test(line[0]!.text))
      for (const [index, line] of text.entries()) {
        const heading = /^Heading(\d+)$/.exec(line[0]!.text)
        if (!heading) continue
        const section = text.slice(index + 1).filter((next) => next[0]!.text.replace(/\.$/, '').endsWith(heading[1]!) && !next[0]!.text.startsWith('Heading'))
        expect(section.length, `Heading${heading[1]} on page ${page.words[0]!.page}`).toBeGreaterThanOrEqual(2)
      }
      // Paragraph runs: lines of one section number in a row; the first and last run of a page may be split parts.
      const runs: Array<{section: string; count: number}> = []
      for (const line of text) {
        const section = /(\d+)\.?$/.exec(line[0]!.text)![1]!
        if (line[0]!.text.startsWith('Heading')) runs.push({section: 'h', count: 1})
        else if (runs.at(-1)?.section === section) runs.at(-1)!.count++
        else runs.push({section, count: 1})
      }
      for (const run of [runs[0], runs.at(-1)]) {
        if (run && run.section !== 'h') {
          expect(run.count, `a run of section ${run.section} on page ${page.words[0]?.page}`).toBeGreaterThanOrEqual(2)
          split++
        }
      }
    }
    expect(split).toBeGreaterThan(3) // the test did meet page breaks inside sections
  })
})

describe('notes in print', () => {
  it('print no back-arrow, which the web page keeps', () => {
    const {pdf, html} = built.get('paper-en')!
    expect(html).toContain('class="note-backref"')
    expect(html).toContain('↩')
    expect(pdfText(pdf)).not.toContain('↩')
    expect(pdfText(pdf)).toContain('A note called twice')
  })
})

describe('Japanese', () => {
  it('starts no line with a note call or closing punctuation, and writes nothing extra into the text', () => {
    const text = pdfText(built.get('paper-ja')!.pdf)
    const body = text.slice(0, text.indexOf('\n注\n')).split('\n').filter(Boolean)
    for (const line of body.slice(3)) expect(line, line).not.toMatch(/^[\d」』）)。、，．]/)
    expect(text).toMatch(/そ1しか/)
    expect(text).not.toMatch(/[\u2060\ufeff]/)
  })

  it('breaks the title between phrases, balanced, and sets the series solid', () => {
    const all = pages(built.get('paper-ja')!.pdf)
    const [series, ...rest] = lines(all[0]!.words)
    const title = rest.slice(0, 2).map((line) => line.map((word) => word.text).join(''))
    expect(title).toEqual(['高齢化する地方における', '公共交通の再設計'])
    // Ten kana and kanji at 8.5pt, solid: 85pt, not 95pt with 0.12em tracking.
    const name = series!.find((word) => word.text.startsWith('オフプリント'))!
    expect(name.text).toBe('オフプリント政策論集')
    expect(name.xMax - name.xMin).toBeLessThan(10 * 8.5 * 1.03)
  })
})

describe('CJK text in a paper without lang', () => {
  it('is warned about at its place, and set in a Chinese face, not IPAex’s Japanese forms', () => {
    const {pdf, html, messages} = built.get('paper-zh-undeclared')!
    expect(messages).toContain('5:4 lang-cjk-undeclared')
    expect(html).toMatch(/<html lang="en" data-cjk="zh">/)
    const fonts = pdfFonts(pdf).map((font) => font.name)
    expect(fonts.some((name) => /UMingCN/.test(name))).toBe(true)
    expect(fonts.some((name) => /WenQuanYiZenHei/.test(name))).toBe(true)
    expect(fonts.filter((name) => /IPAex/.test(name))).toEqual([])
    expect(pdfFonts(pdf).filter((font) => font.type.includes('Type 3'))).toEqual([])
    expect(pdfText(pdf).replace(/\s+/g, '')).toContain('上面的「物不知数」问题就是一元线性同余方程组的一个实例。')
  })
})
