import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toString} from 'hast-util-to-string'
import {describe, expect, inject, it} from 'vitest'
import {licenseText} from '@offprint/render-html'
import {epubcheck, epubFiles, pdfInfo, pdfText, squash} from './helpers/tools.js'

// The sample series: series.yaml gives the publisher, licence, ISSN and the series' description;
// the seed paper (grid-storage-procurement, 8 pages) has a DOI and authors with a `bio`;
// municipal-water-tariffs is a 2-page paper, with a DOI.
const samples = inject('samples')
const file = (name: string) => join(samples.out, name)
const citation =
  'Achterberg, Miriam, and Tomás Ferreira-Lund. Buying Flexibility: How Regional Governments Should Procure Grid-Scale Battery Storage: Contract Design, Risk Allocation and Public Value in the Storage Build-Out. No. 14. Offprint Policy Papers. The Harbourside Institute, 2026. https://doi.org/10.5555/offprint.2026.14.'

describe('the imprint page of a long paper (page 2 of the PDF)', () => {
  const pdf = file('grid-storage-procurement.pdf')
  const page2 = squash(pdfText(pdf, {first: 2, last: 2}))

  it('holds the series’ description, publisher, series with number and ISSN, ©, licence, DOI and the suggested citation', () => {
    expect(page2).toContain('ABOUT THE SERIES Offprint Policy Papers publish the Harbourside Institute')
    expect(page2).toContain('Published by The Harbourside Institute')
    expect(page2).toContain('Offprint Policy Papers · No. 14 · ISSN 2049-3630')
    expect(page2).toContain('© 2026 The Harbourside Institute')
    expect(page2).toContain('This work is licensed under a Creative Commons Attribution 4.0 International License. https://creativecommons.org/licenses/by/4.0/')
    expect(page2).toContain('DOI: https://doi.org/10.5555/offprint.2026.14')
    // citeproc's entry in the series' style (chicago-notes), as the “Cite as” line was.
    // pdftotext drops the hyphen of “Build-Out” broken at it.
    const [head, tail] = citation.split('Build-Out')
    expect(page2).toContain('Suggested citation ' + head)
    expect(page2).toContain(tail)
  })

  it('is a page of its own: the title page before it, the text after it, no running head or folio on it', () => {
    expect(squash(pdfText(pdf, {first: 1, last: 1}))).not.toContain('Introduction')
    expect(squash(pdfText(pdf, {first: 3, last: 3}))).toMatch(/^(Buying Flexibility: How Regional Governments Should Procure Grid-Scale Battery Storage )?Introduction/)
    expect(page2).toMatch(/^ABOUT THE SERIES /)
    expect(page2).not.toMatch(/ 2$/)
  })

  it('prints the copyright and licence once, and no “Cite as” line besides the suggested citation', () => {
    const text = squash(pdfText(pdf))
    expect(text.match(/Suggested citation/g)).toHaveLength(1)
    expect(text).not.toContain('Cite as')
  })

  it('links the licence, its URL and the DOI', () => {
    const links = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], {maxBuffer: 64 * 1024 * 1024}).toString('latin1')
    expect(links).toContain('/URI (https://creativecommons.org/licenses/by/4.0/)')
    expect(links).toContain('/URI (https://doi.org/10.5555/offprint.2026.14)')
  })

  it('prints About the authors from their bios at the end', () => {
    const last = squash(pdfText(pdf, {first: Number(pdfInfo(pdf)['Pages']), last: Number(pdfInfo(pdf)['Pages'])}))
    expect(last).toContain('ABOUT THE AUTHORS Miriam Achterberg is a senior fellow in energy policy at the Harbourside Institute')
    expect(last).toContain('Tomás Ferreira-Lund Lecturer in energy systems at the University of Northmoor.')
  })

  it('is tagged: its headings and paragraphs inside an Aside (role-mapped to Div)', () => {
    const struct = execFileSync('pdfinfo', ['-struct-text', pdf], {encoding: 'utf8'})
    const lines = struct.split('\n')
    const heading = lines.findIndex((line) => line.includes('"PUBLICATION DETAILS"'))
    expect(heading).toBeGreaterThan(0)
    // The nearest ancestor one level in from the Art is the aside.
    const indent = (line: string) => line.length - line.trimStart().length
    const container = lines.slice(0, heading).reverse().find((line) => indent(line) === 4 && line.trim() !== '')
    expect(container?.trim()).toBe('Div')
    const after = lines.slice(heading, heading + 40).map((line) => line.trim())
    expect(after).toContain('P (block)')
    expect(after).toContain('Link (inline)')
    const roleMap = readFileSync(pdf).toString('latin1')
    expect(roleMap).toMatch(/\/RoleMap\s*<<[^>]*\/Aside\s*\/Div/)
  })
})

describe('the imprint of a short paper (its last page, under the text)', () => {
  const pdf = file('municipal-water-tariffs.pdf')

  it('keeps the paper at two pages, the imprint on the second', () => {
    expect(pdfInfo(pdf)['Pages']).toBe('2')
    const page2 = squash(pdfText(pdf, {first: 2, last: 2}))
    // Two columns: pdftotext interleaves their lines, so each line on its own.
    for (const text of ['Published by The Harbourside Institute', 'Offprint Policy Papers · No. 16 · ISSN 2049-3630', '© 2026 The Harbourside Institute', 'This work is licensed under a Creative Commons Attribution 4.0', 'https://creativecommons.org/licenses/by/4.0/', 'DOI: https://doi.org/10.5555/offprint.2026.16', 'Suggested citation', 'Ferreira, Lucia. Fair Tariffs for Ageing Pipes']) {
      expect(page2).toContain(text)
    }
  })
})

describe('the imprint on the HTML page', () => {
  const page = fromHtml(readFileSync(file('grid-storage-procurement.html'), 'utf8'))

  it('is an aside at the end with the same texts and working links', () => {
    const imprint = select('aside.imprint', page)!
    expect(imprint.properties.dataPlace).toBe('end')
    const text = squash(toString(imprint))
    expect(text).toContain('Offprint Policy Papers · No. 14 · ISSN 2049-3630')
    expect(text).toContain('© 2026 The Harbourside Institute')
    expect(text).toContain('Suggested citation' + citation)
    const hrefs = selectAll('a', imprint).map((a) => String(a.properties.href))
    expect(hrefs).toEqual(expect.arrayContaining(['https://example.org/papers', 'https://creativecommons.org/licenses/by/4.0/', 'https://doi.org/10.5555/offprint.2026.14']))
    expect(select('a[rel~=license]', imprint)?.properties.href).toBe('https://creativecommons.org/licenses/by/4.0/')
    // The suggested citation replaces the “Cite as” line; the citation files stay.
    expect(select('.cite-as', page)).toBeUndefined()
    expect(select('.cite-files', page)).toBeDefined()
    expect(squash(toString(select('aside.about-authors', page)!))).toContain('Miriam Achterberg is a senior fellow')
  })

  it('keeps a translation from inheriting the description written in the series’ language', () => {
    const ja = fromHtml(readFileSync(file('short-brief-ja.html'), 'utf8'))
    expect(select('aside.imprint', ja)).toBeDefined()
    expect(select('.about-series', ja)).toBeUndefined()
    expect(toString(select('.imprint-title', ja)!)).toBe('奥付')
    expect(toString(select('.imprint-citation-label', ja)!)).toBe('推奨引用表記')
  })
})

describe('the colophon in the EPUB', () => {
  it('is a chapter after the title page where the print has page 2, in the toc and landmarks, and the book passes epubcheck', async () => {
    const epub = file('grid-storage-procurement.epub')
    const files = await epubFiles(epub)
    const colophon = files.get('OEBPS/colophon.xhtml')!
    expect(colophon).toContain('epub:type="colophon"')
    expect(colophon).toContain('role="doc-colophon"')
    expect(colophon).toContain('This work is licensed under a <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">Creative Commons Attribution 4.0 International License</a>')
    expect(colophon).toContain('https://doi.org/10.5555/offprint.2026.14')
    expect(files.get('OEBPS/about-authors.xhtml')).toContain('Miriam Achterberg')
    const opf = [...files].find(([name]) => name.endsWith('.opf'))![1]
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((match) => match[1])
    const hrefOf = (id: string) => new RegExp(`<item id="${id}" href="([^"]+)"`).exec(opf)?.[1]
    const order = spine.map((id) => hrefOf(id!))
    expect(order.indexOf('colophon.xhtml')).toBe(order.indexOf('title-page.xhtml') + 1)
    expect(order.at(-1)).toBe('about-authors.xhtml')
    const nav = files.get('OEBPS/toc.xhtml')!
    expect(nav).toContain('<li><a epub:type="colophon" href="colophon.xhtml">Publication details</a></li>')
    expect(nav).toMatch(/<a href="title-page\.xhtml">[^<]*<\/a><\/li>\n<li><a href="colophon\.xhtml">Publication details<\/a><\/li>/)
    const report = await epubcheck(epub)
    expect(report.messages).toEqual([])
  }, 180_000)

  it('comes last in a short paper’s book, as in its print', async () => {
    const epub = file('municipal-water-tariffs.epub')
    const opf = [...(await epubFiles(epub))].find(([name]) => name.endsWith('.opf'))![1]
    const last = /<itemref idref="([^"]+)"[^>]*\/>\s*<\/spine>/.exec(opf)![1]
    expect(new RegExp(`<item id="${last}" href="colophon.xhtml"`).test(opf)).toBe(true)
    expect((await epubcheck(epub)).messages).toEqual([])
  }, 180_000)
})

describe('licence names', () => {
  it('names the Creative Commons family as Creative Commons does, and prints another licence as given', () => {
    expect(licenseText('CC BY-NC-SA 4.0')).toEqual({name: 'Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International License', url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/', known: true})
    expect(licenseText('CC-BY-ND-3.0').name).toBe('Creative Commons Attribution-NoDerivs 3.0 Unported License')
    expect(licenseText('CC BY 2.5').name).toBe('Creative Commons Attribution 2.5 Generic License')
    expect(licenseText('https://creativecommons.org/licenses/by-nc/4.0/').name).toBe('Creative Commons Attribution-NonCommercial 4.0 International License')
    expect(licenseText('CC0')).toMatchObject({name: 'CC0 1.0 Universal Public Domain Dedication', url: 'https://creativecommons.org/publicdomain/zero/1.0/'})
    expect(licenseText('All rights reserved')).toEqual({name: 'All rights reserved', url: undefined, known: false})
  })
})
