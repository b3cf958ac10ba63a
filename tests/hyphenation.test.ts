import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, inject, it} from 'vitest'
// @ts-expect-error: a plain script of ours, without types.
import {measure} from '../scripts/typeset-figures.mjs'

// Hyphenation and justification as a typesetter judges them (issue 29),
// measured on the sample papers' PDFs by the same script that prints the
// figures in BENCHMARKS.md.
const samples = inject('samples')

describe('hyphenation in the printed papers', () => {
  for (const name of ['grid-storage-procurement', 'short-brief', 'municipal-water-tariffs']) {
    it(`${name}: no run of three, no page-end hyphen, no short or fragment last line, three letters a side`, () => {
      const figures = measure(join(samples.out, name + '.pdf'))
      expect(figures.fullLines).toBeGreaterThan(5)
      expect(figures.runsOfThree).toBe(0)
      expect(figures.pageEnd).toBe(0)
      expect(figures.shortLast, figures.flagged.join('\n')).toBe(0)
      expect(figures.fragmentLast).toBe(0)
      expect(figures.shortSides).toBe(0)
      // Not one line in four, as before.
      expect(figures.hyphenated / figures.fullLines).toBeLessThan(0.2)
      // A steady baseline: the body's lines 15.75pt apart, never 15 (Chromium sets baselines on whole pixels).
      expect(figures.leadings.get(15) ?? 0).toBe(0)
      expect(figures.leadings.get(15.75)).toBeGreaterThan(0)
    })
  }

  it('ja-aging-transport: no paragraph ends on a line of one or two characters', () => {
    // It did (「る。」) before a CJK paragraph's last characters were kept on one line.
    const figures = measure(join(samples.out, 'ja-aging-transport.pdf'))
    expect(figures.shortLast, figures.flagged.join('\n')).toBe(0)
  })
})

// Two long Programming Historian lessons (../shared/corpus, CC BY 4.0): pages that
// ended mid-word before the page-end pass, at the leading set in whole pixels.
const corpus = join('..', 'shared', 'corpus', 'programminghistorian')
const lessons = ['sustainable-authorship-in-plain-text-using-pandoc-and-markdown', 'linear-regression']
describe.skipIf(!existsSync(corpus))('hyphenation in long corpus lessons (skipped without ../shared/corpus)', () => {
  const out = mkdtempSync(join(tmpdir(), 'offprint-hyphenation-'))
  beforeAll(() => {
    const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', ...lessons.map((name) => join(corpus, name + '.md')), '--out', out, '--no-cache', '--to', 'pdf', '--timeout', '300'], {encoding: 'utf8'})
    expect(result.status, result.stderr).toBe(0)
  }, 600_000)
  for (const name of lessons) {
    it(`${name}: no page ends in a hyphen, no run of three, no short or fragment last line, one leading`, () => {
      const figures = measure(join(out, name + '.pdf'))
      expect(figures.fullLines).toBeGreaterThan(100)
      expect(figures.pageEnd).toBe(0)
      expect(figures.runsOfThree).toBe(0)
      // Each lesson had one (“zero.”, “only).”) before a paragraph's short last word was tied to the one before.
      expect(figures.shortLast, figures.flagged.join('\n')).toBe(0)
      expect(figures.fragmentLast, figures.flagged.join('\n')).toBe(0)
      expect(figures.leadings.get(15) ?? 0).toBe(0)
    })
  }
})
