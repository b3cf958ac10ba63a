// Offprint installed the way a user gets it, not through the workspace links:
// 1. `npm pack` of every package, installed into an empty project with no
//    PUPPETEER_* variables and a fresh HOME, builds a paper with the installed
//    `offprint` bin (PDF, EPUB, HTML), and a consumer's `tsc` reads only our
//    emitted .d.ts;
// 2. a `git clone` of the repository (committed files only: no dist/, no
//    node_modules), `npm ci`, then `npx offprint --version`.
// Only the npm registry is needed (and npm's cache is used first); Chromium is
// the system one that packages/render-pdf finds on its own.
import {spawnSync, type SpawnSyncReturns} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import semver from 'semver'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {epubcheck, pdfInfo, pdfText, squash} from './helpers/tools.js'

const root = process.cwd()
const work = mkdtempSync(join(tmpdir(), 'offprint-packed-'))
const home = join(work, 'home')
// npm's own settings stay the machine's (its cache, so that packages already
// fetched are not fetched again, and the user's npmrc, e.g. a registry mirror).
const [npmCache, npmUserConfig] = spawnSync('npm', ['config', 'get', 'cache', 'userconfig'], {encoding: 'utf8'}).stdout.trim().split('\n').map((line) => line.replace(/^\w+=/, '').trim())

/** Every workspace package: its folder and manifest. */
const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {workspaces: string[]}).workspaces.flatMap((pattern) => {
  const parent = pattern.replace(/\/\*$/, '')
  return readdirSync(join(root, parent))
    .filter((name) => existsSync(join(root, parent, name, 'package.json')))
    .map((name) => ({dir: `${parent}/${name}`, manifest: JSON.parse(readFileSync(join(root, parent, name, 'package.json'), 'utf8')) as {name: string; version: string}}))
})

/**
 * The environment of a user who set nothing: no PUPPETEER_* (so no browser
 * path and no download switch), none of the npm_* variables `npm test` sets for
 * its children, and a HOME of its own, where a browser download would land
 * (~/.cache/puppeteer).
 */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(PUPPETEER_|npm_)/i.test(key) && key !== 'INIT_CWD' && key !== 'TURBO_TELEMETRY_DISABLED')
  )
  return {...env, HOME: home, npm_config_cache: npmCache, npm_config_userconfig: npmUserConfig, npm_config_update_notifier: 'false'}
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, {cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
}

function ok(result: SpawnSyncReturns<string>): SpawnSyncReturns<string> {
  expect(result.error, String(result.error)).toBeUndefined()
  expect(result.status, `exit ${result.status}\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

beforeAll(() => {
  mkdirSync(home, {recursive: true})
})
afterAll(() => rmSync(work, {recursive: true, force: true}))

describe('the packed packages, installed in an empty project', () => {
  const tarballs = join(work, 'tarballs')
  const project = join(work, 'project')
  const out = join(project, 'out')
  let install: SpawnSyncReturns<string>
  let packed: Array<{name: string; filename: string; files: Array<{path: string}>}>

  beforeAll(() => {
    for (const {dir} of workspaces) {
      expect(existsSync(join(root, dir, 'dist', 'index.js')), `${dir}/dist is missing: run npm test (it builds first)`).toBe(true)
    }
    mkdirSync(tarballs)
    const pack = ok(run('npm', ['pack', '--json', '--pack-destination', tarballs, ...workspaces.flatMap(({dir}) => ['--workspace', dir])], root))
    packed = JSON.parse(pack.stdout) as typeof packed
    mkdirSync(project)
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify(
        {name: 'a-series', private: true, type: 'module', dependencies: Object.fromEntries(packed.map(({name, filename}) => [name, `file:${join(tarballs, filename)}`]))},
        null,
        2
      )
    )
    install = ok(run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project))
    mkdirSync(join(project, 'papers'))
    cpSync(join(root, 'papers', 'series.yaml'), join(project, 'papers', 'series.yaml'))
    cpSync(join(root, 'papers', 'municipal-water-tariffs'), join(project, 'papers', 'municipal-water-tariffs'), {recursive: true})
  }, 600_000)

  it('packs every package, each with its licence, its emitted types and its runtime files', () => {
    expect(packed.map(({name}) => name).sort()).toEqual(workspaces.map(({manifest}) => manifest.name).sort())
    const files = new Map(packed.map(({name, files}) => [name, files.map(({path}) => path)]))
    for (const [name, list] of files) {
      expect(list, name).toContain('LICENSE')
      expect(list, name).toContain('dist/index.js')
      expect(list, name).toContain('dist/index.d.ts')
    }
    expect(files.get('@offprint/render-html')).toEqual(expect.arrayContaining(['theme/print.css', 'theme/epub.css']))
    expect(files.get('@offprint/cite')).toEqual(expect.arrayContaining(['csl/NOTICE.md', 'csl/chicago-notes-bibliography.csl', 'csl/locales-en-GB.xml']))
    expect(files.get('@offprint/render-pdf')).toEqual(expect.arrayContaining(['icc/sRGB.icc', 'icc/NOTICE']))
    expect(files.get('@offprint/parse')).toEqual(expect.arrayContaining(['schema/paper.schema.json', 'schema/series.schema.json']))
    expect(files.get('@offprint/build')).toContain('bin/offprint.js')
  })

  it('installs with no engine warning and no browser download, every @offprint package from our tarballs', () => {
    expect(install.stderr).not.toMatch(/EBADENGINE/)
    expect(existsSync(join(project, 'node_modules', 'puppeteer-core', 'package.json'))).toBe(true)
    expect(existsSync(join(project, 'node_modules', 'puppeteer'))).toBe(false)
    expect(existsSync(join(home, '.cache', 'puppeteer'))).toBe(false)
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {packages: Record<string, {resolved?: string; version?: string}>}
    const ours = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/@offprint\//.test(path))
    expect(ours.map(([path]) => path).sort()).toEqual(workspaces.map(({manifest}) => `node_modules/${manifest.name}`).sort())
    for (const [path, entry] of ours) expect(entry.resolved, path).toMatch(/^file:/)
  })

  it('declares engines every installed dependency honours: the first release of each supported line runs them all', () => {
    const declared = new Set(workspaces.map(({manifest}) => (manifest as {engines?: {node?: string}}).engines?.node))
    expect([...declared]).toEqual(['>=20.19'])
    const firsts = ['20.19.0', '22.0.0', '24.0.0'].filter((version) => semver.satisfies(version, '>=20.19'))
    const wanting: string[] = []
    const visit = (folder: string): void => {
      for (const name of existsSync(folder) ? readdirSync(folder) : []) {
        if (name.startsWith('.')) continue
        if (name.startsWith('@')) {
          visit(join(folder, name))
          continue
        }
        const manifestPath = join(folder, name, 'package.json')
        if (!existsSync(manifestPath)) continue
        const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {name?: string; version?: string; engines?: {node?: unknown}}
        const range = typeof manifest.engines?.node === 'string' ? manifest.engines.node : undefined
        for (const version of firsts) {
          if (range && !semver.satisfies(version, range)) wanting.push(`${manifest.name}@${manifest.version} wants node ${range}, not ${version}`)
        }
        visit(join(folder, name, 'node_modules'))
      }
    }
    visit(join(project, 'node_modules'))
    expect(wanting).toEqual([])
  })

  it('builds a paper with the installed offprint bin: PDF, EPUB and HTML', async () => {
    const build = ok(run('npx', ['--no-install', 'offprint', 'build', 'papers', '--out', out, '--no-cache'], project))
    expect(build.stderr).not.toMatch(/error/i)

    const pdf = join(out, 'municipal-water-tariffs.pdf')
    const info = pdfInfo(pdf)
    expect(info.Title).toBe('Fair Tariffs for Ageing Pipes')
    expect(Number(info.Pages)).toBeGreaterThan(1)
    expect(info.Tagged).toBe('yes')
    const text = squash(pdfText(pdf))
    expect(text).toContain('The renewal gap')
    // A note formatted by citeproc from refs.bib with the shipped CSL style and locale.
    expect(text).toContain('Paying for Pipes: Municipal Water Finance in Twelve Regions')

    const report = await epubcheck(join(out, 'municipal-water-tariffs.epub'))
    expect(report.messages.filter(({severity}) => severity === 'ERROR' || severity === 'FATAL')).toEqual([])
    expect(report.checker.nFatal + report.checker.nError).toBe(0)

    const html = readFileSync(join(out, 'municipal-water-tariffs.html'), 'utf8')
    expect(html).toContain('<title>Fair Tariffs for Ageing Pipes')
    expect(html).toContain('Paying for Pipes: Municipal Water Finance in Twelve Regions')
    // The theme's CSS (render-html's theme/ folder, read at run time), inlined.
    expect(html).toMatch(/--offprint-body-font:\s*"EB Garamond 12"/)
    expect(existsSync(join(out, 'index.html'))).toBe(true)
  }, 300_000)

  it('ships the JSON Schemas an editor can point at', () => {
    for (const name of ['paper', 'series']) {
      const schema = JSON.parse(readFileSync(join(project, 'node_modules', '@offprint', 'parse', 'schema', `${name}.schema.json`), 'utf8')) as Record<string, unknown>
      expect(schema.$schema).toMatch(/json-schema\.org/)
    }
  })

  it("a consumer's tsc reads our emitted .d.ts, never our sources", () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      [
        "import {buildSeries, type BuildOptions} from '@offprint/build'",
        "import {parsePaper} from '@offprint/parse'",
        "import {findChromium} from '@offprint/render-pdf/find'",
        'const options: BuildOptions | undefined = undefined',
        'export const used = [buildSeries, parsePaper, findChromium, options]',
        ''
      ].join('\n')
    )
    // Options stricter than ours (exactOptionalPropertyTypes is off in our own tsconfig).
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noPropertyAccessFromIndexSignature: true,
          skipLibCheck: true,
          noEmit: true
        },
        files: ['consumer.ts']
      })
    )
    const tsc = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--listFiles'], project)
    expect(tsc.status, tsc.stdout).toBe(0)
    const listed = tsc.stdout.split('\n').filter(Boolean)
    expect(listed).toContain(join(project, 'node_modules', '@offprint', 'build', 'dist', 'index.d.ts'))
    expect(listed.filter((file) => file.includes('/@offprint/') && !file.endsWith('.d.ts'))).toEqual([])
  }, 120_000)
})

describe('a fresh clone of the repository', () => {
  const clone = join(work, 'clone')

  it('runs `npx offprint --version` right after npm ci (the bin builds the packages once)', () => {
    // The committed files only: dist/ and node_modules are not in git.
    ok(run('git', ['clone', '--quiet', '--no-hardlinks', root, clone], work))
    expect(existsSync(join(clone, 'apps', 'build', 'dist'))).toBe(false)
    const ci = ok(run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], clone))
    expect(ci.stderr).not.toMatch(/EBADENGINE/)
    expect(ci.stderr).not.toMatch(/install-scripts/)
    expect(existsSync(join(home, '.cache', 'puppeteer'))).toBe(false)

    const first = ok(run('npx', ['offprint', '--version'], clone))
    expect(first.stdout.trim()).toBe((JSON.parse(readFileSync(join(clone, 'apps', 'build', 'package.json'), 'utf8')) as {version: string}).version)
    expect(first.stderr).toContain('building the packages first')
    const second = ok(run('npx', ['offprint', '--version'], clone))
    expect(second.stdout).toBe(first.stdout)
    expect(second.stderr).not.toContain('building')
  }, 900_000)
})
