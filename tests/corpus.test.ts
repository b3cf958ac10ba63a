import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {toString} from 'mdast-util-to-string'
import type {Paragraph} from 'mdast'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {epubcheckMany} from './helpers/epubcheck-many.js'
import {pdfFonts, pdfText} from './helpers/tools.js'

// Real markdown nobody on this project wrote (../shared/corpus, CC BY 4.0 and MIT; see its
// README). A user's clone has no ../shared: then these tests are skipped, and say so.
const corpus = join(process.cwd(), '..', 'shared', 'corpus')
const present = existsSync(corpus)
if (!present) console.warn(`corpus tests skipped: ${corpus} is absent (it ships beside the repository in CI only)`)

interface Report {
  papers: Array<{slug: string; path: string; status: string; messages: Array<{line: number; column: number; severity: string; ruleId: string | null}>; artifacts: Array<{format: string}>}>
}

describe.skipIf(!present)('the shared corpus through offprint build', () => {
  const out = mkdtempSync(join(tmpdir(), 'offprint-corpus-'))
  const folders = ['programminghistorian', 'micromark-gfm-footnote'].map((name) => join(corpus, name))
  // The wider corpus nests its sources by language and project: every markdown file but the README.
  const wider = present ? markdownUnder(join(corpus, 'wider')) : []
  const result = present
    ? spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', '--json', '--no-cache', '-j', '2', '--out', out, ...folders, ...wider], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
    : undefined
  const report = present ? (JSON.parse(result!.stdout) as Report) : {papers: []}

  it('never crashes: every file ends in artifacts or positioned errors', () => {
    expect(result!.stderr).not.toMatch(/internal error|TypeError|RangeError/)
    expect([0, 1]).toContain(result!.status)
    const markdown = folders.flatMap((folder) => readdirSync(folder).filter((name) => name.endsWith('.md')))
    expect(report.papers).toHaveLength(markdown.length + wider.length)
    for (const paper of report.papers) {
      if (paper.status === 'built') {
        expect(paper.artifacts.map((a) => a.format).sort(), paper.path).toEqual(['epub', 'html', 'pdf'])
      } else {
        const errors = paper.messages.filter((m) => m.severity === 'error')
        expect(errors.length, paper.path).toBeGreaterThan(0)
        for (const error of errors) expect(error.line, paper.path).toBeGreaterThan(0)
      }
    }
  })

  it('builds every Programming Historian lesson, saying what it had to guess', () => {
    const lessons = report.papers.filter((paper) => paper.path.includes('programminghistorian') && !paper.path.includes('/wider/'))
    expect(lessons.filter((p) => p.status !== 'built').map((p) => p.slug)).toEqual([])
    const lenient = lessons.find((p) => p.slug === 'cleaning-ocrd-text-with-regular-expressions')!
    expect(lenient.messages.filter((m) => m.ruleId === 'front-matter-lenient').map((m) => `${m.line}:${m.column}`)).toEqual(['12:83'])
    const liquid = lessons.flatMap((p) => p.messages).filter((m) => m.ruleId === 'template-tag')
    expect(liquid.length).toBeGreaterThan(8)
  })

  it('gives EPUBs that pass epubcheck with no errors and no warnings', async () => {
    const books = report.papers.filter((paper) => paper.status === 'built').map((paper) => join(out, `${paper.slug}.epub`))
    expect(books.length).toBeGreaterThan(20)
    // One JVM for every book, with each half of the list on its own core.
    const halves = [books.filter((_, index) => index % 2 === 0), books.filter((_, index) => index % 2 === 1)]
    const results = await Promise.all(halves.map((half) => epubcheckMany(half)))
    const problems = results.flatMap((result) => [...result].flatMap(([book, lines]) => lines.map((line) => `${basename(book)}: ${line.slice(0, 300)}`)))
    expect(problems).toEqual([])
  }, 600_000)

  it('builds every wider-corpus file but those with real errors (a missing image, an undefined note)', () => {
    const refused = report.papers.filter((p) => p.path.includes('/wider/') && p.status !== 'built')
    expect(refused.map((p) => p.slug).sort()).toEqual(['analyse-de-documents-avec-tfidf', 'construir-repositorio-de-fuentes', 'vfm-en'])
    for (const paper of refused) expect(paper.messages.filter((m) => m.severity === 'error').map((m) => m.ruleId), paper.slug).toEqual([expect.stringMatching(/^(note-undefined|image-missing)$/)])
  })

  it('embeds no Type 3 font in any PDF', () => {
    const type3 = report.papers
      .filter((paper) => paper.status === 'built')
      .flatMap((paper) => pdfFonts(join(out, `${paper.slug}.pdf`)).filter((font) => /Type 3/.test(font.type)).map((font) => `${paper.slug}: ${font.name}`))
    expect([...new Set(type3)]).toEqual([])
  })

  it('gives back the words of the source’s paragraphs in the PDF’s text layer', () => {
    const missing: string[] = []
    for (const paper of report.papers.filter((p) => p.status === 'built')) {
      // Only a hyphen at a line's end is joined: any other hyphen or soft hyphen in a word is a fault.
      // A line break between two Chinese or Japanese characters is no space (neither sets spaces between words).
      const text = pdfText(join(out, `${paper.slug}.pdf`))
        .replace(/\u00ad[-\u2010]?\n|[-\u2010]\n/g, '')
        .replace(/(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])\n(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu, '')
        .replace(/\s+/g, ' ')
        .normalize('NFC')
      const lost = sampleWords(paper.path).filter((word) => !text.includes(word))
      if (lost.length > 0) missing.push(`${paper.slug}: ${lost.slice(0, 6).join(' ')} (${lost.length})`)
    }
    expect(missing).toEqual([])
  })

  const fixtures = present ? readdirSync(folders[1]!).filter((name) => name.endsWith('.md') && !name.startsWith('inline-notes')) : []
  it.each(fixtures)('numbers the notes of %s as its reference HTML does', (name) => {
    const slug = basename(name, '.md')
    const paper = report.papers.find((p) => p.slug === slug)!
    if (paper.status !== 'built') {
      // A fixture we refuse must be refused for a positioned reason.
      expect(paper.messages.some((m) => m.severity === 'error')).toBe(true)
      return
    }
    const reference = readFileSync(join(folders[1]!, `${slug}.html`), 'utf8')
    const ours = readFileSync(join(out, `${slug}.html`), 'utf8')
    const referenceCalls = [...reference.matchAll(/data-footnote-ref=""[^>]*>(\d+)<\/a>/g)].map((m) => Number(m[1]))
    const ourCalls = [...ours.matchAll(/role="doc-noteref"><sup>(\d+)<\/sup>/g)].map((m) => Number(m[1]))
    expect(ourCalls).toEqual(referenceCalls)
    const referenceNotes = [...reference.matchAll(/<li id="user-content-fn-[^"]*">([\s\S]*?)<\/li>/g)].map((m) => words(m[1]!))
    // The note's own number is its back-link, which words() leaves out: a note whose text is a number keeps it.
    const ourNotes = [...ours.matchAll(/<li class="note" id="note-\d+">([\s\S]*?)<\/li>/g)].map((m) => words(m[1]!))
    expect(ourNotes).toEqual(referenceNotes)
  })
})

/** The first words of a note, without markup, numbers and back-links, quotes normalized. */
function words(html: string): string {
  return html
    .replace(/<a [^>]*(backref|backlink)[^>]*>[\s\S]*?<\/a>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x[0-9a-f]+;|&\w+;/gi, ' ')
    .replace(/[“”‘’"'–—…↩]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .slice(0, 8)
    .join(' ')
}

function markdownUnder(folder: string): string[] {
  return readdirSync(folder, {recursive: true, encoding: 'utf8'})
    .filter((name) => name.endsWith('.md') && basename(name) !== 'README.md')
    .sort()
    .map((name) => join(folder, name))
}

/**
 * Words of every fifth paragraph of the source, as plain text: runs of four
 * letters or more, and in CJK text runs of three characters. Paragraphs with
 * code, math, raw HTML or template tags are skipped (they are not printed as
 * written).
 */
function sampleWords(path: string): string[] {
  const {tree} = parsePaper(new VFile({path, value: readFileSync(path)}))
  const words: string[] = []
  let index = 0
  visit(tree, 'paragraph', (paragraph: Paragraph) => {
    let plain = true
    visit(paragraph, (node) => {
      if (['inlineCode', 'inlineMath', 'html', 'image', 'footnoteReference'].includes(node.type)) plain = false
    })
    const value = toString(paragraph).normalize('NFC')
    if (!plain || /\{[{%]|\$|\\|https?:/.test(value) || index++ % 5 !== 0) return
    words.push(...(value.match(/(?<![\p{L}\p{M}'’-])[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}]{4,}(?![\p{L}\p{M}'’-])/gu) ?? []))
    for (const run of value.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{3,}/gu) ?? []) words.push(run.slice(0, 3))
  })
  return words
}
