import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {bibliographyFormat, createCitationCache, loadBibliography} from '@offprint/cite'

function load(text: string, format: 'csl-json' | 'csl-yaml' | 'bibtex') {
  const file = new VFile({path: 'refs', value: text})
  const items = loadBibliography(text, {format, file})
  return {items, messages: file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)}
}

describe('@offprint/cite loadBibliography', () => {
  it('reads BibTeX into CSL-JSON', () => {
    const {items, messages} = load(
      '@article{smith2020,\n  author = {Smith, Jane and Doe, John},\n  title = {Carbon Pricing},\n  journal = {J. Econ.},\n  volume = {12},\n  number = {3},\n  pages = {45--67},\n  year = {2020},\n  doi = {10.1016/j.x}\n}\n' +
        '@article{kahn2023, author = {Kahn, Rachel}, title = {Grid}, journaltitle = {The New York Times}, entrysubtype = {newspaper}, date = {2023-06-14}}\n',
      'bibtex'
    )
    expect(messages).toEqual([])
    expect(items[0]).toMatchObject({id: 'smith2020', type: 'article-journal', volume: '12', issue: '3', page: '45-67', DOI: '10.1016/j.x'})
    expect(items[0]?.['author']).toEqual([{given: 'Jane', family: 'Smith'}, {given: 'John', family: 'Doe'}])
    expect(items[1]).toMatchObject({id: 'kahn2023', type: 'article-newspaper', issued: {'date-parts': [[2023, 6, 14]]}})
  })

  it('reports malformed BibTeX at its line and column', () => {
    const {items, messages} = load('@article{x,\n  title = {A},\n  year = 20 20\n}\n', 'bibtex')
    expect(items).toEqual([])
    expect(messages).toEqual(['3:13 bibliography-parse Unexpected BibTeX syntax (expected "rbrace", got "number"), expected `@type{key, field = {value}, …}` entries'])
  })

  it('reads CSL-YAML, as a list or under `references`, with plain dates', () => {
    const {items} = load('references:\n  - id: a\n    type: book\n    title: T\n    issued: 2020-05\n', 'csl-yaml')
    expect(items).toEqual([{id: 'a', type: 'book', title: 'T', issued: {'date-parts': [[2020, 5]]}}])
    expect(load('- id: 7\n  title: U\n', 'csl-yaml').items).toEqual([{id: '7', type: 'document', title: 'U'}])
  })

  it('reports malformed CSL-JSON and CSL-YAML at their place', () => {
    expect(load('[\n  {"id": "a",}\n]\n', 'csl-json').messages.map((m) => m.split(' ').slice(0, 2).join(' '))).toEqual(['2:14 bibliography-parse'])
    expect(load('- id: a\n  title: [unclosed\n', 'csl-yaml').messages.map((m) => m.split(' ').slice(0, 2).join(' '))).toEqual(['3:1 bibliography-parse'])
    expect(load('[{"id": "a", "type": "book"}, {"title": "no id"}]', 'csl-json').messages).toEqual([
      '1:31 bibliography-item Unexpected item without an `id`, expected every item to have an `id` (its citation key)'
    ])
  })

  it('parses a text once per cache, and reports its problems on every file that loads it', () => {
    const cache = createCitationCache()
    const text = '@book{a, title = {A}, year = {2020}}\n'
    const first = loadBibliography(text, {format: 'bibtex', cache})
    const again = loadBibliography(text, {format: 'bibtex', cache})
    // The very items, not a second parse; a new array, so a caller may add to it.
    expect(again[0]).toBe(first[0])
    expect(again).not.toBe(first)
    expect(again).toEqual([{id: 'a', 'citation-key': 'a', type: 'book', title: 'A', issued: {'date-parts': [[2020]]}}])
    // The same text as CSL-JSON is another key; another text is parsed afresh.
    expect(loadBibliography('@book{a, title = {B}}\n', {format: 'bibtex', cache})[0]).toMatchObject({title: 'B'})
    expect(loadBibliography(text, {format: 'bibtex'})[0]).not.toBe(first[0])
    const broken = '@article{x,\n  title = {A},\n  year = 20 20\n}\n'
    const files = ['a/refs.bib', 'b/refs.bib'].map((path) => new VFile({path, value: broken}))
    for (const file of files) expect(loadBibliography(broken, {format: 'bibtex', file, cache})).toEqual([])
    expect(files.map((file) => file.messages.map((m) => `${m.file}:${m.line}:${m.column} ${m.ruleId}`))).toEqual([
      ['a/refs.bib:3:13 bibliography-parse'],
      ['b/refs.bib:3:13 bibliography-parse']
    ])
  })

  it('picks a format from a file name', () => {
    expect(['r.json', 'r.yaml', 'r.YML', 'r.bib', 'r.txt'].map(bibliographyFormat)).toEqual(['csl-json', 'csl-yaml', 'csl-yaml', 'bibtex', undefined])
  })
})
