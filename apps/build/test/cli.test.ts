import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {findPapers, run, slugOf} from '@offprint/build'

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = ''
  let stderr = ''
  const code = await run(args, {stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, version: '9.9.9'})
  return {code, stdout, stderr}
}

function series(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-cli-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), {recursive: true})
    writeFileSync(join(folder, name), text)
  }
  return folder
}

describe('offprint CLI', () => {
  it('documents itself and exits 0 for --help and --version', async () => {
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('offprint build [paths…] [options]')
    expect(help.stdout).toContain('Exit status:')
    expect((await cli(['--version'])).stdout).toBe('9.9.9\n')
    expect(help.stdout).toMatch(/^ {2}70 an internal error/m)
  })

  it('refuses a path that does not exist as a usage error (exit 2), with no catalog written', async () => {
    const folder = series({'papers/a.md': '---\ntitle: A\n---\n\nText.\n'})
    const result = await cli(['build', 'papers/typo.md'], folder)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^offprint: no such file or folder: papers\/typo\.md$/m)
    expect(result.stderr).not.toMatch(/warning/)
  })

  it('is linked by npm before anything is built: the bin is a committed file outside dist/', async () => {
    const {readFileSync, existsSync} = await import('node:fs')
    const manifest = JSON.parse(readFileSync(join(process.cwd(), 'apps/build/package.json'), 'utf8')) as {bin: Record<string, string>; files: string[]}
    expect(manifest.bin.offprint).toBe('./bin/offprint.js')
    expect(existsSync(join(process.cwd(), 'apps/build/bin/offprint.js'))).toBe(true)
    expect(manifest.files).toContain('bin')
    const {execFileSync} = await import('node:child_process')
    expect(execFileSync(join(process.cwd(), 'node_modules/.bin/offprint'), ['--version'], {encoding: 'utf8'})).toMatch(/^\d+\.\d+\.\d+\n$/)
  })

  it('exits 2 on usage errors, saying what was wrong', async () => {
    expect(await cli(['frobnicate'])).toMatchObject({code: 2, stderr: expect.stringContaining('unknown command `frobnicate`, expected build, check, catalog, dev, init, doctor, crossref or import')})
    expect(await cli(['build', '--bogus'])).toMatchObject({code: 2, stderr: expect.stringContaining("Unknown option '--bogus'")})
    expect(await cli([])).toMatchObject({code: 2, stderr: expect.stringContaining('missing command')})
    expect(await cli(['build', '-j', 'zero', 'x.md'])).toMatchObject({code: 2, stderr: expect.stringContaining('--concurrency takes a whole number')})
    const empty = series({'notes.txt': 'no papers'})
    expect(await cli(['build', empty])).toMatchObject({code: 2, stderr: expect.stringContaining('no papers in')})
  })

  it('check reports file:line:column, rule and severity, and exits 1 on errors', async () => {
    const folder = series({
      'good.md': '---\ntitle: Good\n---\n\nText[^a].\n\n[^a]: A.\n',
      'bad.md': '---\ntitle: Bad\ndate: 28/03/2025\n---\n\nText [^missing].\n'
    })
    const result = await cli(['check', folder], folder)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('bad.md:3:1: error: Unexpected `28/03/2025` for `date`, expected a date as YYYY-MM-DD [front-matter-type]')
    expect(result.stderr).toContain('bad.md:6:6: error: Unexpected reference to undefined note `[^missing]`')
    expect(result.stdout).toContain('2 checked: 2 errors, 0 warnings; 1 paper would not build')
  })

  it('check --strict makes warnings fatal', async () => {
    const folder = series({'warn.md': '---\ntitle: W\nlayout: post\n---\n\nText.\n'})
    expect((await cli(['check', folder], folder)).code).toBe(0)
    expect((await cli(['check', '--strict', folder], folder)).code).toBe(1)
  })

  it('counts a series.yaml warning in the summary, under --strict and in --json', async () => {
    const folder = series({'papers/a.md': '---\ntitle: A\n---\n\nText.\n', 'papers/series.yaml': 'publsher: The Institute\n'})
    const plain = await cli(['check'], folder)
    expect(plain.code).toBe(0)
    expect(plain.stderr).toMatch(/papers\/series\.yaml:1:1: warning: Unexpected unknown field `publsher` \(did you mean `publisher`\?\)/m)
    expect(plain.stdout).toBe('1 checked: 0 errors, 1 warning\n')
    const strict = await cli(['check', '--strict', '--json'], folder)
    expect(strict.code).not.toBe(0)
    expect(strict.stderr).toMatch(/series config \S*papers\/series\.yaml has warnings, which --strict makes errors/)
    const report = JSON.parse(strict.stdout)
    expect(report.configs).toEqual([
      expect.objectContaining({path: expect.stringMatching(/papers\/series\.yaml$/), errors: 0, warnings: 1, messages: [expect.objectContaining({line: 1, column: 1, severity: 'warning', ruleId: 'front-matter-unknown'})]})
    ])
    const json = JSON.parse((await cli(['check', '--json'], folder)).stdout)
    expect(json.configs[0].warnings).toBe(1)
    expect(json.papers).toHaveLength(1)
  })

  it('finds papers as files and folders with index.md, named by slug', () => {
    const folder = series({'a.md': '# A', 'b/index.md': '# B', 'README.md': '# no', 'c/notes.md': '# not a paper'})
    expect(findPapers(folder).map((p) => p.slug)).toEqual(['a', 'b'])
    expect(slugOf('/x/papers/grid/index.md')).toBe('grid')
    expect(slugOf('papers/brief.md')).toBe('brief')
  })
})
