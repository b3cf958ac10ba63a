import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
import {notesOf, pdfInfo} from './helpers/tools.js'
import {allTags, readTags, unmarkedPainting} from './helpers/pdf-tags.js'

// PDF/UA-1 and PDF/A-2b, point by point, on the sample papers' PDFs: no
// validator runs here (veraPDF is not packaged), so these are what stand in.
const samples = inject('samples')
const papers = ['grid-storage-procurement', 'short-brief', 'ja-aging-transport', 'municipal-water-tariffs']

/** PDF 1.7's standard structure types (ISO 32000-1 §14.8.4). */
const standard = new Set(
  ('Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody ' +
    'Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form').split(' ')
)

describe.each(papers)('accessible, archival PDF of %s', (slug) => {
  const path = join(samples.out, `${slug}.pdf`)
  const html = readFileSync(join(samples.out, `${slug}.html`), 'utf8')
  const lang = /<html lang="([^"]+)"/.exec(html)![1]!
  const authors = /<meta name="author" content="([^"]*)">/.exec(html)![1]!.split('; ')
  const tags = readTags(path)
  const elements = allTags(tags.root)

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

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
}

describe('what the XMP claims, and only that', () => {
  // PDF/UA-1 is claimed only where the tag tests above hold: not for math (no
  // Formula element with alternate text yet) nor for footnotes (Paged.js's layout).
  for (const [name, front, body] of [
    ['math', '', 'The cost is $c = a + b$ per unit.'],
    ['footnotes', 'notes: footnotes\n', 'A claim.[^1]\n\n[^1]: A note.']
  ] as const) {
    it(`a paper with ${name} claims PDF/A-2b but not PDF/UA-1`, async () => {
      const {mkdtempSync, writeFileSync, mkdirSync} = await import('node:fs')
      const {tmpdir} = await import('node:os')
      const folder = mkdtempSync(join(tmpdir(), 'offprint-claims-'))
      mkdirSync(join(folder, 'papers'))
      writeFileSync(join(folder, 'papers', 'x.md'), `---\ntitle: Claims\n${front}---\n\n${body}\n`)
      execFileSync(process.execPath, [join(process.cwd(), 'apps/build/dist/cli.js'), 'build', 'papers/x.md', '--no-cache'], {cwd: folder, stdio: 'ignore'})
      const xmp = execFileSync('pdfinfo', ['-meta', join(folder, 'dist', 'x.pdf')], {encoding: 'utf8'})
      expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>')
      expect(xmp).not.toContain('<pdfuaid:part>')
    })
  }
})
