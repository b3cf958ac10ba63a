import {execFileSync} from 'node:child_process'
import type {ElementContent, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {numberNotes} from '@offprint/cite'
import {parsePaper} from '@offprint/parse'
import {renderPaper, themeCss, toDocument, type DocumentOptions} from '@offprint/render-html'
import {launchBrowser, renderPdf, type OwnedBrowser, type PdfOptions} from '@offprint/render-pdf'
import {pdfFonts, pdfInfo, pdfText} from './helpers/tools.js'

// Print-ready PDFs, checked on the real files with poppler and qpdf.
const papers = {
  grid: join('papers', 'grid-storage-procurement.md'),
  brief: join('papers', 'short-brief.md'),
  ja: join('papers', 'ja-aging-transport', 'index.md')
}
const epoch = 1767225600
let owned: OwnedBrowser
let out: string

beforeAll(async () => {
  owned = await launchBrowser()
  out = mkdtempSync(join(tmpdir(), 'offprint-print-'))
})
afterAll(async () => {
  await owned?.close()
  if (out) rmSync(out, {recursive: true, force: true})
})

/** One paper through the library, as the CLI does, printed with the given options. */
async function print(source: string, name: string, options: {document?: Partial<DocumentOptions>; pdf?: PdfOptions} = {}) {
  const paper = numberNotes(parsePaper(readFileSync(source, 'utf8')))
  const rendered = renderPaper(paper)
  const html = toDocument(rendered, {css: themeCss('print'), ...options.document})
  const bytes = await renderPdf(owned.browser, html, {sourceDateEpoch: epoch, ...options.pdf})
  const path = join(out, name + '.pdf')
  writeFileSync(path, bytes)
  return {path, bytes, rendered, html}
}

/**
 * Text as read: soft hyphens gone, words broken at line ends joined. Hyphens
 * are dropped too: Skia’s text layer sometimes loses a hard hyphen in a face
 * that also shows soft hyphens (see the render-pdf README).
 */
function readable(text: string): string {
  return text.replace(/‐\n/g, '').replace(/[\u00ad‐-]/g, '').replace(/\s+/g, '')
}

/** The outline's titles, in order, from qpdf's JSON. */
function outline(path: string): string[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', path], {encoding: 'utf8'})) as {outlines: Outline[]}
  const titles: string[] = []
  const walk = (items: Outline[]) => {
    for (const item of items) {
      titles.push(item.title)
      walk(item.kids)
    }
  }
  walk(json.outlines)
  return titles
}
interface Outline {
  title: string
  kids: Outline[]
}

describe.each(Object.entries(papers))('print-ready PDF of %s', (name, source) => {
  it('is tagged, embeds every font as TrueType, and carries full metadata', async () => {
    const {path, rendered} = await print(source, name)
    const info = pdfInfo(path)
    expect(info.Tagged).toBe('yes')
    expect(info.Title).toBe(rendered.meta.title)
    expect(info.Author).toBe(rendered.meta.authors.map((a) => a.name).join(', '))
    expect(info.Subject).toBe(rendered.meta.abstract!.replace(/\s+/g, ' ').trim())
    expect(info.Keywords).toBe(rendered.meta.keywords.join(', '))
    expect(info.Creator).toBe('Offprint')
    expect(info.CreationDate).toMatch(/Jan\s+1 00:00:00 2026 UTC/)
    const fonts = pdfFonts(path)
    expect(fonts.length).toBeGreaterThan(0)
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true)
      expect(font.type, font.name).toMatch(/TrueType/)
    }
    const catalog = execFileSync('qpdf', ['--show-object=trailer', '--filtered-stream-data', path], {encoding: 'latin1'})
    expect(catalog).toMatch(/\/Root/)
    expect(execFileSync('qpdf', ['--check', path], {encoding: 'utf8'})).toMatch(/No syntax or stream encoding errors/)
  })

  it('reads in order: title block, abstract, headings, notes', async () => {
    const {path, rendered} = await print(source, name + '-order')
    const text = readable(pdfText(path))
    const parts = [rendered.meta.title, rendered.meta.authors[0]!.name, ...rendered.headings.map((h) => h.text)]
    let from = 0
    for (const part of parts) {
      const at = text.indexOf(readable(part), from)
      expect(at, part).toBeGreaterThanOrEqual(from)
      from = at
    }
  })

  it('has an outline entry for every heading, in order', async () => {
    const {path, rendered, html} = await print(source, name + '-outline')
    // Every heading of the printed document, in its order: title, abstract, sections, notes, and the imprint's.
    const headings: string[] = []
    const text = (node: ElementContent | Root): string => (node.type === 'text' ? node.value : 'children' in node ? node.children.map((child) => text(child as ElementContent)).join('') : '')
    const visit = (node: ElementContent | Root): void => {
      if (node.type === 'element' && /^h[1-6]$/.test(node.tagName)) headings.push(text(node).replace(/\u00ad/g, '').trim())
      else if ('children' in node) for (const child of node.children) visit(child as ElementContent)
    }
    visit(fromHtml(html))
    expect(headings).toEqual(expect.arrayContaining([rendered.meta.title, ...rendered.headings.map((h) => h.text)]))
    expect(outline(path)).toEqual(headings)
  })

  it('is byte-identical when printed twice with SOURCE_DATE_EPOCH', async () => {
    const first = await print(source, name + '-a')
    const second = await print(source, name + '-b')
    expect(Buffer.compare(Buffer.from(first.bytes), Buffer.from(second.bytes))).toBe(0)
  })

  it('sets each footnote on the page of its mark, with notes: footnotes', async () => {
    const {path, rendered} = await print(source, name + '-footnotes', {document: {notes: 'footnotes'}})
    expect(pdfInfo(path).Tagged).toBe('yes')
    const pages = Number(pdfInfo(path).Pages)
    const texts = Array.from({length: pages}, (_, index) => readable(pdfText(path, {first: index + 1, last: index + 1})))
    const html = toDocument(rendered, {css: '', notes: 'footnotes'})
    for (const note of rendered.notes) {
      // The text just before the mark, as printed, finds the page of the mark.
      const before = new RegExp(`([^<>]{12})<a class="note-ref" href="#note-${note.number}" id="ref-${note.number}"`).exec(html)
      expect(before, `mark of note ${note.number}`).not.toBeNull()
      const lead = readable(before![1]!.replace(/&[^;]+;/g, ' ')).slice(-6)
      const body = /<li class="note" id="note-\d+">([\s\S]*?)<\/li>/.exec(html.slice(html.indexOf(`id="note-${note.number}"`) - 20))![1]!
      const start = readable(body.replace(/<[^>]+>/g, '').replace(/&[^;]+;/g, ' ').replace(/^\s*\d+\.\s*/, '')).slice(0, 12)
      const markPage = texts.findIndex((text) => text.includes(lead + String(note.number)))
      expect(markPage, `page of mark ${note.number} (…${lead}${note.number})`).toBeGreaterThan(-1)
      expect(texts[markPage], `note ${note.number} “${start}” on page ${markPage + 1}`).toContain(start)
    }
  })
})

describe('print options', () => {
  it('prints Letter, with bleed, trim box and crop marks, keeping the tags', async () => {
    const {path} = await print(papers.brief, 'letter-bleed', {document: {pageSize: 'Letter'}, pdf: {bleed: '3mm', marks: true}})
    const boxes = execFileSync('pdfinfo', ['-box', path], {encoding: 'utf8'})
    expect(boxes).toMatch(/TrimBox:\s+0\.00\s+0\.00\s+612\.00\s+792\.00/)
    expect(boxes).toMatch(/BleedBox:\s+-8\.50\s+-8\.50\s+620\.50\s+800\.50/)
    expect(pdfInfo(path).Tagged).toBe('yes')
    expect(readFileSync(path, 'latin1')).toMatch(/\/Artifact BMC/)
  })

  it('prints A4 by default', async () => {
    const {path} = await print(papers.brief, 'a4')
    expect(pdfInfo(path)['Page size']).toMatch(/\(A4\)/)
  })

  it('takes a series stylesheet after the theme', async () => {
    const {path} = await print(papers.brief, 'override', {document: {extraCss: ':root { --offprint-accent: #7a1f3d; }'}})
    expect(pdfInfo(path).Tagged).toBe('yes')
  })
})
