import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import JSZip from 'jszip'
import {visit} from 'unist-util-visit'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {epubcheck} from './helpers/tools.js'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

/** The CLI, run without blocking this process: the test's server must answer while it runs. */
function offprint(args: string[], cwd: string): Promise<{status: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {cwd})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (status) => resolve({status, stdout, stderr}))
  })
}

function files(root: string, tree: Record<string, string>): void {
  for (const [name, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, name)), {recursive: true})
    writeFileSync(join(root, name), text)
  }
}

/** Whatever markup a document holds that nobody wrote on purpose: handlers, scripts, refreshes, pictures not ours. */
function injected(html: string, allowedImages: RegExp = /^$/): string[] {
  const tree: Root = fromHtml(html)
  const found: string[] = []
  visit(tree, 'element', (node: Element) => {
    for (const key of Object.keys(node.properties)) if (/^on/i.test(key)) found.push(`${node.tagName}[${key}]`)
    // The page's schema.org JSON-LD is a data block no browser runs (its `<` are escaped, so a title cannot close it).
    const data = node.tagName === 'script' && node.properties.type === 'application/ld+json'
    if ((node.tagName === 'script' && !data) || node.tagName === 'svg' || node.tagName === 'iframe') found.push(node.tagName)
    if (node.tagName === 'meta' && /refresh/i.test(String(node.properties.httpEquiv ?? ''))) found.push('meta refresh')
    if (node.tagName === 'img' && !allowedImages.test(String(node.properties.src ?? ''))) found.push(`img ${String(node.properties.src)}`)
  })
  return found
}

describe('a folder paper cannot configure the series or load code', () => {
  it('ignores series.yaml inside a paper folder, with a warning, in build and check; the series config governs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-config-'))
    const marker = join(root, 'PLUGIN-RAN')
    files(root, {
      'papers/series.yaml': 'series: {name: Trusted Series}\n',
      'papers/good.md': '---\ntitle: Good\n---\n\nText.\n',
      'papers/evil/index.md': '---\ntitle: Evil\n---\n\nText.\n',
      'papers/evil/series.yaml': 'series: {name: Evil Series}\nplugins:\n  remark: [./run.mjs]\n',
      'papers/evil/run.mjs': `import {writeFileSync} from 'node:fs'\nwriteFileSync(${JSON.stringify(marker)}, 'ran')\nexport default () => () => {}\n`
    })
    for (const command of ['check', 'build']) {
      const result = await offprint([command, ...(command === 'build' ? ['--no-cache', '--to', 'html'] : [])], root)
      expect(result.status, result.stderr).toBe(0)
      expect(result.stderr).toMatch(/papers\/evil\/series\.yaml:1:1: warning: Unexpected `series\.yaml` inside the folder of paper `evil`, expected the series config in the series folder \(papers\/series\.yaml\).*\[series-config-in-paper\]/)
      expect(existsSync(marker)).toBe(false)
    }
    const evil = readFileSync(join(root, 'dist', 'evil.html'), 'utf8')
    expect(evil).toContain('Trusted Series')
    expect(evil).not.toContain('Evil Series')
    expect(existsSync(join(root, 'dist', 'good.html'))).toBe(true)
  })

  it('does not follow a symlinked index.md, and says so; the other papers build', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-leak-'))
    files(root, {
      'outside/secret.md': '---\ntitle: Leaked\n---\n\nSECRET-OUTSIDE-TEXT\n',
      'papers/good.md': '---\ntitle: Good\n---\n\nText.\n'
    })
    mkdirSync(join(root, 'papers', 'leak'))
    symlinkSync(join(root, 'outside', 'secret.md'), join(root, 'papers', 'leak', 'index.md'))
    const result = await offprint(['build', '--no-cache', '--to', 'html'], root)
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/papers\/leak\/index\.md:1:1: warning: Unexpected symlink `index\.md`, expected the paper as a file of its own .*\[paper-symlink\]/)
    expect(readdirSync(join(root, 'dist')).filter((name) => /\.(pdf|epub|html)$/.test(name)).sort()).toEqual(['good.html', 'index.html'])
    // Named on the command line, it is not followed either.
    const named = await offprint(['build', '--no-cache', '--to', 'html', '--out', 'named', 'papers/leak/index.md', 'papers/good.md'], root)
    expect(named.stderr).toContain('[paper-symlink]')
    expect(readdirSync(join(root, 'named'))).toEqual(['good.html'])
    for (const name of readdirSync(join(root, 'dist'))) expect(readFileSync(join(root, 'dist', name), 'utf8')).not.toContain('SECRET')
  })

  it('refuses a plugin by absolute path at its line unless --allow-outside-plugins, and a series.yaml linked to a file elsewhere', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-plugin-path-'))
    const marker = join(root, 'PLUGIN-RAN')
    files(root, {
      'elsewhere/run.mjs': `import {writeFileSync} from 'node:fs'\nwriteFileSync(${JSON.stringify(marker)}, 'ran')\nexport default () => () => {}\n`,
      'papers/series.yaml': `publisher: Someone\nplugins:\n  remark:\n    - ${join(root, 'elsewhere', 'run.mjs')}\n`,
      'papers/good.md': '---\ntitle: Good\n---\n\nText.\n'
    })
    const refused = await offprint(['check'], root)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/papers\/series\.yaml:4:7: error: Unexpected remark plugin `.*run\.mjs` outside the series folder, expected a path relative to series\.yaml .*--allow-outside-plugins.*\[series-path\]/)
    expect(refused.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(marker)).toBe(false)
    const allowed = await offprint(['check', '--allow-outside-plugins'], root)
    expect(allowed.status, allowed.stderr).toBe(0)
    expect(existsSync(marker)).toBe(true)

    const linked = mkdtempSync(join(tmpdir(), 'offprint-linked-config-'))
    files(linked, {'private/notes.yaml': 'token: SECRET-LINE-OF-AN-OUTSIDE-FILE\n  bad: [\n', 'papers/good.md': '---\ntitle: Good\n---\n\nText.\n'})
    symlinkSync(join(linked, 'private', 'notes.yaml'), join(linked, 'papers', 'series.yaml'))
    const result = await offprint(['check'], linked)
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/papers\/series\.yaml:1:1: error: Unexpected `series\.yaml` that links to a file outside the series folder.*\[series-path\]/)
    expect(result.stderr).not.toContain('SECRET')
  })
})

describe('command-line bounds', () => {
  it('refuses a --timeout past what a timer holds as a usage error (exit 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-timeout-'))
    files(root, {'papers/good.md': '---\ntitle: Good\n---\n\nText.\n'})
    for (const value of ['2200000', '0', '1.5', '1e3']) {
      const result = await offprint(['build', '--timeout', value], root)
      expect(result.status, value).toBe(2)
      expect(result.stderr).toContain(`--timeout takes a whole number of seconds from 1 to 2147483, not \`${value}\``)
    }
    expect(existsSync(join(root, 'dist'))).toBe(false)
  })

  it('reports a BibTeX crossref loop at its entries, and the paper still builds', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-crossref-'))
    files(root, {
      'papers/cited/refs.bib': '@book{base, title = {Base}, author = {Ann Author}, year = 2020}\n\n@inbook{a, title = {A}, crossref = {b}}\n@inbook{b, title = {B}, crossref = {a}}\n',
      'papers/cited/index.md': '---\ntitle: Cited\nbibliography: refs.bib\n---\n\nText [@base].\n'
    })
    const result = await offprint(['check'], root)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('papers/cited/refs.bib:3:1: error: Unexpected loop of cross-references (a → b → a)')
    expect(result.stderr).toContain('papers/cited/refs.bib:4:1: error: Unexpected loop of cross-references (b → a → b)')
    expect(result.stderr).toContain('[bibliography-crossref]')
    expect(result.stderr).not.toContain('call stack')
  })
})

describe('the cache, damaged', () => {
  it('reads an entry holding null, or naming /dev/zero, as a miss and builds again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-cache-null-'))
    files(root, {'papers/good.md': '---\ntitle: Good\n---\n\nText.\n'})
    const first = await offprint(['build', '--to', 'html'], root)
    expect(first.status, first.stderr).toBe(0)
    const entries = join(root, '.offprint-cache', 'papers')
    const [name] = readdirSync(entries)
    const entry = JSON.parse(readFileSync(join(entries, name!), 'utf8')) as {inputs: string[]}
    for (const text of ['null', JSON.stringify({...entry, inputs: [...entry.inputs, '/dev/zero']})]) {
      writeFileSync(join(entries, name!), text)
      const again = await offprint(['build', '--to', 'html', '--verbose'], root)
      expect(again.status, again.stderr).toBe(0)
      expect(again.stderr).not.toMatch(/\n\s+at |TypeError/)
      expect(readFileSync(join(root, 'dist', 'good.html'), 'utf8')).toContain('Good')
    }
  }, 60_000)
})

describe('front matter with markup in every field', () => {
  let server: Server
  const requests: string[] = []
  let port = 0
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '')
      response.end('x')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('stays text in the HTML, the PDF’s page, the EPUB (valid), the cover and the catalog; no request leaves the build', async () => {
    const base = `http://127.0.0.1:${port}`
    const payload = (field: string) =>
      JSON.stringify(`${field}</style></title></script>"'><img src=${base}/${field}.png onerror=alert(1)><svg onload=alert(2)><meta http-equiv=refresh content="0;url=${base}/${field}">\\<%= x %>`)
    // A DOI allows no spaces, but markup fits in one.
    const doi = JSON.stringify(`10.5555/x"><svg/onload=fetch('${base}/doi')><meta/http-equiv=refresh/content=0;url=${base}/doi-refresh>`)
    const root = mkdtempSync(join(tmpdir(), 'offprint-markup-'))
    files(root, {
      'papers/series.yaml': `series: {name: ${payload('series-name')}, short: ${payload('series-short')}, url: "${base}/series-url"}\npublisher: ${payload('publisher')}\nlicense: ${payload('license')}\n`,
      'papers/hostile.md': [
        '---',
        `title: ${payload('title')}`,
        `subtitle: ${payload('subtitle')}`,
        'authors:',
        `  - {name: ${payload('author')}, affiliation: ${payload('affiliation')}, email: a@example.org, orcid: 0000-0002-1825-0097}`,
        `keywords: [${payload('keyword')}]`,
        `abstract: ${payload('abstract')}`,
        `doi: ${doi}`,
        'date: 2025-03-28',
        'lang: en-GB',
        '---',
        '',
        'Plain text.',
        ''
      ].join('\n'),
      // Fields with a format: markup in them is an error at the field, and nothing of the paper is written.
      'papers/strict.md': [
        '---',
        'title: Strict',
        `series: {name: S, url: ${payload('url')}}`,
        `authors: [{name: A, email: ${payload('email')}, orcid: ${payload('orcid')}}]`,
        `date: ${payload('date')}`,
        `lang: ${payload('lang')}`,
        '---',
        '',
        'Text.',
        ''
      ].join('\n')
    })
    const result = await offprint(['build', '--no-cache'], root)
    expect(result.status, result.stderr).toBe(1)
    for (const [line, field] of [[3, 'series.url'], [4, 'authors.0.email'], [5, 'date'], [6, 'lang']]) {
      expect(result.stderr).toMatch(new RegExp(`papers/strict\\.md:${line}:\\d+: error: Unexpected .* for \`${field}\`, expected .*\\[front-matter-type\\]`))
    }
    expect(result.stderr).not.toMatch(/\n\s+at /)
    const dist = join(root, 'dist')
    expect(readdirSync(dist).filter((name) => /\.(pdf|epub|html)$/.test(name)).sort()).toEqual(['hostile.epub', 'hostile.html', 'hostile.pdf', 'index.html'])
    // Give any request the browser made time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(requests).toEqual([])

    const html = readFileSync(join(dist, 'hostile.html'), 'utf8')
    expect(injected(html)).toEqual([])
    expect(fromHtml(html).children.length).toBeGreaterThan(0)
    expect(html).toContain('title&#x3C;/style>') // The title is there, as text.
    expect(injected(readFileSync(join(dist, 'index.html'), 'utf8'))).toEqual([])

    const epub = await JSZip.loadAsync(readFileSync(join(dist, 'hostile.epub')))
    for (const entry of Object.values(epub.files)) {
      if (entry.dir || !/\.(xhtml|opf|ncx)$/.test(entry.name)) continue
      expect(injected(await entry.async('string'), /^cover\.(png|jpg)$/), entry.name).toEqual([])
    }
    const report = await epubcheck(join(dist, 'hostile.epub'))
    expect(report.messages.filter((message) => message.severity === 'ERROR' || message.severity === 'FATAL').map((m) => `${m.ID} ${m.message}`)).toEqual([])
  }, 240_000)
})
