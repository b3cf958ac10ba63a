import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {loadBibliography} from '@offprint/cite'

describe('BibTeX crossref and xdata loops', () => {
  it('are errors at each entry on the loop, and every entry still loads', () => {
    const text = [
      '@book{good, title = {Good}, author = {Ann Author}, year = 2020}',
      '',
      '@inbook{a,',
      '  title = {A},',
      '  crossref = {b}',
      '}',
      '  @inbook{b, title = {B}, crossref = "a"}',
      '@book{self, title = {Self}, xdata = {other, self}}',
      '@inbook{leaf, title = {Leaf}, crossref = {good}}',
      ''
    ].join('\n')
    const file = new VFile({path: 'refs.bib'})
    const items = loadBibliography(text, {format: 'bibtex', file})
    expect(items.map((item) => item.id).sort()).toEqual(['a', 'b', 'good', 'leaf', 'self'])
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual([
      '3:1 bibliography-crossref',
      '7:3 bibliography-crossref',
      '8:1 bibliography-crossref'
    ])
    expect(file.messages[0]!.reason).toContain('(a → b → a)')
    expect(file.messages.every((message) => !/call stack/i.test(message.reason))).toBe(true)
    // A crossref that leads nowhere back still lends its fields.
    expect(items.find((item) => item.id === 'leaf')?.['author']).toEqual([{family: 'Author', given: 'Ann'}])
  })
})
