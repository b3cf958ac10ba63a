import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
import {pdfText} from './helpers/tools.js'

const samples = inject('samples')

// Soft hyphens (U+00AD) are how the printed paper is hyphenated (Chromium has no
// dictionaries offline). The HTML page people read, search and copy from
// carries none; the PDF keeps only those where a line really breaks.
describe('soft hyphens', () => {
  it('are absent from the HTML page, which hyphenates on screen by CSS', () => {
    const html = readFileSync(join(samples.out, 'grid-storage-procurement.html'), 'utf8')
    expect(html).not.toContain('\u00ad')
    expect(html).toMatch(/@media screen \{\s*\.paper-body p \{ hyphens: auto; \}/)
  })

  it('stay in the PDF only at line ends, so its text layer has whole words', () => {
    const text = pdfText(join(samples.out, 'grid-storage-procurement.pdf'))
    // At a line end Chromium writes the soft hyphen and the hyphen it shows (U+2010).
    const soft = [...text.matchAll(/\u00ad\u2010?(.)/gs)]
    expect(soft.length).toBeGreaterThan(0) // the paper is hyphenated
    for (const [, next] of soft) expect(next).toBe('\n')
  })
})
