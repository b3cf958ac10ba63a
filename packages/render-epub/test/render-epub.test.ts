import {describe, expect, it} from 'vitest'
import JSZip from 'jszip'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite'
import {renderPaper} from '@offprint/render-html'
import {bookIdentifier, renderEpub, toChapters, uuidV5} from '@offprint/render-epub'

const markdown = `---
title: Book
series: {name: Series, number: 2}
authors: [Ann, Bo]
date: 2025-01-02
lang: ja
keywords: [k1, k2]
---

## One

Text[^a].

## Two

More[^a] and[^b].

[^a]: A.
[^b]: B.
`
const rendered = renderPaper(numberNotes(parsePaper(new VFile({path: 'x.md', value: markdown}))))

describe('@offprint/render-epub', () => {
  it('splits the text at h2 and links notes across files both ways', () => {
    const chapters = toChapters(rendered)
    expect(chapters.map((c) => c.filename)).toEqual(['title-page.xhtml', 'text-01.xhtml', 'text-02.xhtml', 'notes.xhtml'])
    expect(chapters[1]!.content).toContain('href="notes.xhtml#note-1" id="ref-1" role="doc-noteref" epub:type="noteref"')
    expect(chapters[2]!.content).toContain('id="ref-1-2"')
    const notes = chapters[3]!.content
    expect(notes).toContain('epub:type="endnotes"')
    expect(notes).toContain('<li class="note" id="note-1" epub:type="endnote"><p><a class="note-number" href="text-01.xhtml#ref-1" role="doc-backlink"')
    expect(notes).toContain('href="text-02.xhtml#ref-1-2"')
    expect(notes).toContain('href="text-02.xhtml#ref-2"')
  })

  it('derives a stable identifier: the DOI, else a UUID v5 of series and slug', () => {
    expect(uuidV5('https://example.org/')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(bookIdentifier(rendered.meta, 'x')).toBe(bookIdentifier(rendered.meta, 'x'))
    expect(bookIdentifier(rendered.meta, 'x')).not.toBe(bookIdentifier(rendered.meta, 'y'))
    expect(bookIdentifier({...rendered.meta, doi: '10.5555/1'}, 'x')).toBe('urn:doi:10.5555/1')
  })

  it('writes our package metadata: one creator per author, language, series, modified date', async () => {
    const modified = new Date('2025-02-03T04:05:06Z')
    const {data} = await renderEpub(rendered, {slug: 'x', modified})
    const zip = await JSZip.loadAsync(data)
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    expect(opf.match(/<dc:creator /g)).toHaveLength(2)
    expect(opf).toContain('<dc:creator id="creator-2">Bo</dc:creator>')
    expect(opf).toContain('<dc:language>ja</dc:language>')
    expect(opf).toContain('xml:lang="ja"')
    expect(opf).toContain('<meta property="belongs-to-collection" id="series">Series</meta>')
    expect(opf).toContain('<meta refines="#series" property="group-position">2</meta>')
    expect(opf).toContain('<meta property="dcterms:modified">2025-02-03T04:05:06Z</meta>')
    expect(opf).toContain('<dc:subject>k2</dc:subject>')
    const chapter = await zip.file('OEBPS/text-01.xhtml')!.async('string')
    expect(chapter).toContain('xml:lang="ja" lang="ja"')
    expect(Object.keys(zip.files)[0]).toBe('mimetype')
  })

  it('gives identical bytes for identical input', async () => {
    const modified = new Date('2025-02-03T04:05:06Z')
    const a = await renderEpub(rendered, {slug: 'x', modified})
    const b = await renderEpub(rendered, {slug: 'x', modified})
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true)
  })
})
