import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
import {epubcheck, epubFiles, notesOf, pdfText, squash} from './helpers/tools.js'

const samples = inject('samples')
const papers = ['grid-storage-procurement', 'short-brief', 'ja-aging-transport', 'municipal-water-tariffs']

describe.each(papers)('EPUB of %s', (slug) => {
  const epub = join(samples.out, `${slug}.epub`)

  it('passes epubcheck with no errors and no warnings', async () => {
    const report = await epubcheck(epub)
    const problems = report.messages.filter((m) => m.severity !== 'USAGE' && m.severity !== 'INFO')
    expect(problems.map((m) => `${m.severity} ${m.ID} ${m.message} ${m.locations[0]?.path ?? ''}`)).toEqual([])
    expect(report.checker.nError + report.checker.nFatal).toBe(0)
  })

  it('links every note reference to its note and every note back to its references', async () => {
    const files = await epubFiles(epub)
    const ids = new Map<string, Set<string>>()
    for (const [name, content] of files) ids.set(name.replace(/^OEBPS\//, ''), new Set([...content.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!)))
    const refs: string[] = []
    const backs: string[] = []
    for (const [, content] of files) {
      for (const m of content.matchAll(/<a [^>]*href="([^"]+)"[^>]*>/g)) {
        if (m[0].includes('epub:type="noteref"')) refs.push(m[1]!)
        if (m[0].includes('role="doc-backlink"')) backs.push(m[1]!)
      }
    }
    const html = readFileSync(join(samples.out, `${slug}.html`), 'utf8')
    expect(refs.length).toBe([...html.matchAll(/role="doc-noteref"/g)].length)
    expect(backs.length).toBe(refs.length)
    for (const href of [...refs, ...backs]) {
      const [file, id] = href.split('#')
      expect(ids.get(file!)?.has(id!), href).toBe(true)
    }
  })

  it('numbers notes exactly as the HTML and the PDF do', async () => {
    const files = await epubFiles(epub)
    const html = notesOf(readFileSync(join(samples.out, `${slug}.html`), 'utf8'))
    const book = notesOf(files.get('OEBPS/notes.xhtml') ?? '')
    expect(book.map((n) => [n.number, n.text.replace(/\s/g, '').slice(0, 40)])).toEqual(html.map((n) => [n.number, n.text.replace(/\s/g, '').slice(0, 40)]))
    const pdf = squash(pdfText(join(samples.out, `${slug}.pdf`))).replace(/\s/g, '')
    for (const note of book) expect(pdf).toContain(`${note.number}.${note.text.replace(/\s/g, '').slice(0, 20)}`)
  })

  it('names each author as a creator, with language and series', async () => {
    const opf = (await epubFiles(epub)).get('OEBPS/content.opf')!
    const html = readFileSync(join(samples.out, `${slug}.html`), 'utf8')
    const authors = /<meta name="author" content="([^"]*)">/.exec(html)![1]!.split('; ')
    expect([...opf.matchAll(/<dc:creator [^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(authors)
    const lang = /<html lang="([^"]+)">/.exec(html)![1]
    expect(opf).toContain(`<dc:language>${lang}</dc:language>`)
    expect(opf).toContain('property="belongs-to-collection"')
    expect(opf).toContain('<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>')
  })
})

describe.each(papers)('EPUB structure of %s', (slug) => {
  const epub = join(samples.out, `${slug}.epub`)

  it('lists every heading in the nav, in order, with links that resolve', async () => {
    const files = await epubFiles(epub)
    const nav = files.get('OEBPS/toc.xhtml')!
    const toc = /<nav epub:type="toc"[\s\S]*?<\/nav>/.exec(nav)![0]
    const entries = [...toc.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => ({href: m[1]!, text: m[2]!}))
    const html = readFileSync(join(samples.out, `${slug}.html`), 'utf8')
    const headings = [...html.matchAll(/<h([23]) id="([^"]+)">([\s\S]*?)<\/h\1>/g)].map((m) => m[3]!.replace(/<[^>]+>/g, '').replace(/\u00ad/g, '').replace(/&#x26;/g, '&'))
    const body = entries.filter((e) => e.href.startsWith('text-')).map((e) => e.text.replace(/&#38;/g, '&'))
    expect(body).toEqual(headings)
    for (const entry of entries) {
      const [file, id] = entry.href.split('#')
      const content = files.get(`OEBPS/${file}`)
      expect(content, entry.href).toBeDefined()
      if (id) expect(content).toContain(`id="${id}"`)
    }
  })

  it('has a cover page, picture, landmarks and accessibility metadata', async () => {
    const files = await epubFiles(epub)
    const opf = files.get('OEBPS/content.opf')!
    expect(opf).toMatch(/<item id="cover-image" href="cover\.jpg" media-type="image\/jpeg" properties="cover-image"\/>/)
    expect(files.get('OEBPS/cover.xhtml')).toContain('epub:type="cover"')
    expect(files.get('OEBPS/toc.xhtml')).toContain('epub:type="landmarks"')
    for (const property of ['schema:accessMode', 'schema:accessModeSufficient', 'schema:accessibilityFeature', 'schema:accessibilityHazard', 'schema:accessibilitySummary']) {
      expect(opf).toContain(`property="${property}"`)
    }
    expect(opf).toMatch(/<dc:identifier id="book-id">urn:(doi:10\.5555\/|uuid:[0-9a-f-]{36})/)
  })
})
