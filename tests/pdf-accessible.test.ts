import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
import {finishPdf} from '@offprint/render-pdf'
import {notesOf, pdfInfo} from './helpers/tools.js'
import {allTags, readTags, textOf, unmarkedPainting} from './helpers/pdf-tags.js'

// PDF/UA-1 and PDF/A-2b, point by point, on the sample papers' PDFs and on
// fixtures with what the samples lack (math, changes of language, a figure,
// footnotes, one carried over to the next page): no validator runs here
// (veraPDF is not packaged), so these are what stand in.
const samples = inject('samples')
const papers = ['grid-storage-procurement', 'short-brief', 'ja-aging-transport', 'municipal-water-tariffs']
const fixtures = ['math-and-languages', 'footnotes']
const fixturesOut = mkdtempSync(join(tmpdir(), 'offprint-pdf-tags-'))
execFileSync(process.execPath, ['apps/build/dist/cli.js', 'build', 'tests/fixtures/pdf-tags', '--out', fixturesOut, '--no-cache'], {
  stdio: 'ignore',
  env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}
})

/** PDF 1.7's standard structure types (ISO 32000-1 §14.8.4). */
const standard = new Set(
  ('Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody ' +
    'Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form').split(' ')
)

const built: Array<[string, string]> = [...papers.map((slug) => [slug, samples.out] as [string, string]), ...fixtures.map((slug) => [slug, fixturesOut] as [string, string])]

describe.each(built)('accessible, archival PDF of %s', (slug, out) => {
  const path = join(out, `${slug}.pdf`)
  const html = readFileSync(join(out, `${slug}.html`), 'utf8')
  const footnotes = /<html [^>]*data-notes="footnotes"/.test(html)
  const lang = /<html lang="([^"]+)"/.exec(html)![1]!
  const authors = /<meta name="author" content="([^"]*)">/.exec(html)![1]!.split('; ')
  const tags = readTags(path)
  const elements = allTags(tags.root)
  // poppler's reading of each element's text takes a second or more: only where a test reads it.
  let read = false
  const withText = () => {
    if (!read) textOf(path, tags.root)
    read = true
  }

  it('has XMP metadata that agrees with the Info dictionary and claims PDF/UA-1 and PDF/A-2b', () => {
    const info = pdfInfo(path)
    const xmp = execFileSync('pdfinfo', ['-meta', path], {encoding: 'utf8'})
    const field = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xmp)?.[1]
    const items = (name: string) => Array.from((field(name) ?? '').matchAll(/<rdf:li[^>]*>([^<]*)<\/rdf:li>/g), (match) => unescape(match[1]!))
    expect(items('dc:title')).toEqual([info.Title])
    expect(items('dc:creator')).toEqual(authors)
    expect(items('dc:description')).toEqual([info.Subject])
    expect(items('dc:language')).toEqual([lang])
    expect(field('xmp:CreateDate')).toBe('2026-01-01T00:00:00Z')
    expect(field('xmp:ModifyDate')).toBe('2026-01-01T00:00:00Z')
    expect(info.CreationDate).toMatch(/Jan\s+1 00:00:00 2026 UTC/)
    expect(unescape(field('pdf:Producer')!)).toBe(info.Producer)
    expect(unescape(field('xmp:CreatorTool')!)).toBe(info.Creator)
    expect(field('pdfuaid:part')).toBe('1')
    expect(field('pdfaid:part')).toBe('2')
    expect(field('pdfaid:conformance')).toBe('B')
    // PDF/A-2 takes pdfuaid only when the packet describes its schema.
    expect(xmp).toMatch(/<pdfaSchema:prefix>pdfuaid<\/pdfaSchema:prefix>/)
    const metadata = tags.catalog.get('Metadata')
    expect(metadata.get('Subtype').asName()).toBe('XML')
    expect(metadata.get('Filter').isNull()).toBe(true)
  })

  it('has an sRGB output intent with the shipped ICC profile', () => {
    const intents = tags.catalog.get('OutputIntents')
    expect(intents.length).toBe(1)
    const intent = intents.get(0)
    expect(intent.get('S').asName()).toBe('GTS_PDFA1')
    expect(intent.get('OutputConditionIdentifier').asString()).toBe('sRGB IEC61966-2.1')
    const profile = intent.get('DestOutputProfile')
    expect(profile.get('N').asNumber()).toBe(3)
    const shipped = readFileSync(join('packages', 'render-pdf', 'icc', 'sRGB.icc'))
    expect(Buffer.compare(Buffer.from(profile.readStream().asUint8Array()), shipped)).toBe(0)
    expect(shipped.toString('latin1', 36, 40)).toBe('acsp')
  })

  it('shows its title, sets /Lang, is marked, and has a trailer ID', () => {
    expect(tags.catalog.get('ViewerPreferences', 'DisplayDocTitle').asBoolean()).toBe(true)
    expect(tags.catalog.get('Lang').asString()).toBe(lang)
    expect(tags.catalog.get('MarkInfo', 'Marked').asBoolean()).toBe(true)
    expect(tags.document.getTrailer().get('ID').length).toBe(2)
  })

  it('tags every link as Link, with its annotation (OBJR) and an alternate description', () => {
    const hrefs = new Set(Array.from(html.matchAll(/<a [^>]*href="([^"]+)"/g), (match) => match[1]!.replace(/&#x26;|&amp;/g, '&')))
    expect(tags.links.length).toBeGreaterThan(0)
    for (const link of tags.links) {
      expect(hrefs.has(link.href), link.href).toBe(true)
      expect(link.element?.type, link.href).toBe('Link')
      expect(link.element?.objects, link.href).toContain(link.object)
      expect(link.contents, link.href).toBeTruthy()
      const note = /^#note-(\d+)$/.exec(link.href)
      const back = /^#ref-(\d+)$/.exec(link.href)
      if (note) expect(link.contents).toBe(`Note ${note[1]}`)
      else if (back) expect(link.contents).toBe(`Back to the call of note ${back[1]}`)
      else if (!link.href.startsWith('#')) expect(link.contents).toBe(link.href)
    }
    // Every note call is among them.
    for (const {number} of notesOf(html)) expect(tags.links.some((link) => link.href === `#note-${number}`), `call of note ${number}`).toBe(true)
  })

  if (footnotes) {
    it('tags each footnote as a Note with an ID, holding all its text, the part carried to the next page too', () => {
      const notes = notesOf(html)
      expect(notes.length).toBeGreaterThan(0)
      withText()
      for (const {number, text} of notes) {
        const note = tags.ids.get(`note-${number}`)
        expect(note?.type, `note ${number}`).toBe('Note')
        expect(note!.id).toBe(`note-${number}`)
        // Its number, first, links back to the call.
        const back = tags.links.find((link) => link.href === `#ref-${number}`)!.element!
        expect(allTags(note!).includes(back), `back link of note ${number}`).toBe(true)
        expect(compact(note!.text)).toBe(compact(`${number}. ${text}`))
      }
      expect(elements.filter((tag) => tag.type === 'Note').length).toBe(notes.length)
    })
  } else
  it('tags the notes list as L of LI, each Lbl and LBody with a Note that has an ID', () => {
    const notes = notesOf(html)
    expect(notes.length).toBeGreaterThan(0)
    for (const {number} of notes) {
      const note = tags.ids.get(`note-${number}`)
      expect(note?.type, `note ${number}`).toBe('Note')
      expect(note!.id).toBe(`note-${number}`)
      const body = note!.parent!
      const item = body.parent!
      expect([body.type, item.type, item.parent!.type]).toEqual(['LBody', 'LI', 'L'])
      expect(item.kids.map((kid) => kid.type)).toEqual(['Lbl', 'LBody'])
      // The label is the number, linking back to the call.
      expect(item.kids[0]!.kids.map((kid) => kid.type)).toEqual(['Link'])
    }
  })

  it('uses only standard structure types, or role-maps the others to one', () => {
    for (const {type} of elements.slice(1)) {
      const mapped = standard.has(type) ? type : tags.roleMap[type]
      expect(standard.has(mapped ?? ''), `${type} → ${mapped}`).toBe(true)
    }
  })

  it('tags each formula as Formula with its TeX as alternate text, holding its glyphs', () => {
    const tex = Array.from(html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g), (match) => decode(match[1]!).replace(/\s+/g, ' ').trim())
    const formulas = elements.filter((tag) => tag.type === 'Formula')
    expect(formulas.map((tag) => tag.alt)).toEqual(tex)
    if (formulas.length > 0) withText()
    for (const formula of formulas) expect(formula.text.trim(), formula.alt).not.toBe('')
    if (slug === 'math-and-languages') expect(formulas.length).toBe(3)
  })

  it('keeps each image a Figure with its alt text, and no Figure without one', () => {
    const alts = Array.from(html.matchAll(/<img\b[^>]*\balt="([^"]*)"/g), (match) => decode(match[1]!))
    const figures = elements.filter((tag) => tag.type === 'Figure')
    expect(figures.map((tag) => tag.alt)).toEqual(alts)
    for (const figure of figures) expect(figure.alt?.trim()).toBeTruthy()
    if (slug === 'math-and-languages') expect(figures.length).toBe(1)
  })

  it('sets /Lang on each change of language, on a Span holding that text', () => {
    // The web page's "Also in" links (their own lang) are not printed: the PDF relates its editions in its metadata.
    const body = html.slice(html.indexOf('<body')).replace(/<p class="editions">[\s\S]*?<\/p>/, '')
    const changes = Array.from(body.matchAll(/<(\w+)\b[^>]*\blang="([^"]+)"[^>]*>([^<]*)<\/\1>/g), (match) => ({type: 'Span', lang: match[2], text: compact(decode(match[3]!))}))
    if (elements.slice(2).some((tag) => tag.lang !== undefined)) withText()
    const tagged = elements.slice(2).filter((tag) => tag.lang !== undefined).map((tag) => ({type: tag.type, lang: tag.lang, text: compact(tag.text)}))
    expect(tagged).toEqual(changes)
    if (slug === 'math-and-languages') expect(changes.map(({lang}) => lang)).toEqual(['fr', 'la', 'de'])
    if (slug === 'footnotes') expect(changes.map(({lang}) => lang)).toEqual(['fr', 'fr'])
  })

  it('keeps table headers as TH with a Scope', () => {
    const headers = elements.filter((tag) => tag.type === 'TH')
    expect(headers.length).toBe((html.match(/<th\b/g) ?? []).length)
    for (const header of headers) expect(header.attributes.Scope).toMatch(/^(Column|Row|Both)$/)
  })

  it('marks everything it paints outside the tags as an artifact (running heads, page numbers, rules)', () => {
    expect(unmarkedPainting(tags.document)).toEqual([])
    const page2 = Buffer.from(tags.document.findPage(1).get('Contents').readStream().asUint8Array()).toString('latin1')
    expect(page2).toMatch(/\/Artifact BMC/)
  })
})

/** Characters as hast-util-to-html writes them: `&#x26;`, `&#x3C;`, `&amp;`. */
function decode(text: string): string {
  const named: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0'}
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (whole, hex?: string, decimal?: string, name?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : decimal ? String.fromCodePoint(Number(decimal)) : (named[name!.toLowerCase()] ?? whole)
  )
}

/** Text without white space or soft hyphens: poppler drops the space at a line break. */
function compact(text: string): string {
  return text.replace(/[\s\u00ad]+/g, '')
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
}

describe('what the XMP claims, and only that', () => {
  // PDF/UA-1 is claimed where the tag tests above hold, math and footnotes
  // included (the fixtures); a note or formula the tags cannot hold drops it.
  const xmpOf = (bytes: Uint8Array) => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-claims-'))
    writeFileSync(join(folder, 'x.pdf'), bytes)
    return execFileSync('pdfinfo', ['-meta', join(folder, 'x.pdf')], {encoding: 'utf8'})
  }
  const printed = readFileSync(join(fixturesOut, 'math-and-languages.pdf'))
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

  it('gives the same bytes when the fixtures are built again (SOURCE_DATE_EPOCH)', () => {
    const again = mkdtempSync(join(tmpdir(), 'offprint-pdf-tags-'))
    execFileSync(process.execPath, ['apps/build/dist/cli.js', 'build', 'tests/fixtures/pdf-tags', '--out', again, '--no-cache'], {
      stdio: 'ignore',
      env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}
    })
    for (const slug of fixtures) expect(sha(join(again, `${slug}.pdf`)), slug).toBe(sha(join(fixturesOut, `${slug}.pdf`)))
  })

  it('a paper with math or footnotes claims PDF/UA-1 and PDF/A-2b', () => {
    for (const slug of fixtures) {
      const xmp = xmpOf(readFileSync(join(fixturesOut, `${slug}.pdf`)))
      expect(xmp, slug).toContain('<pdfaid:part>2</pdfaid:part>')
      expect(xmp, slug).toContain('<pdfuaid:part>1</pdfuaid:part>')
    }
  })

  for (const [name, options] of [
    ['a formula it cannot find', {formulas: ['x^{404}']}],
    ['a note it cannot find', {notes: [{id: 'note-404', backlink: '#ref-404'}]}],
    ['a continued footnote it cannot find', {continued: ['note-404']}]
  ] as const) {
    it(`finishing with ${name} claims PDF/A-2b but not PDF/UA-1`, () => {
      expect(xmpOf(finishPdf(printed, {}))).toContain('<pdfuaid:part>1</pdfuaid:part>')
      const xmp = xmpOf(finishPdf(printed, options))
      expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>')
      expect(xmp).not.toContain('<pdfuaid:part>')
    })
  }
})
