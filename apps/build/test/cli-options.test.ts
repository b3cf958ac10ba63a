import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {run} from '@offprint/build'
import {makePng} from './helpers/png.js'

// Every test spawns the CLI or builds a paper: seconds each on a busy machine.
vi.setConfig({testTimeout: 60_000})

const cli = resolve('apps/build/dist/cli.js')
const parity = resolve('apps/build/test/fixtures/parity')

async function cli1(args: string[], cwd = process.cwd(), extra: {readStdin?: () => Promise<string>} = {}) {
  let stdout = ''
  let stderr = ''
  const code = await run(args, {stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, version: '9.9.9', ...extra})
  return {code, stdout, stderr}
}

function series(files: Record<string, string | Buffer>): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-options-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), {recursive: true})
    writeFileSync(join(folder, name), text)
  }
  return folder
}

function spawnCli(args: string[], options: {cwd?: string; input?: string; env?: Record<string, string | undefined>} = {}) {
  return spawnSync(process.execPath, [cli, ...args], {cwd: options.cwd, input: options.input, encoding: 'utf8', env: {...process.env, CI: 'true', ...options.env}})
}

const paper = (title: string, body = 'Text.') => `---\ntitle: ${title}\n---\n\n${body}\n`

describe('unknown options and usage errors (exit 2)', () => {
  it('say our own line with a did-you-mean, then the usage line of the command', async () => {
    const result = await cli1(['build', '--jsn'])
    expect(result.code).toBe(2)
    expect(result.stderr.split('\n').slice(0, 2)).toEqual(["offprint: Unknown option '--jsn', did you mean --json?", 'Usage: offprint build [paths… | -] [options]'])
    const check = await cli1(['check', '--stric', 'x.md'])
    expect(check).toMatchObject({code: 2, stderr: expect.stringMatching(/^offprint: Unknown option '--stric', did you mean --strict\?\nUsage: offprint check /)})
    // Nothing close: no suggestion, still one line and the usage.
    expect((await cli1(['dev', '--zzzzzzzz'])).stderr).toMatch(/^offprint: Unknown option '--zzzzzzzz'\nUsage: offprint dev /)
    expect(await cli1(['build', '--to'])).toMatchObject({code: 2, stderr: expect.stringContaining('offprint: option --to <formats> needs a value')})
  })

  it('gives each status its documented meaning: 0 built, 1 a paper with errors, 2 usage', async () => {
    const folder = series({'good.md': paper('Good'), 'bad.md': paper('Bad', 'Text [^missing].')})
    expect((await cli1(['build', '--to', 'html', '--no-cache', 'good.md'], folder)).code).toBe(0)
    expect((await cli1(['build', '--to', 'html', '--no-cache', 'bad.md'], folder)).code).toBe(1)
    expect((await cli1(['check', 'good.md'], folder)).code).toBe(0)
    expect((await cli1(['check', 'bad.md'], folder)).code).toBe(1)
    for (const args of [['build', '--to', 'docx', 'good.md'], ['build', '-o', 'x.pdf', folder], ['build', '--to', 'epub', '-o', 'x.pdf', 'good.md'], ['build', 'nope.md'], ['build', '-q', '--verbose', 'good.md']]) {
      expect((await cli1(args, folder)).code, args.join(' ')).toBe(2)
    }
    expect((await cli1(['--help'])).code).toBe(0)
  })
})

describe('--to and -o', () => {
  it('--to html writes the HTML page alone, and an invalid format is a usage error', async () => {
    const folder = series({'a.md': paper('Only HTML')})
    const result = await cli1(['build', '--to', 'html', '--no-cache', '--out', 'out', 'a.md'], folder)
    expect(result.code, result.stderr).toBe(0)
    expect(readdirSync(join(folder, 'out')).sort()).toEqual(['a.html'])
    const wrong = await cli1(['build', '--to', 'pdf,docx', 'a.md'], folder)
    expect(wrong).toMatchObject({code: 2, stderr: expect.stringContaining('--to takes pdf, epub and html, comma-separated, not `pdf,docx`')})
  })

  it('-o paper.pdf names the file of a single paper, and asks for that format alone', async () => {
    const folder = series({'papers/brief.md': paper('Named Output', 'A sentence only the named PDF holds.')})
    const result = await cli1(['build', '--no-cache', '-o', 'print/final.pdf', 'papers/brief.md'], folder)
    expect(result.code, result.stderr).toBe(0)
    expect(readdirSync(join(folder, 'print'))).toEqual(['final.pdf'])
    expect(execFileSync('pdftotext', [join(folder, 'print/final.pdf'), '-'], {encoding: 'utf8'})).toContain('A sentence only the named PDF holds.')
    expect(result.stdout).toMatch(/^✓ final {2}pdf \d+ kB 1 pp/m)
  }, 120_000)

  it('-o with several formats names the stem: one file per format, beside each other', async () => {
    const folder = series({'a.md': paper('Stem')})
    const result = await cli1(['build', '--no-cache', '--to', 'html', '-o', 'out/report.html', 'a.md'], folder)
    expect(result.code, result.stderr).toBe(0)
    expect(readdirSync(join(folder, 'out'))).toEqual(['report.html'])
    expect(readFileSync(join(folder, 'out/report.html'), 'utf8')).toContain('<title>Stem</title>')
    // A file name for several papers cannot be honoured.
    const two = series({'a.md': paper('A'), 'b.md': paper('B')})
    expect(await cli1(['build', '-o', 'x.html', two], two)).toMatchObject({code: 2, stderr: expect.stringContaining('-o x.html names one file, but there are 2 papers')})
  })
})

describe('offprint build - (a paper on stdin)', () => {
  it('reads the paper from stdin, with images relative to the working folder, and names it <stdin> in messages', () => {
    const folder = series({'figures/dot.png': makePng(4, 4)})
    const text = '---\ntitle: Piped\n---\n\n![A dot](figures/dot.png "A dot")\n\nSee [here](/relative).\n'
    const result = spawnCli(['build', '-', '--to', 'html', '-o', 'piped.html'], {cwd: folder, input: text})
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).toContain('<stdin>:7:5: warning: Unexpected relative link `/relative`, expected an absolute URL (the link is dropped) [link-relative]')
    const html = readFileSync(join(folder, 'piped.html'), 'utf8')
    expect(html).toContain('<title>Piped</title>')
    expect(html).toMatch(/<img[^>]+src="data:image\/png;base64,/)
    // No catalog and no cache entry for a paper without a file.
    expect(existsSync(join(folder, 'index.html'))).toBe(false)
    expect(existsSync(join(folder, '.offprint-cache'))).toBe(false)
    const checked = spawnCli(['check', '-'], {cwd: folder, input: '---\ntitle: T\n---\n\nText [^x].\n'})
    expect(checked.status).toBe(1)
    expect(checked.stderr).toMatch(/^<stdin>:5:6: error: Unexpected reference to undefined note/m)
    expect(spawnCli(['build', '-', 'a.md'], {cwd: folder, input: ''}).stderr).toContain('`-` (a paper on stdin) cannot be mixed with other paths')
  })
})

describe('--quiet and --verbose', () => {
  const files = {'warn.md': paper('Warn', '[x](/relative)'), 'bad.md': paper('Bad', 'Text [^missing].')}

  it('--quiet prints errors only: no warnings, no per-paper lines, no summary', async () => {
    const folder = series(files)
    const result = await cli1(['check', '--quiet', folder], folder)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/(^|\/)bad\.md:5:6: error: Unexpected reference to undefined note .*\[note-undefined\]$/)])
    const built = await cli1(['build', '-q', '--to', 'html', '--no-cache', '--out', 'out', 'warn.md'], folder)
    expect(built).toMatchObject({code: 0, stdout: '', stderr: ''})
  })

  it('--verbose says where each paper came from and each file it left', async () => {
    const folder = series(files)
    const result = await cli1(['build', '--verbose', '--to', 'html', '--no-cache', '--out', 'out', 'warn.md'], folder)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('offprint: paper warn ← warn.md')
    expect(result.stderr).toContain('offprint: 1 paper → out/ as html; cache off')
    expect(result.stderr).toMatch(/^offprint: {3}out\/warn\.html {2}\d+ bytes$/m)
    expect(result.stderr).toContain('warn.md:5:1: warning: Unexpected relative link `/relative`')
    expect(result.stdout).toMatch(/^✓ warn {2}html/m)
  })
})

describe('colour and code frames', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0
  const escape = '\x1b['
  // `script` gives the CLI a real terminal (a pty) and copies what it shows.
  const onTerminal = (folder: string, env: Record<string, string | undefined>) =>
    spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} check bad.md`, '/dev/null'], {cwd: folder, encoding: 'utf8', env: {...process.env, CI: 'true', NO_COLOR: undefined, TERM: 'xterm-256color', ...env}}).stdout.replace(/\r/g, '')
  const folder = series({'bad.md': paper('Bad', 'Text [^missing].')})

  it.skipIf(!hasScript)('colours the severity and frames the source line under each error on a terminal', () => {
    const shown = onTerminal(folder, {})
    expect(shown).toContain(`bad.md:5:6: ${escape}31merror${escape}39m: Unexpected reference to undefined note`)
    expect(shown).toContain('  > 5 | Text [^missing].')
    expect(shown).toContain(`      |      ${escape}31m^${escape}39m`)
  })

  it.skipIf(!hasScript)('writes no escape code with NO_COLOR or TERM=dumb, and keeps the frame', () => {
    for (const env of [{NO_COLOR: '1'}, {TERM: 'dumb'}]) {
      const shown = onTerminal(folder, env)
      expect(shown, JSON.stringify(env)).not.toContain('\x1b')
      expect(shown).toContain('bad.md:5:6: error: Unexpected reference to undefined note')
      expect(shown).toContain('  > 5 | Text [^missing].\n      |      ^\n')
    }
  })

  it('prints plain compiler lines, with no frame, when stderr is not a terminal', () => {
    const result = spawnCli(['check', 'bad.md'], {cwd: folder, env: {NO_COLOR: undefined}})
    expect(result.stderr).not.toContain('\x1b')
    expect(result.stderr).not.toContain('> 5 |')
    expect(result.stderr).toMatch(/^bad\.md:5:6: error: Unexpected reference to undefined note .*\[note-undefined\]$/m)
  })
})

describe('errors point at the right file and line', () => {
  it('bibliography-missing at the `bibliography:` key (or its list item), a broken .bib at its own line', async () => {
    const folder = series({
      'gone.md': '---\ntitle: Gone\nlang: en\nbibliography: nope.bib\n---\n\nText.\n',
      'list.md': '---\ntitle: List\nbibliography:\n  - refs.bib\n  - missing.bib\n---\n\nText.\n',
      'broken.md': '---\ntitle: Broken\nbibliography: broken.bib\n---\n\nText.\n',
      'refs.bib': '@book{a, title = {A}, author = {Doe, J.}, year = {2020}}\n',
      'broken.bib': '@book{b,\n  title = {B},\n\n  author = {Doe, J.\n  year = 2020\n'
    })
    const {stderr} = await cli1(['check', folder], folder)
    expect(stderr).toMatch(/^.*gone\.md:4:1: error: Unexpected missing bibliography `nope\.bib`.*\[bibliography-missing\]$/m)
    expect(stderr).toMatch(/^.*list\.md:5:5: error: Unexpected missing bibliography `missing\.bib`.*\[bibliography-missing\]$/m)
    expect(stderr).toMatch(/^.*broken\.bib:6:1: error: Unexpected BibTeX syntax.*\[bibliography-parse\]$/m)
    expect(stderr).not.toMatch(/:1:1: error/)
  })
})

interface Message {
  file: string
  line: number
  column: number
  severity: string
  ruleId: string
  reason: string
}
type Report = {papers: Array<{path: string; status: string; messages: Message[]}>}

/** Each paper's messages, by path, from a --json report. */
function messagesOf(stdout: string): Record<string, Message[]> {
  const report = JSON.parse(stdout) as Report
  return Object.fromEntries(report.papers.map((paper) => [paper.path, paper.messages]))
}

describe('check reports exactly what build reports', () => {
  it('on papers with every rule of the paper and its bibliography, including links and math (a full build)', () => {
    const out = mkdtempSync(join(tmpdir(), 'offprint-parity-'))
    const checked = spawnCli(['check', '--json', parity])
    const built = spawnCli(['build', '--json', '--no-cache', '--out', out, parity])
    expect([checked.status, built.status]).toEqual([1, 1])
    const fromCheck = messagesOf(checked.stdout)
    expect(messagesOf(built.stdout)).toEqual(fromCheck)
    const rules = new Set(Object.values(fromCheck).flat().map((message) => message.ruleId))
    for (const rule of ['link-relative', 'link-fragment', 'math-invalid', 'bibliography-missing', 'bibliography-parse', 'citation-unknown-key']) expect(rules).toContain(rule)
    // The paper that had only warnings was rendered, and still says them.
    expect(existsSync(join(out, 'links-and-math.pdf'))).toBe(true)
    // The same lines for people too (build prints papers as they finish: compared in order).
    const lines = (text: string) => text.split('\n').filter((line) => /: (error|warning): /.test(line)).sort()
    expect(lines(built.stderr)).toEqual(lines(checked.stderr))
    // A warning repeated in a paper is one line with a count (the --json report keeps each).
    expect(lines(checked.stderr).length).toBeGreaterThanOrEqual(8)
  }, 180_000)

  it('on every diagnostics fixture (the HTML build: the messages come before any format)', () => {
    const out = mkdtempSync(join(tmpdir(), 'offprint-parity-'))
    const fixtures = resolve('tests/fixtures/diagnostics')
    const checked = messagesOf(spawnCli(['check', '--json', fixtures]).stdout)
    const built = messagesOf(spawnCli(['build', '--json', '--to', 'html', '--no-cache', '--out', out, fixtures]).stdout)
    expect(Object.keys(checked).length).toBeGreaterThanOrEqual(17)
    expect(built).toEqual(checked)
  }, 120_000)
})
