import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import * as api from '@offprint/parse'
import {frontMatterFields, hasErrors, parsePaper, readSeriesConfig, severityOf} from '@offprint/parse'

function parse(value: string | Uint8Array, options?: api.ParseOptions) {
  return parsePaper(new VFile({path: 'papers/x.md', value}), options)
}

function messages(file: VFile) {
  return file.messages.map((m) => ({rule: m.ruleId, severity: severityOf(m), at: `${m.line}:${m.column}`}))
}

describe('@offprint/parse', () => {
  it('exposes its public API', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'authorSchema',
        'frontMatterFields',
        'frontMatterSchema',
        'hasErrors',
        'jsonSchemas',
        'parsePaper',
        'readFrontMatter',
        'readSeriesConfig',
        'report',
        'seriesConfigSchema',
        'seriesSchema',
        'severityOf',
        'toPaperMeta'
      ].sort()
    )
  })

  it('normalizes front matter into the paper model', () => {
    const {meta, file, tree} = parse(`---
title: A Paper
subtitle: On things
series: {name: Policy Papers, number: 3, url: https://example.org/p}
authors:
  - Ann Author
  - name: Bo Writer
    affiliation: Institute
    orcid: 0000-0002-1825-0097
date: 2025-03-28
lang: en-GB
abstract: >
  One line
  and another.
keywords: [a, b]
publisher: Harbourside
license: CC BY 4.0
doi: 10.5555/abc
---

Text.
`)
    expect(file.messages).toEqual([])
    expect(meta).toEqual({
      title: 'A Paper',
      subtitle: 'On things',
      series: {name: 'Policy Papers', number: 3, url: 'https://example.org/p'},
      authors: [{name: 'Ann Author'}, {name: 'Bo Writer', affiliation: 'Institute', orcid: '0000-0002-1825-0097'}],
      date: '2025-03-28',
      lang: 'en-GB',
      abstract: 'One line and another.',
      keywords: ['a', 'b'],
      publisher: 'Harbourside',
      license: 'CC BY 4.0',
      doi: '10.5555/abc',
      options: {}
    })
    expect(tree.children.map((n) => n.type)).toEqual(['yaml', 'paragraph'])
  })

  it('reads a plain-string series and defaults lang to en', () => {
    const {meta} = parse('---\ntitle: T\nseries: Briefs\n---\n')
    expect(meta.series).toEqual({name: 'Briefs'})
    expect(meta.lang).toBe('en')
  })

  it('points a wrong type at the key, with rule, severity and wording', () => {
    const {file, meta} = parse('---\ntitle: T\n\ndate: 28/03/2025\n---\n')
    expect(messages(file)).toEqual([{rule: 'front-matter-type', severity: 'error', at: '4:1'}])
    expect(file.messages[0]?.reason).toBe('Unexpected `28/03/2025` for `date`, expected a date as YYYY-MM-DD')
    expect(meta.date).toBeUndefined()
    expect(hasErrors(file)).toBe(true)
  })

  it('points into nested values', () => {
    const {file} = parse('---\ntitle: T\nauthors:\n  - name: A\n    orcid: nope\n---\n')
    expect(messages(file)).toEqual([{rule: 'front-matter-type', severity: 'error', at: '5:12'}])
    expect(file.messages[0]?.reason).toContain('`authors.0.orcid`')
  })

  it('warns on unknown fields at their key, and keeps building', () => {
    const {file} = parse('---\ntitle: T\n  \nlayout: lesson\n---\n')
    expect(messages(file)).toEqual([{rule: 'front-matter-unknown', severity: 'warning', at: '4:1'}])
    expect(hasErrors(file)).toBe(false)
  })

  it('reads `author` as `authors`, with a warning', () => {
    const {file, meta} = parse('---\ntitle: T\nauthor: Solo Writer\n---\n')
    expect(meta.authors).toEqual([{name: 'Solo Writer'}])
    expect(messages(file)).toEqual([{rule: 'front-matter-unknown', severity: 'warning', at: '3:1'}])
  })

  it('reports YAML that does not parse, where it breaks', () => {
    const {file} = parse('---\ntitle: T\nauthors: [a, b\n---\n\nText\n')
    expect(file.messages[0]?.ruleId).toBe('front-matter-yaml')
    expect(severityOf(file.messages[0]!)).toBe('error')
    expect(file.messages[0]?.line).toBeGreaterThanOrEqual(3)
  })

  it('takes the title from the first heading when there is no front matter', () => {
    const {file, meta, tree} = parse('Intro.\n\n# The Heading\n\nText.\n')
    expect(meta.title).toBe('The Heading')
    expect(messages(file)).toEqual([{rule: 'title-from-heading', severity: 'warning', at: '3:1'}])
    expect(tree.children.some((n) => n.type === 'heading')).toBe(false)
  })

  it('falls back to the file name when there is no heading either', () => {
    const {file, meta} = parse('Just text.\n')
    expect(meta.title).toBe('x')
    expect(messages(file)).toEqual([{rule: 'title-from-filename', severity: 'warning', at: '1:1'}])
  })

  it('merges defaults under the front matter', () => {
    const {meta} = parse('---\ntitle: T\nlang: ja\n---\n', {defaults: {publisher: 'P', lang: 'en'}})
    expect(meta.publisher).toBe('P')
    expect(meta.lang).toBe('ja')
  })

  it('refuses binary and oversized input with an error, not an exception', () => {
    const binary = parse(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))
    expect(messages(binary.file)).toEqual([{rule: 'input-binary', severity: 'error', at: '1:1'}])
    // At the offending byte, so an editor can go there; a real U+FFFD (EF BF BD) is text.
    const latin1 = parse(Buffer.concat([Buffer.from('---\ntitle: T\n---\n\n\u00e9t\ufffd\nab'), Buffer.from([0xe9]), Buffer.from('t\n')]))
    expect(messages(latin1.file)).toEqual([{rule: 'input-binary', severity: 'error', at: '6:3'}])
    expect(latin1.file.messages[0]!.reason).toBe('Unexpected byte 0xe9 that is not UTF-8 (binary content), expected UTF-8 markdown text')
    const nul = parse(new TextEncoder().encode('---\ntitle: T\n---\n\nxy\0z\n'))
    expect(messages(nul.file)).toEqual([{rule: 'input-binary', severity: 'error', at: '5:3'}])
    const big = parse('a'.repeat(2048), {maxBytes: 1024})
    expect(messages(big.file)).toEqual([{rule: 'input-too-large', severity: 'error', at: '1:1'}])
  })

  it('lists the documented fields', () => {
    expect(frontMatterFields).toEqual([
      'title', 'subtitle', 'series', 'authors', 'date', 'lang', 'abstract', 'keywords', 'publisher', 'license', 'copyright', 'doi', 'translations', 'translation-of',
      'bibliography', 'csl', 'ibid', 'bibliography-title', 'suppress-bibliography', 'cover', 'notes', 'charts', 'paper', 'print'
    ])
  })

  it('keeps rendering options apart in the model, validated', () => {
    const {meta, file} = parse('---\ntitle: T\nnotes: footnotes\ncharts: {data: appendix}\npaper: Letter\nprint: {bleed: 3mm, marks: true}\n---\n')
    expect(file.messages).toEqual([])
    expect(meta.options).toEqual({notes: 'footnotes', charts: {data: 'appendix'}, paper: 'Letter', print: {bleed: '3mm', marks: true}})
    const bad = parse('---\ntitle: T\nnotes: sidenotes\n---\n')
    expect(messages(bad.file)).toEqual([{rule: 'front-matter-type', severity: 'error', at: '3:1'}])
  })

  it('reports front matter without a title as a missing required field', () => {
    const {file} = parse('---\nsubtitle: S\n---\n\n# Heading\n')
    expect(messages(file)).toEqual([{rule: 'front-matter-required', severity: 'error', at: '1:1'}])
  })

  it('checks a series config like front matter, at its own lines', () => {
    const file = new VFile({path: 'papers/series.yaml', value: 'publisher: P\nlang: 12x\ntheme: {css: t.css}\ntitle: Nope\n'})
    const config = readSeriesConfig(file)
    expect(config).toEqual({publisher: 'P', theme: {css: 't.css'}})
    expect(messages(file)).toEqual([
      {rule: 'front-matter-type', severity: 'error', at: '2:1'},
      {rule: 'front-matter-unknown', severity: 'warning', at: '4:1'}
    ])
  })
})
