import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {grey, lines, pages, type Word} from './helpers/pdf-layout.js'

// Footnotes set apart from the text, and lining figures (issue 29), measured
// on the printed PDF: word boxes from pdftotext -bbox, the rule from pixels.
let folder: string
let pdf: string

const sentences = [
  'Regional authorities have tendered storage in several rounds since 2021, and each round taught them something about contract design.',
  'The first contracts paid for energy delivered, which left the buyer carrying the risk that prices in the wholesale market would fall.',
  'Later rounds paid for availability at named hours, which moved that risk to the operator and made the bids easier to compare.',
  'Procurement officers told us that the evaluation of bids took longer than the drafting of the tender itself, often by months.'
]

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'offprint-notes-'))
  mkdirSync(join(folder, 'papers'))
  // Full pages of justified text with a note in every paragraph: the note area
  // meets text that runs to the foot of the page.
  const paragraphs = Array.from({length: 36}, (_, i) => `${sentences[i % 4]} ${sentences[(i + 1) % 4]} ${sentences[(i + 2) % 4]}[^n${i}]`)
  const notes = Array.from({length: 36}, (_, i) => `[^n${i}]: Interview with a procurement officer, round ${i + 1}, 2024.`)
  const figures = 'Lining figures: HHHH 1012 HHHH, and 9/11 with F-35B and A2/AD.'
  writeFileSync(join(folder, 'papers', 'notes.md'), `---\ntitle: Footnotes on full pages\nnotes: footnotes\n---\n\n${figures}\n\n${paragraphs.join('\n\n')}\n\n${notes.join('\n')}\n`)
  const result = spawnSync(process.execPath, [join(process.cwd(), 'apps/build/dist/cli.js'), 'build', 'papers', '--out', 'out', '--no-cache', '--to', 'pdf'], {cwd: folder, encoding: 'utf8'})
  expect(result.status, result.stderr).toBe(0)
  pdf = join(folder, 'out', 'notes.pdf')
})
afterAll(() => {
  if (folder) rmSync(folder, {recursive: true, force: true})
})

/** The rows (in points from the top) where a dark horizontal rule at least `minWidth` points long is drawn, and nothing else. */
function rules(page: number, minWidth: number): Array<{y: number; x: number; width: number}> {
  const dpi = 144
  const scale = dpi / 72
  const image = grey(pdf, page, dpi)
  const found: Array<{y: number; x: number; width: number}> = []
  for (let y = 0; y < image.height; y++) {
    let run = 0
    let longest = 0
    let startOfLongest = 0
    let dark = 0
    for (let x = 0; x < image.width; x++) {
      if (image.at(x, y) < 160) {
        run++
        dark++
        if (run > longest) (longest = run), (startOfLongest = x - run + 1)
      } else run = 0
    }
    // A rule: one run of ink on the row, long, and no text beside it.
    if (longest >= minWidth * scale && dark <= longest + 2) found.push({y: y / scale, x: startOfLongest / scale, width: longest / scale})
  }
  // Rows of one rule merge into one.
  return found.filter((rule, i) => i === 0 || rule.y - found[i - 1]!.y > 1.5)
}

describe('footnotes, set apart from the text', () => {
  it('have a short rule and at least a line of space above them on every page, full ones included', () => {
    const all = pages(pdf)
    expect(all.length).toBeGreaterThan(3)
    let full = 0
    let checked = 0
    for (const [index, page] of all.entries()) {
      const number = index + 1
      const noteLines = lines(page.words).filter((line) => /^\d+\.$/.test(line[0]!.text) && line[1]?.text === 'Interview')
      if (noteLines.length === 0) continue
      const firstNote = noteLines[0]![0]!
      const found = rules(number, 40).filter((rule) => rule.y < firstNote.yMin && rule.y > firstNote.yMin - 30)
      expect(found, `a rule above the notes of page ${number}`).toHaveLength(1)
      const rule = found[0]!
      // Short: a quarter of the measure, starting at the text's left edge.
      const measure = Math.max(...page.words.map((w) => w.xMax)) - Math.min(...page.words.map((w) => w.xMin))
      expect(rule.width).toBeLessThan(measure * 0.4)
      expect(Math.abs(rule.x - firstNote.xMin)).toBeLessThan(2)
      const body = page.words.filter((word: Word) => word.yMax < rule.y && word.yMin > 60)
      const lastBody = Math.max(...body.map((word) => word.yMax))
      const heights = body.map((word) => word.yMax - word.yMin).sort((a, b) => a - b)
      const bodyLine = heights[Math.floor(heights.length / 2)]!
      // At least one line of space between the text and the rule.
      expect(rule.y - lastBody, `space above the rule on page ${number}`).toBeGreaterThanOrEqual(bodyLine * 0.95)
      // The notes are smaller than the text.
      expect(noteLines[0]![1]!.yMax - noteLines[0]![1]!.yMin).toBeLessThan(bodyLine * 0.9)
      checked++
      // A full page: its text runs to within two lines of the notes.
      if (rule.y - lastBody < bodyLine * 3) full++
    }
    expect(checked).toBeGreaterThan(2)
    expect(full).toBeGreaterThan(0)
  })
})

describe('figures in running text', () => {
  it('are lining: digits stand as tall as capitals, so 9/11 never reads 9/II', () => {
    const [first] = pages(pdf)
    const words = first!.words
    const capitals = words.find((word) => word.text === 'HHHH')!
    const digits = words.find((word) => word.text === '1012')!
    expect(capitals && digits).toBeTruthy()
    const dpi = 300
    const scale = dpi / 72
    const image = grey(pdf, 1, dpi)
    /** The height of the ink inside a word's box, in points. */
    const inkHeight = (word: Word) => {
      const rows: number[] = []
      for (let y = Math.floor(word.yMin * scale); y <= Math.ceil(word.yMax * scale); y++) {
        for (let x = Math.ceil(word.xMin * scale) + 1; x < Math.floor(word.xMax * scale) - 1; x++) {
          if (image.at(x, y) < 128) {
            rows.push(y)
            break
          }
        }
      }
      return (Math.max(...rows) - Math.min(...rows)) / scale
    }
    // Old-style 0, 1 and 2 are x-height, about two thirds of a capital.
    expect(inkHeight(digits) / inkHeight(capitals)).toBeGreaterThan(0.9)
  })
})
