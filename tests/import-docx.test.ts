// `offprint import`: Word manuscripts as paper folders. Our own fixture
// (tests/fixtures/import/manuscript.docx: pandoc's .docx of
// manuscript.source.md, with an endnote, a comment, tracked changes, small
// caps and a two-paragraph table cell added by patch-manuscript.py), and
// pandoc's test files in ../shared/corpus/docx, each compared with pandoc's
// own reading of the same file (`pandoc -t json`).
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import type {FootnoteDefinition, Heading, Root, Table} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {parse as parseYaml} from 'yaml'
import JSZip from 'jszip'
import {beforeAll, describe, expect, it} from 'vitest'
import {parsePaper} from '@offprint/parse'
import {pdfText} from './helpers/tools.js'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')
const fixture = join(process.cwd(), 'tests/fixtures/import/manuscript.docx')
const corpus = join(process.cwd(), '..', 'shared', 'corpus', 'docx')
const present = existsSync(corpus)
if (!present) console.warn(`docx corpus tests skipped: ${corpus} is absent (it ships beside the repository in CI only)`)

function offprint(args: string[], cwd: string) {
  return spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
}

/** Import a .docx into a fresh folder; the folder and the CLI's result. */
function importInto(docx: string, work = mkdtempSync(join(tmpdir(), 'offprint-import-'))) {
  const out = join(work, 'papers', basename(docx, '.docx').replace(/_/g, '-'))
  const result = offprint(['import', docx, '-o', out], work)
  return {work, out, result}
}

/** What Offprint reads of an imported paper: its tree and front matter. */
function readPaper(folder: string): {tree: Root; front: Record<string, unknown>; text: string} {
  const path = join(folder, 'index.md')
  const text = readFileSync(path, 'utf8')
  const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]!) as Record<string, unknown>
  return {tree: parsePaper(new VFile({path, value: text})).tree, front, text}
}

const squash = (text: string) =>
  text
    .replace(/[“”‘’"']/g, '')
    .replace(/\s+/g, ' ')
    .trim()

/** Headings, notes and table cells as Offprint reads the imported markdown. */
function ours(tree: Root) {
  const headings: string[] = []
  const notes: string[] = []
  const cells: string[][] = []
  visit(tree, 'heading', (node: Heading) => void headings.push(squash(toString(node))))
  visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => void notes.push(squash(toString(node))))
  visit(tree, 'table', (node: Table) => {
    // A cell's `<br>` is raw HTML (no text): its lines joined by a space, as pandoc's paragraphs are.
    // A list in a cell keeps its bullets or numbers as text (pandoc's has them as list markers).
    const line = (text: string) => text.replace(/^\s*(?:• |\d+\. )/, '')
    for (const row of node.children) {
      cells.push(row.children.map((cell) => squash(cell.children.map((child) => (child.type === 'html' ? '\n' : toString(child))).join('').split('\n').map(line).join(' '))))
    }
  })
  return {headings, notes, cells}
}

type Pandoc = {t: string; c?: unknown}

/** Headings, notes (in order) and table cells of pandoc's own reading of the .docx. */
function pandocs(docx: string) {
  const ast = JSON.parse(execFileSync('pandoc', ['-f', 'docx', '-t', 'json', docx], {encoding: 'utf8'})) as {blocks: Pandoc[]}
  const headings: string[] = []
  const notes: string[] = []
  const cells: string[][] = []
  const text = (node: unknown): string => {
    if (Array.isArray(node)) return node.map(text).join('')
    if (!node || typeof node !== 'object') return ''
    const {t, c} = node as Pandoc
    if (t === 'Str') return c as string
    if (t === 'Space' || t === 'SoftBreak' || t === 'LineBreak') return ' '
    if (t === 'Note') return ''
    if (t === 'Para' || t === 'Plain') return text(c) + ' '
    if (t === 'Image') return ''
    return text(c)
  }
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    const {t, c} = node as Pandoc
    if (t === 'Header') headings.push(squash(text((c as unknown[])[2])))
    if (t === 'Note') notes.push(squash(text(c)))
    if (t === 'Table') {
      const [, , , head, bodies] = c as [unknown, unknown, unknown, [unknown, Array<[unknown, unknown, unknown[]]>], Array<[unknown, unknown, unknown, Array<[unknown, unknown[]]>]>]
      const rows = [...head[1].map((row) => row), ...bodies.flatMap((body) => body[3])] as Array<[unknown, Array<[unknown, unknown, number, number, unknown[]]>]>
      for (const row of rows) cells.push(row[1].map((cell) => squash(text(cell[4]))))
    }
    if (t !== 'Note') walk(c)
  }
  walk(ast.blocks)
  return {headings, notes, cells}
}

describe('offprint import of our own manuscript', () => {
  const {out, result, work} = importInto(fixture)
  const paper = readPaper(out)

  it('writes a paper folder and says what it could not carry, at the Word paragraph', () => {
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/✓ .*manuscript\.docx → papers\/manuscript\/index\.md \(2 notes, 1 image\); 4 warnings/)
    // Paragraph 22 of the document holds the comment and the tracked changes.
    expect(result.stderr).toContain('manuscript.docx:22:1: warning: Unexpected comment by Ana Reviewer “Check this figure” in paragraph 22 (“Closing paragraph with a remark and an inserted w…”), expected none: comments are left out [import-comment]')
    expect(result.stderr).toMatch(/manuscript\.docx:22:1: warning: Unexpected tracked changes \(2\) in paragraph 22 .*accepted as shown.* \[import-tracked-change\]/)
    expect(result.stderr).toMatch(/manuscript\.docx:7:1: warning: Unexpected small caps in paragraph 7 \(“Storage contracts.*\(and 1 more: line 22\) \[import-small-caps\]/)
    expect(readdirSync(join(work, 'papers'))).toEqual(['manuscript'])
  })

  it('takes the front matter from the Title, Subtitle, Author and Date paragraphs and the language', () => {
    expect(paper.front).toEqual({
      title: 'Buying Flexibility',
      subtitle: 'Contract design for grid storage',
      authors: ['Miriam Achterberg', 'Tomás Ferreira-Lund'],
      date: '2026-03-12',
      lang: 'en-GB'
    })
    // None of them is left in the body.
    expect(paper.text.split('---\n')[2]).not.toMatch(/Buying Flexibility|Achterberg|2026/)
  })

  it('reads the body as pandoc does: headings, notes (footnote, then endnote), table cells', () => {
    const pandoc = pandocs(fixture)
    const mine = ours(paper.tree)
    expect(mine.headings).toEqual(pandoc.headings)
    expect(mine.notes).toEqual(pandoc.notes)
    expect(mine.notes).toEqual(['A footnote with a link.', 'An endnote, second in order.'])
    expect(mine.cells).toEqual(pandoc.cells)
    expect(mine.cells[1]).toEqual(['1', '42 bids fell'])
  })

  it('writes the constructs in markdown Offprint reads today', () => {
    expect(paper.text).toContain('## The problem\n')
    expect(paper.text).toContain('### Options\n')
    expect(paper.text).toContain('says [the regulator](https://example.org/regulator).[^1]')
    expect(paper.text).toContain('H<sub>2</sub>O and area is m<sup>2</sup>')
    expect(paper.text).toContain('*short* and **risky**')
    expect(paper.text).toContain('> A quoted passage from the consultation.')
    expect(paper.text).toMatch(/- second option\n {2}1\. nested number/)
    expect(paper.text).toContain('| 1     | 42<br>bids fell |')
    expect(paper.text).toContain('Closing paragraph[^2] with a remark and an inserted word in Small Caps.')
    expect(paper.text).not.toContain('deleted')
    // The picture beside the paper, with its description as alt text and its caption as the figure's.
    expect(paper.text).toContain('![A bar chart of bids by round](images/image1.png "A bar chart of bids by round")')
    expect(readFileSync(join(out, 'images/image1.png')).subarray(1, 4).toString()).toBe('PNG')
  })

  it('refuses to overwrite the paper folder without --force, and replaces it with', () => {
    writeFileSync(join(out, 'index.md'), 'edited by hand')
    const again = offprint(['import', fixture, '-o', out], work)
    expect(again.status).toBe(2)
    expect(again.stderr).toContain('already exists; nothing was written (--force replaces it)')
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toBe('edited by hand')
    const forced = offprint(['import', fixture, '-o', out, '--force'], work)
    expect(forced.status, forced.stderr).toBe(0)
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toBe(paper.text)
    expect(readdirSync(join(work, 'papers'))).toEqual(['manuscript'])
  })
})

describe('offprint import of files that are not Word documents', () => {
  const work = mkdtempSync(join(tmpdir(), 'offprint-import-bad-'))

  it('says so, exits 1 and writes nothing', async () => {
    writeFileSync(join(work, 'notes.docx'), '# not a zip\n')
    const zip = new JSZip()
    zip.file('hello.txt', 'a zip, not a Word document')
    writeFileSync(join(work, 'archive.docx'), await zip.generateAsync({type: 'nodebuffer'}))
    const text = offprint(['import', 'notes.docx'], work)
    expect(text.status).toBe(1)
    expect(text.stderr).toMatch(/^notes\.docx: not a Word document \(not a zip archive: .+\)\n$/)
    const archive = offprint(['import', 'archive.docx', '-o', 'papers/archive'], work)
    expect(archive.status).toBe(1)
    expect(archive.stderr).toBe('archive.docx: not a Word document (a zip archive without _rels/.rels, expected a .docx package)\n')
    // No folder, no staging folder left behind.
    expect(existsSync(join(work, 'papers/archive'))).toBe(false)
    expect(existsSync(join(work, 'papers')) ? readdirSync(join(work, 'papers')) : []).toEqual([])
  })

  it('is a usage error without a file, and --help lists it', () => {
    expect(offprint(['import'], work)).toMatchObject({status: 2, stderr: expect.stringContaining('import takes one .docx file, not 0')})
    expect(offprint(['--help'], work).stdout).toContain('offprint import <manuscript.docx> [-o papers/<slug>/] [--force]')
  })
})

describe.skipIf(!present)('offprint import of pandoc’s test documents', () => {
  const work = mkdtempSync(join(tmpdir(), 'offprint-import-corpus-'))
  const files = present ? readdirSync(corpus).filter((name) => name.endsWith('.docx')) : []
  // In this process (79 CLI start-ups would take minutes); the CLI's own path is tested above and in the builds below.
  const imported = files.map((name) => ({name, out: join(work, 'papers', name.replace(/\.docx$/, '').replace(/_/g, '-'))}))
  beforeAll(async () => {
    const {importDocx} = await import('../apps/build/dist/core/import/import-docx.js')
    const {writePaperFolder} = await import('../apps/build/dist/core/import/write-paper-folder.js')
    for (const each of imported) writePaperFolder(each.out, (await importDocx(readFileSync(join(corpus, each.name)), each.name)).files, false)
  }, 300_000)

  it('imports every one, and offprint check finds no error in any', () => {
    expect(files.length).toBeGreaterThanOrEqual(79)
    for (const each of imported) expect(existsSync(join(each.out, 'index.md')), each.name).toBe(true)
    const check = offprint(['check', 'papers'], work)
    expect(check.stdout).toContain(`${files.length} checked: 0 errors`)
    expect(check.status, check.stdout + check.stderr).toBe(0)
  })

  // Files where a construct's reading is compared with pandoc's.
  const compared = {
    headings: ['headers.docx', 'numbered_header.docx', 'block_quotes.docx', 'enumerated_headings.docx'],
    notes: ['link_in_notes.docx', 'sdt_in_footnote.docx'],
    cells: ['table_one_row.docx', 'table_one_header_row.docx', 'table_with_list_cell.docx']
  }
  for (const [construct, names] of Object.entries(compared) as Array<[keyof typeof compared, string[]]>) {
    it.each(names)(`reads the ${construct} of %s as pandoc does`, (name) => {
      const each = imported.find((file) => file.name === name)!
      const mine = ours(readPaper(each.out).tree)[construct]
      const pandoc = pandocs(join(corpus, name))[construct]
      expect(pandoc.length, `pandoc finds ${construct} in ${name}`).toBeGreaterThan(0)
      expect(mine).toEqual(pandoc)
    })
  }

  it('reads title and authors from the styled paragraphs (metadata.docx)', () => {
    const {front} = readPaper(imported.find((file) => file.name === 'metadata.docx')!.out)
    expect(front).toMatchObject({title: 'This Is the Title', authors: ['Mary Ann Evans', 'Aurore Dupin'], date: '2014-07-28', lang: 'en-US'})
  })

  it('turns Zotero’s citation fields into references.json and [@key] citations', () => {
    const each = imported.find((file) => file.name === 'zotero_citations.docx')!
    const {front, text} = readPaper(each.out)
    expect(front).toMatchObject({bibliography: 'references.json', 'bibliography-title': 'Reference list'})
    const items = JSON.parse(readFileSync(join(each.out, 'references.json'), 'utf8')) as Array<{id: string; title: string; type: string}>
    expect(items.map((item) => item.id).sort()).toEqual(['bellomo2016', 'boer2016', 'smith2013'])
    expect(text).toContain('This is a citation [@smith2013]')
    expect(text).toContain('two sources [@boer2016; @smith2013].')
    expect(text).toContain('[prefix @bellomo2016, p. 2 suffix]')
    // Word's formatted citations and its typed-out reference list are gone.
    expect(text).not.toMatch(/Smith et al\., 2013|Geophys\. Res\. Lett\./)
  })

  it('builds a handful of them, the Zotero citations as CSL notes in the PDF and HTML', () => {
    const chosen = ['zotero_citations', 'link_in_notes', 'inline_images', 'table_with_list_cell', 'track_changes_insertion'].map((name) => `papers/${name.replace(/_/g, '-')}`)
    const build = offprint(['build', '--no-cache', '-j', '2', '-o', 'dist', ...chosen], work)
    expect(build.status, build.stdout + build.stderr).toBe(0)
    const pdf = squash(pdfText(join(work, 'dist/zotero-citations.pdf')))
    expect(pdf).toContain('This is a citation1 This is a citation with two sources.2')
    expect(pdf).toMatch(/Notes 1\. Doug M\. Smith et al\., A Comparison of Full-Field and Anomaly Initialization for Seasonal to Decadal Climate Prediction, Climate Dynamics 41/)
    expect(pdf).toMatch(/3\. Prefix K\. Bellomo et al\., New Observational Evidence .* \(2016\): 2, https:\/\/doi\.org\/10\.1002\/2016GL069961 suffix\./)
    expect(pdf).toContain('Reference list Bellomo, K.')
    expect(pdf).not.toMatch(/@smith|OFFPRINTCITATION|\(Smith et al\., 2013\)/)
    const html = readFileSync(join(work, 'dist/zotero-citations.html'), 'utf8')
    expect(html).toMatch(/Boer et al\., “The Decadal Climate Prediction Project \(DCPP\),”/)
    const notes = squash(pdfText(join(work, 'dist/link-in-notes.pdf')))
    expect(notes).toMatch(/This is a test1\. .*Notes 1\. http:\/\/wikipedia\.org\//)
  })
})

describe('offprint import of our manuscript, built', () => {
  it('builds, with both notes in the PDF and the table cell’s two lines', () => {
    const {work, result} = importInto(fixture)
    expect(result.status).toBe(0)
    mkdirSync(join(work, 'dist'), {recursive: true})
    const build = offprint(['build', '--no-cache', '--to', 'pdf', '-o', 'dist', 'papers/manuscript'], work)
    expect(build.status, build.stdout + build.stderr).toBe(0)
    const pdf = squash(pdfText(join(work, 'dist/manuscript.pdf')))
    expect(pdf).toContain('Buying Flexibility Contract design for grid storage')
    expect(pdf).toMatch(/Notes 1\. A footnote with a link\. 2\. An endnote, second in order\./)
    expect(pdf).toMatch(/1 42 bids fell/)
    expect(pdf).not.toMatch(/<sub>|<br>|\[\^/)
  })
})
