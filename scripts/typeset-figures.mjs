#!/usr/bin/env node
// Hyphenation and justification, measured on printed PDFs as a typesetter
// would judge them: hyphenated line ends (share of full lines), runs of three
// or more hyphenated lines, a hyphen at the last line of a page, paragraphs
// whose last line is a few characters (under five letters, three CJK
// characters; only after a full line of running text, so code and table
// lines are not counted) or a word fragment, breaks leaving
// fewer than three letters on either side, and the leading between lines.
//
//   node scripts/typeset-figures.mjs [--list] [file.pdf…]
//
// --list also prints each flagged line (short or fragment last line, page-end
// hyphen, run of three) with its page, to see what the figures count.
//
// Without arguments it builds the sample papers (papers/) and a few corpus
// files (../shared/corpus, when present) with the built CLI and measures
// those. Prints one row per PDF and a total; exits 1 when a run of three or
// a page-end hyphen is found (the figures that must be 0).
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'

const corpusSamples = ['programminghistorian/sustainable-authorship-in-plain-text-using-pandoc-and-markdown.md', 'programminghistorian/linear-regression.md']

function build() {
  const out = mkdtempSync(join(tmpdir(), 'offprint-typeset-figures-'))
  const inputs = ['papers']
  const corpus = join('..', 'shared', 'corpus')
  for (const sample of corpusSamples) if (existsSync(join(corpus, sample))) inputs.push(join(corpus, sample))
  for (const input of inputs) {
    spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', input, '--out', out, '--no-cache', '--to', 'pdf', '--quiet'], {stdio: 'inherit'})
  }
  return {out, pdfs: readdirSync(out).filter((name) => name.endsWith('.pdf') && !name.endsWith('-press.pdf')).map((name) => join(out, name))}
}

const decode = (text) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
const attributes = (tag) => Object.fromEntries([...tag.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, Number(value)]))

/** Pages → blocks → lines → words, with boxes, from pdftotext -bbox-layout. */
function layout(pdf) {
  const xml = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-'], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024})
  return [...xml.matchAll(/<page ([^>]*)>([\s\S]*?)<\/page>/g)].map(([, pageTag, pageBody]) => ({
    ...attributes(pageTag),
    blocks: [...pageBody.matchAll(/<block ([^>]*)>([\s\S]*?)<\/block>/g)].map(([, blockTag, blockBody]) => ({
      ...attributes(blockTag),
      lines: [...blockBody.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)].map(([, lineTag, lineBody]) => ({
        ...attributes(lineTag),
        words: [...lineBody.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map(([, wordTag, text]) => ({...attributes(wordTag), text: decode(text)}))
      }))
    }))
  }))
}

const hyphenated = (line) => {
  const last = line.words.at(-1)?.text ?? ''
  // Chromium writes a line-end soft hyphen as U+00AD followed by U+2010.
  return /[\p{L}\p{N}][-\u2010\u00ad]+$/u.test(last)
}
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const letters = (text) => text.replace(/[^\p{L}\p{N}]/gu, '').length

export function measure(pdf) {
  const pages = layout(pdf)
  const figures = {pdf: basename(pdf), flagged: [], fullLines: 0, hyphenated: 0, runsOfThree: 0, pageEnd: 0, shortLast: 0, fragmentLast: 0, shortSides: 0, leadings: new Map()}
  for (const [pageIndex, page] of pages.entries()) {
    const flag = (what, line) => figures.flagged.push(`${basename(pdf)} p. ${pageIndex + 1}, ${what}: ${line.words.map((word) => word.text).join(' ')}`)
    // The text area: leave out the running head and the folio.
    const body = page.blocks.filter((block) => block.yMin > page.height * 0.07 && block.yMax < page.height * 0.93)
    const justified = body.filter((block) => block.lines.length >= 3)
    const pageRight = Math.max(...body.flatMap((block) => block.lines.map((line) => line.xMax)))
    for (const block of justified) {
      const right = Math.max(...block.lines.map((line) => line.xMax))
      const left = Math.min(...block.lines.map((line) => line.xMin))
      let run = 0
      for (const [index, line] of block.lines.entries()) {
        const next = block.lines[index + 1]
        const full = line.xMax >= right - 1.5
        const startsParagraph = (candidate) => candidate && candidate.xMin > left + 4
        if (full) {
          figures.fullLines++
          if (hyphenated(line)) {
            figures.hyphenated++
            run++
            if (run === 3) {
              figures.runsOfThree++
              flag('third hyphenated line in a row', line)
            }
            const before = line.words.at(-1).text.replace(/[-\u2010\u00ad]+$/, '')
            const after = next?.words[0]?.text ?? ''
            // The word's tail may be on a line pdftotext put in another block (a page's next): then only the head is judged.
            if (letters(before.split(/[-\u2010]/).at(-1)) < 3 || (after !== '' && letters(after.split(/[-\u2010]/)[0]) < 3)) figures.shortSides++
          } else run = 0
        } else {
          run = 0
          // A paragraph's last line: short, or the tail of a word broken on the line before.
          const text = line.words.map((word) => word.text).join(' ')
          // Judged after a full line of running text (reaching the text block's right edge): not a code or table line.
          const previous = block.lines[index - 1]
          const afterProse = previous && previous.xMax >= pageRight - 1.5 && (cjk.test(text) || previous.words.length >= 4)
          if (afterProse && (next === undefined || startsParagraph(next))) {
            if (cjk.test(text) ? letters(text) < 3 : letters(text) < 5) {
              figures.shortLast++
              flag('short last line', line)
            }
            // A URL's tail after a break at its own hyphen is no word fragment.
            if (line.words.length === 1 && !text.includes('/') && hyphenated(previous)) {
              figures.fragmentLast++
              flag('fragment last line', line)
            }
          }
        }
        if (next && !startsParagraph(next) && full) {
          const leading = Math.round((next.yMax - line.yMax) * 4) / 4
          figures.leadings.set(leading, (figures.leadings.get(leading) ?? 0) + 1)
        }
      }
    }
    // The page's last line of text, whatever block pdftotext put it in (it may split a paragraph at a hyphen).
    const lowest = body.flatMap((block) => block.lines).reduce((last, line) => (!last || line.yMax > last.yMax ? line : last), undefined)
    if (lowest && hyphenated(lowest)) {
      figures.pageEnd++
      flag('page-end hyphen', lowest)
    }
  }
  return figures
}

function row(figures) {
  const share = figures.fullLines ? ((100 * figures.hyphenated) / figures.fullLines).toFixed(1) : '0.0'
  const leadings = [...figures.leadings.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([value, count]) => `${value}×${count}`).join(' ')
  return `| ${figures.pdf} | ${figures.fullLines} | ${figures.hyphenated} (${share} %) | ${figures.runsOfThree} | ${figures.pageEnd} | ${figures.shortLast} | ${figures.fragmentLast} | ${figures.shortSides} | ${leadings} |`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const list = process.argv.includes('--list')
  const given = process.argv.slice(2).filter((argument) => argument !== '--list')
  const {out, pdfs} = given.length > 0 ? {out: undefined, pdfs: given} : build()
  const all = pdfs.map(measure)
  console.log('| PDF | full lines | hyphenated | runs of 3 | page-end | last line < 5 letters | fragment last line | < 3 letters a side | leading (pt × lines) |')
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const figures of all) console.log(row(figures))
  const total = {pdf: 'total', fullLines: 0, hyphenated: 0, runsOfThree: 0, pageEnd: 0, shortLast: 0, fragmentLast: 0, shortSides: 0, leadings: new Map()}
  for (const figures of all) {
    for (const key of ['fullLines', 'hyphenated', 'runsOfThree', 'pageEnd', 'shortLast', 'fragmentLast', 'shortSides']) total[key] += figures[key]
    for (const [value, count] of figures.leadings) total.leadings.set(value, (total.leadings.get(value) ?? 0) + count)
  }
  console.log(row(total))
  if (list) for (const figures of all) for (const line of figures.flagged) console.log(line)
  if (out) rmSync(out, {recursive: true, force: true})
  process.exitCode = total.runsOfThree > 0 || total.pageEnd > 0 ? 1 : 0
}
