import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Element, Root, RootContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {afterAll, describe, expect, inject, it} from 'vitest'
import {ace, violations} from './helpers/ace.js'
import {epubFiles, pdfInfo, pdfText} from './helpers/tools.js'

// EPUB Accessibility 1.1 (WCAG 2.2 AA) as DAISY Ace checks it, the metadata
// that says so, and the page list taken from the PDF edition.
const samples = inject('samples')
const papers = ['grid-storage-procurement', 'short-brief', 'ja-aging-transport', 'municipal-water-tariffs']

describe.each(papers)('accessible EPUB of %s', (slug) => {
  const epub = join(samples.out, `${slug}.epub`)
  const pdf = join(samples.out, `${slug}.pdf`)

  it('has no Ace violation of any impact', async () => {
    const report = await ace(epub)
    expect(violations(report)).toEqual([])
    expect(report['earl:result']['earl:outcome']).toBe('pass')
    expect(report['a11y-metadata'].present).toEqual(expect.arrayContaining(['dcterms:conformsTo', 'schema:accessMode', 'schema:accessibilityFeature', 'schema:accessibilityHazard']))
    expect(report.properties.hasPageBreaks).toBe(true)
  }, 300_000)

  it('claims EPUB Accessibility 1.1 at WCAG 2.2 AA, with metadata true of its content', async () => {
    const files = await epubFiles(epub)
    const opf = files.get('OEBPS/content.opf')!
    const values = (property: string) => [...opf.matchAll(new RegExp(`<meta property="${property}"[^>]*>([^<]*)</meta>`, 'g'))].map((m) => m[1]!)
    expect(values('dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.2 Level AA'])
    const text = [...files].filter(([name]) => /OEBPS\/(?!cover|toc)[^/]+\.xhtml$/.test(name)).map(([, content]) => content).join('\n')
    const pictures = [...text.matchAll(/<img\b[^>]*>/g)].map((m) => m[0])
    const features = values('schema:accessibilityFeature')
    expect(values('schema:accessMode')).toEqual(pictures.length > 0 ? ['textual', 'visual'] : ['textual'])
    expect(features.includes('MathML')).toBe(/<math[\s>]/.test(text))
    expect(features.includes('alternativeText')).toBe(pictures.length > 0 && pictures.every((tag) => /\salt="[^"]+"/.test(tag)))
    expect(features).toEqual(expect.arrayContaining(['tableOfContents', 'readingOrder', 'pageBreakMarkers', 'pageNavigation']))
    expect(values('schema:accessibilityHazard')).toEqual(['none'])
    const summary = values('schema:accessibilitySummary')[0]!
    expect(/\d+ tables?\b/.test(summary)).toBe(/<table[\s>]/.test(text))
    expect(summary).toContain(`(${pdfInfo(pdf).Pages} pages)`)
  })

  it('lists every page of the PDF, each at a page-break marker, sourced to the PDF edition', async () => {
    const files = await epubFiles(epub)
    const pages = Number(pdfInfo(pdf).Pages)
    const nav = /<nav epub:type="page-list"[^>]*role="doc-pagelist"[\s\S]*?<\/nav>/.exec(files.get('OEBPS/toc.xhtml')!)![0]
    const entries = [...nav.matchAll(/<a href="([^"#]+)#([^"]+)">([^<]*)<\/a>/g)].map((m) => ({file: m[1]!, id: m[2]!, label: m[3]!}))
    expect(entries.map((entry) => entry.label)).toEqual(Array.from({length: pages}, (_, index) => String(index + 1)))
    for (const entry of entries) {
      expect(files.get(`OEBPS/${entry.file}`)).toContain(`<span id="${entry.id}" epub:type="pagebreak" role="doc-pagebreak" aria-label="${entry.label}">`)
    }
    const markers = [...files.values()].flatMap((content) => [...content.matchAll(/epub:type="pagebreak"/g)])
    expect(markers).toHaveLength(pages)
    const opf = files.get('OEBPS/content.opf')!
    const source = /<dc:source id="print-edition">([^<]+)<\/dc:source>/.exec(opf)?.[1]
    expect(source).toMatch(/^urn:(doi:10\.|uuid:)/)
    if (opf.includes('<dc:identifier id="book-id">urn:doi:')) expect(source).toMatch(/^urn:doi:/)
    expect(opf).toContain('<meta property="source-of" refines="#print-edition">pagination</meta>')
  })

  it('puts each marker in the paragraph where its PDF page begins, by the first words in pdftotext', async () => {
    const files = await epubFiles(epub)
    const pages = Number(pdfInfo(pdf).Pages)
    for (let page = 2; page <= pages; page++) {
      const file = [...files].find(([, content]) => content.includes(`id="print-page-${page}"`))
      expect(file, `marker of page ${page}`).toBeDefined()
      const after = textAfterMarker(file![1], `print-page-${page}`)
      // pdftotext gives the running head, a blank line, then the page's text; a page with no
      // running head (the imprint's) begins with its text.
      const printed = pdfText(pdf, {first: page, last: page})
      const bodies = [squash(printed.slice(printed.indexOf('\n\n') + 2)), squash(printed)]
      // Chromium draws list numbers (not in the text); a note's own number is text.
      const heads = bodies.flatMap((body) => [body, body.replace(/^(\d+\.|•)/, '')]).map((head) => head.slice(0, 16))
      const placed = heads.some((head) => {
        const at = after.indexOf(head.slice(0, Math.min(head.length, after.length)))
        // A page that begins inside a word is marked before that word.
        return after.length >= 2 && at >= 0 && /^[\p{L}\p{M}’'-]*$/u.test(after.slice(0, at))
      })
      expect(placed, `page ${page}: “${heads[0]}” in “${after.slice(0, 40)}”`).toBe(true)
    }
  })
})

/** Text without white space, soft hyphens or line-end hyphens, in lower case. */
function squash(text: string): string {
  return text.replace(/[-\u2010]\n/g, '').replace(/[\s\u00ad]+/g, '').toLowerCase()
}

const blocks = new Set(['p', 'li', 'td', 'th', 'dd', 'dt', 'figcaption', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/**
 * The text of the paragraph (or other block) that holds the marker, from
 * the marker on; a marker between blocks belongs to the block after it.
 */
function textAfterMarker(xhtml: string, id: string): string {
  const tree = fromHtml(xhtml)
  const path = pathTo(tree, id)
  expect(path, id).toBeDefined()
  const marker = path!.at(-1)!
  let block = path!.slice(0, -1).reverse().find((node) => blocks.has(node.tagName))
  if (!block) {
    const parent = path!.at(-2)!
    block = parent.children.slice(parent.children.indexOf(marker) + 1).find((node): node is Element => node.type === 'element')
    return squash(textOf(block!))
  }
  let text = ''
  let seen = false
  const walk = (node: RootContent | Root) => {
    if (node === marker) seen = true
    if (node.type === 'text' && seen) text += node.value
    if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(block)
  return squash(text)
}

function pathTo(node: Root | Element, id: string): Element[] | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    if (child.properties.id === id) return [child]
    const below = pathTo(child, id)
    if (below) return [child, ...below]
  }
  return undefined
}

function textOf(node: RootContent): string {
  if (node.type === 'text') return node.value
  return 'children' in node ? node.children.map(textOf).join('') : ''
}

// A few corpus files nobody on this project wrote, through Ace: one with math and tables, one with a
// table whose corner header is empty, one with a heading that skips a level, and a footnote test file.
const corpus = join(process.cwd(), '..', 'shared', 'corpus')
const picked = [
  'programminghistorian/linear-regression.md',
  'wider/programminghistorian/pt/introducao-estilometria-python.md',
  'programminghistorian/exploring-and-analyzing-network-data-with-python.md',
  'micromark-gfm-footnote/constructs-in-footnotes-first.md'
].map((path) => join(corpus, path))

describe.skipIf(!picked.every((path) => existsSync(path)))('accessible EPUBs of corpus files', () => {
  const out = mkdtempSync(join(tmpdir(), 'offprint-ace-corpus-'))
  afterAll(() => rmSync(out, {recursive: true, force: true}))
  const built = picked.every(existsSync)
    ? spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', '--no-cache', '-j', '2', '--out', out, ...picked], {encoding: 'utf8', env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}})
    : undefined

  it.each(picked.map((path) => path.replace(/^.*\//, '').replace(/\.md$/, '')))('%s has no Ace violation of any impact', async (slug) => {
    expect(built!.status, built!.stderr).toBe(0)
    const report = await ace(join(out, `${slug}.epub`))
    expect(violations(report)).toEqual([])
    expect(report['earl:result']['earl:outcome']).toBe('pass')
  }, 300_000)
})
