import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {epubcheck} from './helpers/tools.js'

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
  const result = present
    ? spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', '--json', '--no-cache', '--out', out, ...folders], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
    : undefined
  const report = present ? (JSON.parse(result!.stdout) as Report) : {papers: []}

  it('never crashes: every file ends in artifacts or positioned errors', () => {
    expect(result!.stderr).not.toMatch(/internal error|TypeError|RangeError/)
    expect([0, 1]).toContain(result!.status)
    const markdown = folders.flatMap((folder) => readdirSync(folder).filter((name) => name.endsWith('.md')))
    expect(report.papers).toHaveLength(markdown.length)
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
    const lessons = report.papers.filter((paper) => paper.path.includes('programminghistorian'))
    expect(lessons.filter((p) => p.status !== 'built').map((p) => p.slug)).toEqual([])
    const lenient = lessons.find((p) => p.slug === 'cleaning-ocrd-text-with-regular-expressions')!
    expect(lenient.messages.filter((m) => m.ruleId === 'front-matter-lenient').map((m) => `${m.line}:${m.column}`)).toEqual(['12:83'])
    const liquid = lessons.flatMap((p) => p.messages).filter((m) => m.ruleId === 'template-tag')
    expect(liquid.length).toBeGreaterThan(8)
  })

  it('gives EPUBs that pass epubcheck with no errors and no warnings', async () => {
    const books = report.papers.filter((paper) => paper.status === 'built').map((paper) => join(out, `${paper.slug}.epub`))
    expect(books.length).toBeGreaterThan(20)
    const problems: string[] = []
    // Two JVMs at a time: one per core.
    const queue = [...books]
    await Promise.all(
      [0, 1].map(async () => {
        for (let book = queue.shift(); book; book = queue.shift()) {
          const result = await epubcheck(book)
          for (const m of result.messages) if (m.severity !== 'USAGE' && m.severity !== 'INFO') problems.push(`${basename(book)}: ${m.severity} ${m.ID} ${m.message} ${m.locations[0]?.path ?? ''}`)
        }
      })
    )
    expect(problems).toEqual([])
  }, 600_000)

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
    const ourNotes = [...ours.matchAll(/<li class="note" id="note-\d+">([\s\S]*?)<\/li>/g)].map((m) => words(m[1]!).replace(/^\d+ ?/, ''))
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
