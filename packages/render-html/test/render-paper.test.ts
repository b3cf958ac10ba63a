import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {toHtml} from 'hast-util-to-html'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite'
import {mapImages, renderPaper, themeCss, toDocument} from '@offprint/render-html'

function render(markdown: string) {
  return renderPaper(numberNotes(parsePaper(new VFile({path: 'x.md', value: markdown}))))
}

const sample = `---
title: On "Quotes" & Things
series: {name: Policy Papers, number: 7}
authors:
  - {name: Ann Author, affiliation: Harbourside Institute}
date: 2025-03-28
lang: en-GB
abstract: A summary.
---

# Intro

Text[^a] and more[^b] and again[^a].

## Detail

Detail.

# Intro

[^a]: Note A.
[^b]: Note B with https://example.org/x.
`

describe('@offprint/render-html renderPaper', () => {
  const rendered = render(sample)
  const body = toHtml({type: 'root', children: rendered.body})
  const notes = toHtml(rendered.notesSection!)

  it('links every reference to its note and each note back to each reference', () => {
    expect(body).toContain('<a class="note-ref" href="#note-1" id="ref-1" role="doc-noteref"><sup>1</sup></a>')
    expect(body).toContain('<a class="note-ref" href="#note-2" id="ref-2" role="doc-noteref"><sup>2</sup></a>')
    expect(body).toContain('<a class="note-ref" href="#note-1" id="ref-1-2" role="doc-noteref"><sup>1</sup></a>')
    expect(notes).toContain('<li class="note" id="note-1"><p><a class="note-number" href="#ref-1" role="doc-backlink"')
    expect(notes).toContain('href="#ref-1-2"')
    expect(notes).toContain('<a href="https://example.org/x">https://example.org/x</a>')
  })

  it('starts body headings at h2 with unique ids that avoid the theme’s own', () => {
    expect(rendered.headings).toEqual([
      {depth: 2, text: 'Intro', id: 'intro'},
      {depth: 3, text: 'Detail', id: 'detail'},
      {depth: 2, text: 'Intro', id: 'intro-1'}
    ])
    expect(body).toContain('<h2 id="intro">Intro</h2>')
  })

  it('prints the title block: series with number, title, author, affiliation, date in the paper’s language', () => {
    const block = toHtml(rendered.titleBlock)
    expect(block).toContain('<p class="series">Policy Papers · No. 7</p>')
    expect(block).toContain('On "Quotes" &#x26; Things')
    expect(block).toContain('<span class="affiliation">Harbourside Institute</span>')
    expect(block).toContain('28 March 2025')
  })

  it('makes a complete document with the theme, language, metadata and running heads', () => {
    const html = toDocument(rendered, {css: themeCss('print')})
    expect(html.startsWith('<!doctype html><html lang="en-GB">')).toBe(true)
    expect(html).toContain('<meta name="author" content="Ann Author">')
    expect(html).toContain('@page :right { @top-right { content: "On \\22 Quotes\\22  & Things"; } }')
    expect(html).toContain('size: A4')
  })

  it('labels sections in the paper’s language', () => {
    const ja = render('---\ntitle: 題\nlang: ja\nabstract: 要約。\ndate: 2025-03-28\n---\n\n本文[^a]。\n\n[^a]: 注記。\n')
    expect(toHtml(ja.notesSection!)).toContain('>注</h2>')
    expect(toHtml(ja.abstract!)).toContain('>要旨</h2>')
    expect(toHtml(ja.titleBlock)).toContain('2025年3月28日')
  })

  it('renders no notes section for a paper without notes', () => {
    expect(render('---\ntitle: T\n---\n\nText.\n').notesSection).toBeUndefined()
  })

  it('maps image URLs again without changing the rendered paper, dropping what it cannot map', () => {
    const figure = render('---\ntitle: T\n---\n\n![A](a.png)\n\n![B](b.png)\n')
    const mapped = mapImages(figure, (url) => (url === 'a.png' ? 'data:image/png;base64,AA' : undefined))
    expect(toHtml({type: 'root', children: mapped.body})).toContain('<img src="data:image/png;base64,AA" alt="A">')
    expect(toHtml({type: 'root', children: mapped.body})).not.toContain('b.png')
    expect(toHtml({type: 'root', children: figure.body})).toContain('src="a.png"')
  })
})

describe('raw HTML links and pictures', () => {
  it('reports a relative link in raw HTML (after a <base href>) where it is, in the text and in a note', () => {
    const paper = numberNotes(
      parsePaper(new VFile({path: 'x.md', value: '---\ntitle: T\n---\n\n<base href="https://example.org/">\n\nSee <a href="other.html">o</a>.[^1]\n\n[^1]: In <a href="n.html">a note</a>.\n'}))
    )
    renderPaper(paper)
    const links = paper.file.messages.filter((m) => m.ruleId === 'link-relative').map((m) => `${m.line}:${m.column} ${m.reason}`)
    expect(links).toEqual([
      '7:5 Unexpected relative link `other.html`, expected an absolute URL (the link is dropped)',
      '9:10 Unexpected relative link `n.html`, expected an absolute URL (the link is dropped)'
    ])
  })

  it('holds <picture><source srcset> to the no-remote rule of <img>', () => {
    const paper = numberNotes(parsePaper(new VFile({path: 'x.md', value: '---\ntitle: T\n---\n\n<picture><source srcset="http://127.0.0.1/a.png"><img src="http://127.0.0.1/b.png" alt="b"></picture>\n'})))
    // As the build does: an image the loader did not check (not a file of the paper's) is dropped.
    const html = toHtml(renderPaper(paper, {resolveImage: () => undefined}).body)
    expect(html).not.toContain('127.0.0.1')
    expect(html).not.toContain('<source')
  })
})
