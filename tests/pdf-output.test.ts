import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
import {findPapers} from '@offprint/build'
import {notesOf, pdfFonts, pdfInfo, pdfText, squash} from './helpers/tools.js'

const samples = inject('samples')
const papers = ['grid-storage-procurement', 'short-brief', 'ja-aging-transport', 'municipal-water-tariffs']

describe('npm start: every sample paper built', () => {
  it('exits 0 and writes a PDF, an EPUB and an HTML for each paper', () => {
    expect(samples.stderr).not.toMatch(/error/)
    expect(samples.status).toBe(0)
    for (const slug of papers) for (const ext of ['pdf', 'epub', 'html']) expect(existsSync(join(samples.out, `${slug}.${ext}`)), `${slug}.${ext}`).toBe(true)
    // Counted from the folder: adding a sample paper breaks no test.
    expect(samples.stdout).toContain(`${findPapers('papers').length} built, 0 failed`)
  })
})

describe.each(papers)('PDF of %s', (slug) => {
  const pdf = join(samples.out, `${slug}.pdf`)
  const html = readFileSync(join(samples.out, `${slug}.html`), 'utf8')
  const title = /<title>([^<]*)<\/title>/.exec(html)![1]!.replace(/&#x26;/g, '&')
  const authors = /<meta name="author" content="([^"]*)">/.exec(html)![1]!.split('; ')
  const text = squash(pdfText(pdf))

  it('carries the title in its metadata and text, and a page count', () => {
    const info = pdfInfo(pdf)
    expect(info.Title).toBe(title)
    expect(Number(info.Pages)).toBeGreaterThan(0)
    expect(info.Tagged).toBe('yes')
    expect(text.replace(/\s/g, '')).toContain(title.replace(/\s/g, ''))
  })

  it('shows every author', () => {
    for (const author of authors) expect(text.replace(/\s/g, '')).toContain(author.replace(/\s/g, ''))
  })

  it('prints every note number 1..N in order, each with its text', () => {
    const notes = notesOf(html)
    expect(notes.map((n) => n.number)).toEqual(notes.map((_, i) => i + 1))
    const notesStart = text.lastIndexOf(slug.startsWith('ja') ? '注' : 'Notes')
    expect(notesStart).toBeGreaterThan(0)
    let from = notesStart
    const flat = text.replace(/\s/g, '')
    let flatFrom = flat.lastIndexOf(slug.startsWith('ja') ? '注' : 'Notes')
    for (const note of notes) {
      const marker = `${note.number}.`
      const at = text.indexOf(marker, from)
      expect(at, `note ${note.number} number`).toBeGreaterThan(from - 1)
      from = at + marker.length
      const start = note.text.replace(/\s/g, '').slice(0, 24)
      const found = flat.indexOf(start, flatFrom)
      expect(found, `note ${note.number} text “${start}”`).toBeGreaterThan(-1)
      flatFrom = found
    }
  })
})

describe('the Japanese paper', () => {
  it('embeds a Japanese TrueType font', () => {
    const fonts = pdfFonts(join(samples.out, 'ja-aging-transport.pdf'))
    const cjk = fonts.filter((font) => /IPAex|CJK|Mincho|Gothic/i.test(font.name))
    expect(cjk.length).toBeGreaterThan(0)
    expect(cjk.every((font) => font.embedded)).toBe(true)
    expect(pdfText(join(samples.out, 'ja-aging-transport.pdf'))).toContain('高齢化')
  })
})
