import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join, relative} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ace, violations} from './helpers/ace.js'
import {epubcheckMany} from './helpers/epubcheck-many.js'
import {startImageServer, type ImageServer} from './helpers/image-server.js'
import {pdfText} from './helpers/tools.js'

// Real policy papers (../shared/corpus/policy, AGPL-3.0, test data only; see its README) as a
// new user builds them: site-absolute images found in the site's folder, web images fetched.
// A user's clone has no ../shared: then these tests are skipped, and say so.
const corpus = join(process.cwd(), '..', 'shared', 'corpus', 'policy')
const present = existsSync(corpus)
if (!present) console.warn(`policy corpus tests skipped: ${corpus} is absent (it ships beside the repository in CI only)`)

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

interface Report {
  papers: Array<{slug: string; path: string; status: string; messages: Array<{line: number; column: number; severity: string; ruleId: string | null; reason: string}>}>
}

/**
 * The dollar amounts of a paper's prose, as written (`$4.2`, `$20,000`),
 * from the markdown outside front matter, fenced code (plotly charts
 * included) and HTML comments; `\$` is a dollar sign too.
 */
export function dollarAmounts(markdown: string): string[] {
  const prose = markdown
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '')
    .replace(/<!--[\s\S]*?-->/g, '')
  return [...new Set([...prose.matchAll(/\\?\$(\d[\d,]*(?:\.\d+)?)/g)].map((match) => `$${match[1]!.replace(/[,.]$/, '')}`))]
}

/** Text with white space squeezed, entities of the HTML read. */
function squeeze(text: string): string {
  return text.replace(/&#x24;|&#36;|&dollar;/g, '$').replace(/\s+/g, ' ')
}

describe.skipIf(!present)('the policy corpus, as published, through offprint build', () => {
  const root = mkdtempSync(join(tmpdir(), 'offprint-policy-'))
  const papers = join(root, 'papers')
  const out = join(root, 'dist')
  const names = present ? readdirSync(corpus).filter((name) => name.endsWith('.md') && name !== 'README.md') : []
  let server: ImageServer
  let report: Report = {papers: []}
  let stderr = ''
  let status: number | null = null

  beforeAll(async () => {
    // --timeout 180: a shared 2-core CI machine under load took over 60 s to print a 30-page paper.
    server = await startImageServer()
    mkdirSync(papers, {recursive: true})
    // The papers' web images, served by the test's own server: https://host/path → http://127.0.0.1:PORT/host/path.
    for (const name of names) {
      const text = readFileSync(join(corpus, name), 'utf8').replace(/(!\[[^\]]*\]\()https?:\/\//g, `$1http://${server.host}/`)
      writeFileSync(join(papers, name), text)
    }
    const siteRoot = relative(papers, join(corpus, 'site'))
    writeFileSync(join(papers, 'series.yaml'), `images:\n  site-root: ${siteRoot}\n  remote: ["${server.host}"]\n`)
    const child = spawn(process.execPath, [cli, 'build', '--json', '-j', '2', '--timeout', '180', '--cache', join(root, 'cache'), '--out', out, 'papers'], {cwd: root})
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    status = await new Promise<number | null>((resolve) => child.on('close', resolve))
    report = JSON.parse(stdout) as Report
  }, 900_000)
  afterAll(() => server?.close())

  it('builds every paper, its site-absolute and web images found', () => {
    expect(stderr).not.toMatch(/internal error|TypeError|RangeError/)
    const failed = report.papers.filter((paper) => paper.status !== 'built').map((paper) => `${paper.slug}: ${paper.messages.filter((m) => m.severity === 'error').map((m) => `${m.line}:${m.column} ${m.reason} [${m.ruleId}]`).join('; ')}`)
    expect(failed).toEqual([])
    expect(status).toBe(0)
    expect(report.papers).toHaveLength(names.length)
    // Every web image was fetched by Offprint, from the listed host.
    expect(server.requests.length).toBeGreaterThan(50)
    expect(server.requests.every((path) => path.startsWith('/cdn-images-1.medium.com/'))).toBe(true)
    const html = readFileSync(join(out, 'family-first-act.html'), 'utf8')
    expect((html.match(/<img [^>]*src="data:image\/(png|jpeg);base64,/g) ?? []).length).toBe(7)
  })

  it('gives EPUBs that pass epubcheck with no errors and no warnings', async () => {
    const books = names.map((name) => join(out, name.replace(/\.md$/, '.epub')))
    const halves = [books.filter((_, index) => index % 2 === 0), books.filter((_, index) => index % 2 === 1)]
    const results = await Promise.all(halves.map((half) => epubcheckMany(half)))
    const problems = results.flatMap((result) => [...result].flatMap(([book, lines]) => lines.map((line) => `${basename(book)}: ${line.slice(0, 300)}`)))
    expect(problems).toEqual([])
  }, 600_000)

  it('gives EPUBs that Ace finds no accessibility violation in, every one of them', async () => {
    // Two at a time: each Ace run drives a Chromium of its own.
    const slugs = names.map((name) => name.replace(/\.md$/, ''))
    const found: string[] = []
    for (let index = 0; index < slugs.length; index += 2) {
      const pair = slugs.slice(index, index + 2)
      const results = await Promise.all(pair.map((slug) => ace(join(out, `${slug}.epub`))))
      pair.forEach((slug, at) => found.push(...violations(results[at]!).map((line) => `${slug}: ${line}`)))
    }
    expect(found).toEqual([])
  }, 900_000)

  it('keeps every dollar amount of the prose as money, in the PDF text and the HTML', () => {
    const missing: string[] = []
    for (const name of names) {
      const slug = name.replace(/\.md$/, '')
      const amounts = dollarAmounts(readFileSync(join(corpus, name), 'utf8'))
      const pdf = squeeze(pdfText(join(out, `${slug}.pdf`)))
      const html = squeeze(readFileSync(join(out, `${slug}.html`), 'utf8').replace(/<[^>]+>/g, ''))
      for (const amount of amounts) {
        if (!pdf.includes(amount)) missing.push(`${slug}: ${amount} not in the PDF`)
        if (!html.includes(amount)) missing.push(`${slug}: ${amount} not in the HTML`)
      }
    }
    expect(missing).toEqual([])
  })

  it('builds again from the cache without fetching anything, also --offline', async () => {
    const before = server.requests.length
    const again = await new Promise<{status: number | null; stdout: string}>((resolve) => {
      const child = spawn(process.execPath, [cli, 'build', '--json', '--offline', '-j', '2', '--timeout', '180', '--cache', join(root, 'cache'), '--out', out, 'papers'], {cwd: root})
      let stdout = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.on('close', (code) => resolve({status: code, stdout}))
    })
    expect(again.status).toBe(0)
    const papersAgain = (JSON.parse(again.stdout) as {papers: Array<{cache: string}>}).papers
    expect(papersAgain.every((paper) => paper.cache === 'hit')).toBe(true)
    expect(server.requests.length).toBe(before)
  }, 300_000)
})
