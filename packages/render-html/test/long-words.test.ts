import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {toHtml} from 'hast-util-to-html'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite'
import {renderPaper, toDocumentTree} from '@offprint/render-html'

// The hyphenator's work grows with the square of a word's length: an
// 80,000-letter word took it minutes, on the build's thread, beyond the
// reach of --timeout and SIGTERM. Words past 64 characters are left whole.

function printed(markdown: string): string {
  const paper = numberNotes(parsePaper(new VFile({path: 'x.md', value: markdown})))
  return toHtml(toDocumentTree(renderPaper(paper), {css: ''}))
}

describe('hyphenation of very long words', () => {
  it('leaves an 80,000-letter word whole, at once, and still hyphenates the words beside it', () => {
    const word = 'a'.repeat(80_000)
    const started = performance.now()
    const html = printed(`---\ntitle: T\n---\n\nThe internationalization of ${word} procurement is discussed here at length.\n`)
    expect(performance.now() - started).toBeLessThan(5000)
    expect(html).toContain(word)
    // Three letters a side at least (limitBreaks): not in-ter.
    expect(html).toMatch(/inter\u00ADna\u00ADtion/)
    expect(html).toMatch(/pro\u00ADcure\u00ADment/)
  })

  it('hyphenates a word of 64 letters, not one of 65', () => {
    const at = 'internationalization'.repeat(3) + 'abcd'
    const past = at + 'e'
    expect(at).toHaveLength(64)
    const html = printed(`---\ntitle: T\n---\n\nWords ${at} and ${past} here.\n`)
    expect(html).toContain(past)
    expect(html).not.toContain(at + ' ')
  })
})
