import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper, readSeriesConfig} from '@offprint/parse'
import {didYouMean} from '@offprint/parse/report'

function reasons(text: string): string[] {
  const file = new VFile({path: 'papers/x.md', value: text})
  parsePaper(file)
  return file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.reason}`)
}

describe('messages an editor can act on', () => {
  it('never passes on zod’s wording: an enum names its values', () => {
    const [message] = reasons('---\ntitle: T\nnotes: footnote\n---\n\nText.\n')
    expect(message).toBe('3:1 front-matter-type: Unexpected `footnote` for `notes`, expected `endnotes` or `footnotes`')
    expect(reasons('---\ntitle: T\npaper: A5\n---\n\nText.\n')[0]).toContain('expected `A4` or `Letter`')
    expect(reasons('---\ntitle: T\nprint: {pdfx: X-3, icc: p.icc}\n---\n\nText.\n')[0]).toContain('for `print.pdfx`, expected `X-4`')
    for (const message of reasons('---\ntitle: T\nnotes: 3\npaper: [A4]\nprint: {pdfx: X-1}\n---\n\nText.\n')) {
      expect(message).not.toMatch(/Invalid (option|input)|expected one of "/)
    }
  })

  it('says to quote a value whose colon broke the YAML', () => {
    const [message] = reasons('---\ntitle: Policy: a new approach\n---\n\nText.\n')
    expect(message).toMatch(/^2:\d+ front-matter-yaml: /)
    expect(message).toContain('must be quoted: `title: "Policy: a new approach"`')
    // A YAML error of another kind gets no such advice.
    expect(reasons('---\ntitle: [T\n---\n\nText.\n')[0]).not.toContain('quoted')
  })

  it('suggests the field a typo meant, in front matter and in series.yaml', () => {
    expect(reasons('---\ntitle: T\nsubtitel: S\n---\n\nText.\n')[0]).toContain('`subtitel` (did you mean `subtitle`?)')
    const config = new VFile({path: 'papers/series.yaml', value: 'publsher: X\nzzz: 1\n'})
    readSeriesConfig(config)
    expect(config.messages.map((m) => m.reason)).toEqual([
      expect.stringContaining('`publsher` (did you mean `publisher`?)'),
      expect.not.stringContaining('did you mean')
    ])
  })

  it('suggests the nearest name only when it is near enough to be a typo', () => {
    expect(didYouMean('mofa2032', ['mofa2023', 'iea2024'])).toBe('mofa2023')
    expect(didYouMean('ab', ['abc', 'xyz'])).toBe('abc')
    expect(didYouMean('x', ['abc'])).toBeUndefined()
    expect(didYouMean('smith2020', ['jones2019', 'brown2021'])).toBeUndefined()
    expect(didYouMean('a', [])).toBeUndefined()
  })
})
