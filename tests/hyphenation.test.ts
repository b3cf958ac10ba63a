import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
// @ts-expect-error: a plain script of ours, without types.
import {measure} from '../scripts/typeset-figures.mjs'

// Hyphenation and justification as a typesetter judges them (issue 29),
// measured on the sample papers' PDFs by the same script that prints the
// figures in BENCHMARKS.md.
const samples = inject('samples')

describe('hyphenation in the printed papers', () => {
  for (const name of ['grid-storage-procurement', 'short-brief', 'municipal-water-tariffs']) {
    it(`${name}: no run of three, no page-end hyphen, no fragment last line, three letters a side`, () => {
      const figures = measure(join(samples.out, name + '.pdf'))
      expect(figures.fullLines).toBeGreaterThan(5)
      expect(figures.runsOfThree).toBe(0)
      expect(figures.pageEnd).toBe(0)
      expect(figures.fragmentLast).toBe(0)
      expect(figures.shortSides).toBe(0)
      // Not one line in four, as before.
      expect(figures.hyphenated / figures.fullLines).toBeLessThan(0.2)
    })
  }
})
