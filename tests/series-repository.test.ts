// A publications office's own series repository, as `offprint init` makes it:
// the packed packages installed there (no PUPPETEER_* variables, a fresh
// HOME), `offprint doctor`, then every `run:` step of the generated GitHub
// workflows in order, the `uses:` steps stood in for by what they do
// (checkout: the folder is the checkout; setup-node: this Node; cache and
// upload-artifact: their paths must exist afterwards; download-artifact: the
// shards ran in this one folder). Then the artifacts, the report and, on a
// tag, the release's files.
import {spawnSync, type SpawnSyncReturns} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {epubcheck, pdfText, squash} from './helpers/tools.js'

const root = process.cwd()
const work = mkdtempSync(join(tmpdir(), 'offprint-series-repo-'))
const home = join(work, 'home')
const tarballs = join(work, 'tarballs')
const series = join(work, 'harbour-papers')
const bin = join(work, 'bin')
const ghArgs = join(work, 'gh-args')
const [npmCache, npmUserConfig] = spawnSync('npm', ['config', 'get', 'cache', 'userconfig'], {encoding: 'utf8'}).stdout.trim().split('\n').map((line) => line.replace(/^\w+=/, '').trim())

/** A user's environment (no PUPPETEER_*, no npm_* of `npm test`), on a CI runner (CI=true), this Node first on the PATH (setup-node). */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PUPPETEER_|npm_|GITHUB_)/i.test(key) && key !== 'INIT_CWD' && key !== 'SOURCE_DATE_EPOCH'))
  return {
    ...env,
    PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: home,
    CI: 'true',
    npm_config_cache: npmCache,
    npm_config_userconfig: npmUserConfig,
    npm_config_update_notifier: 'false',
    GIT_AUTHOR_NAME: 'Editor',
    GIT_AUTHOR_EMAIL: 'editor@example.org',
    GIT_COMMITTER_NAME: 'Editor',
    GIT_COMMITTER_EMAIL: 'editor@example.org',
    ...extra
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): SpawnSyncReturns<string> {
  return spawnSync(command, args, {cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
}

function ok(result: SpawnSyncReturns<string>): SpawnSyncReturns<string> {
  expect(result.error, String(result.error)).toBeUndefined()
  expect(result.status, `exit ${result.status}\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

interface Step {
  name?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, string>
  env?: Record<string, string>
}
interface Job {
  env?: Record<string, string>
  steps: Step[]
}
interface Workflow {
  env?: Record<string, string>
  on: Record<string, unknown>
  jobs: Record<string, Job>
}

interface Context {
  ref: string
  shard?: number
}

const sha = () => run('git', ['rev-parse', 'HEAD'], series).stdout.trim()

/** `${{ … }}` as GitHub would fill it here; an expression this test does not know fails it. */
function fill(text: string, context: Context): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'matrix.shard' && context.shard !== undefined) return String(context.shard)
    if (expression === 'github.sha') return sha()
    if (expression === 'github.token') return 'a-token'
    if (/^secrets\.\w+$/.test(expression)) return ''
    if (/^hashFiles\(/.test(expression)) return 'hash'
    throw new Error(`Unexpected expression \`${expression}\` in the workflow, expected one this test stands in for`)
  })
}

/** A step's `if:`, for the conditions the workflows use. */
function condition(step: Step, context: Context): boolean {
  if (step.if === undefined) return true
  const expression = step.if.replace(/^\$\{\{\s*|\s*\}\}$/g, '')
  if (expression === '!cancelled()') return true
  if (expression === "startsWith(github.ref, 'refs/tags/')") return context.ref.startsWith('refs/tags/')
  throw new Error(`Unexpected condition \`${step.if}\`, expected one this test stands in for`)
}

/** Paths that must exist once the job has run: the cache's and the artifacts'. */
interface Kept {
  cache: string[]
  artifacts: string[]
  ran: string[]
}

/**
 * Run a job's steps in order in the series folder, as a runner would: bash
 * -eo pipefail, the workflow's, job's and step's env, GITHUB_ENV carried to
 * later steps. `only` picks the steps to run (the rest are skipped).
 */
function runJob(workflow: Workflow, job: Job, context: Context, only: (step: Step) => boolean = () => true): Kept {
  const kept: Kept = {cache: [], artifacts: [], ran: []}
  const githubEnv = join(work, `github-env-${Math.random().toString(36).slice(2)}`)
  writeFileSync(githubEnv, '')
  const carried: Record<string, string> = {}
  for (const step of job.steps) {
    if (!only(step) || !condition(step, context)) continue
    const uses = step.uses?.replace(/@.*/, '')
    if (uses === 'actions/checkout' || uses === 'actions/setup-node' || uses === 'actions/download-artifact') continue
    if (uses === 'actions/cache') kept.cache.push(fill(String(step.with?.path), context))
    else if (uses === 'actions/upload-artifact') kept.artifacts.push(...fill(String(step.with?.path), context).split('\n').map((line) => line.trim()).filter(Boolean))
    else if (uses) throw new Error(`Unexpected action ${step.uses}, expected one this test stands in for`)
    if (!step.run) continue
    const vars = Object.fromEntries(Object.entries({...workflow.env, ...job.env, ...step.env}).map(([key, value]) => [key, fill(String(value), context)]))
    const tag = context.ref.startsWith('refs/tags/') ? context.ref.slice('refs/tags/'.length) : undefined
    const env = userEnv({
      ...vars,
      ...carried,
      GITHUB_ENV: githubEnv,
      GITHUB_SHA: sha(),
      GITHUB_REF: context.ref,
      GITHUB_REF_NAME: tag ?? context.ref.replace(/^refs\/heads\//, ''),
      GH_ARGS: ghArgs
    })
    const script = fill(step.run, context)
    kept.ran.push(script)
    ok(run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], series, env))
    for (const line of readFileSync(githubEnv, 'utf8').split('\n').filter(Boolean)) {
      const at = line.indexOf('=')
      carried[line.slice(0, at)] = line.slice(at + 1)
    }
  }
  return kept
}

function workflow(name: string): Workflow {
  return parse(readFileSync(join(series, '.github', 'workflows', name), 'utf8')) as Workflow
}

function expectKept(kept: Kept): void {
  for (const path of [...kept.cache, ...kept.artifacts]) expect(existsSync(join(series, path)), `${path} after the job`).toBe(true)
}

beforeAll(() => {
  mkdirSync(home)
  mkdirSync(tarballs)
  // A stand-in for the GitHub CLI: it records the release it was asked to make, and fails on a file that is not there.
  mkdirSync(bin)
  writeFileSync(join(bin, 'gh'), '#!/bin/sh\nprintf "%s\\n" "$@" > "$GH_ARGS"\nfor arg; do case "$arg" in dist/*) test -f "$arg" || exit 1;; esac; done\n')
  chmodSync(join(bin, 'gh'), 0o755)
  const workspaces = ['packages', 'apps'].flatMap((parent) => readdirSync(join(root, parent)).map((name) => `${parent}/${name}`)).filter((dir) => existsSync(join(root, dir, 'package.json')))
  for (const dir of workspaces) expect(existsSync(join(root, dir, 'dist', 'index.js')), `${dir}/dist is missing: run npm run build`).toBe(true)
  ok(run('npm', ['pack', '--silent', '--pack-destination', tarballs, ...workspaces.flatMap((dir) => ['--workspace', dir])], root))
}, 600_000)
afterAll(() => rmSync(work, {recursive: true, force: true}))

describe('a series repository made by offprint init', () => {
  it('init writes it into an empty folder; the packed packages install there; the installed init writes the same files', () => {
    ok(run(process.execPath, [join(root, 'apps/build/bin/offprint.js'), 'init', series, '--title', 'Harbour Papers: "Water" #1', '--publisher', 'The Harbourside Institute'], work))
    const written = readdirSync(series, {recursive: true, encoding: 'utf8'}).sort()
    const tgz = readdirSync(tarballs).map((name) => join(tarballs, name))
    ok(run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tgz], series))
    expect(existsSync(join(series, 'node_modules', 'puppeteer'))).toBe(false)
    expect(existsSync(join(home, '.cache', 'puppeteer'))).toBe(false)
    // series.yaml's $schema resolves inside the installed package.
    const schema = /\$schema=(\S+)/.exec(readFileSync(join(series, 'papers', 'series.yaml'), 'utf8'))![1]!
    expect(JSON.parse(readFileSync(join(series, 'papers', schema), 'utf8'))).toMatchObject({$schema: expect.stringMatching(/json-schema\.org/)})
    // The templates and the requirements table ship in @offprint/build.
    const again = join(work, 'again')
    ok(run('npx', ['--no-install', 'offprint', 'init', again, '--title', 'Harbour Papers: "Water" #1', '--publisher', 'The Harbourside Institute'], series))
    expect(readdirSync(again, {recursive: true, encoding: 'utf8'}).sort()).toEqual(written)
    expect(readFileSync(join(again, 'papers', 'series.yaml'), 'utf8')).toBe(readFileSync(join(series, 'papers', 'series.yaml'), 'utf8'))
    ok(run('git', ['init', '--quiet', '--initial-branch=main'], series))
    ok(run('git', ['add', '-A'], series))
    ok(run('git', ['commit', '--quiet', '-m', 'A series of our own'], series))
    // .gitignore keeps node_modules out of the commit.
    expect(run('git', ['ls-files'], series).stdout).not.toContain('node_modules/')
  }, 600_000)

  it('init into the same folder again refuses, naming the files, and changes nothing', () => {
    const before = readFileSync(join(series, 'README.md'), 'utf8')
    const again = run('npx', ['--no-install', 'offprint', 'init', '--title', 'Other'], series)
    expect(again.status).toBe(2)
    expect(again.stderr).toContain('offprint: init would overwrite .github/workflows/papers-sharded.yml, .github/workflows/papers.yml, .gitignore, README.md, package.json, papers/first-paper/figure.svg')
    expect(again.stderr).toContain('nothing was written (--force overwrites them)')
    expect(readFileSync(join(series, 'README.md'), 'utf8')).toBe(before)
  })

  it('offprint doctor: the build can run here', () => {
    const doctor = ok(run('npx', ['--no-install', 'offprint', 'doctor'], series))
    expect(doctor.stdout).toMatch(/^✓ Chromium: .*\d+\.\d+.* started headless$/m)
    expect(doctor.stdout).toContain('(1 paper; languages: en; press edition: no)')
    expect(doctor.stdout).toMatch(/The build can run\.\n$/)
  }, 120_000)

  it('papers.yml: every run step in order builds the series, keeps dist/, report.json and the cache; on a tag it releases the PDFs and EPUBs', async () => {
    const papers = workflow('papers.yml')
    expect(Object.keys(papers.on)).toEqual(expect.arrayContaining(['push', 'pull_request']))
    const job = papers.jobs.build!
    const kept = runJob(papers, job, {ref: 'refs/heads/main'})
    expect(kept.ran).toEqual(['npm ci --no-audit --no-fund', 'npx offprint doctor --install', 'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"', 'npx offprint build --json > report.json'])
    expect(kept.cache).toEqual(['.offprint-cache'])
    expect(kept.artifacts).toEqual(['dist/', 'report.json'])
    expectKept(kept)
    expect(existsSync(ghArgs)).toBe(false)

    const report = JSON.parse(readFileSync(join(series, 'report.json'), 'utf8')) as {papers: Array<{slug: string; status: string; errors: number; warnings: number; artifacts: Array<{format: string; path: string}>}>}
    expect(report.papers.map(({slug, status, errors, warnings}) => ({slug, status, errors, warnings}))).toEqual([{slug: 'first-paper', status: 'built', errors: 0, warnings: 0}])
    expect(report.papers[0]!.artifacts.map(({format}) => format).sort()).toEqual(['epub', 'html', 'pdf'])
    const text = squash(pdfText(join(series, 'dist', 'first-paper.pdf')))
    // The citation, formatted from refs.bib, in a note and in the references; the figure's caption; the table.
    expect(text).toContain('Paying for Pipes: Municipal Water Finance in Twelve Regions')
    expect(text).toContain('References')
    expect(text).toContain('Figure 1. Papers published each year')
    expect(text).toContain('Working paper')
    // The series' name from series.yaml, --title's quotes and colon intact (the running foot).
    expect(text).toContain('Harbour Papers: "Water" #1')
    const epub = await epubcheck(join(series, 'dist', 'first-paper.epub'))
    expect(epub.checker.nFatal + epub.checker.nError).toBe(0)
    expect(existsSync(join(series, 'dist', 'index.html'))).toBe(true)

    // The same commit, tagged: only the tag's steps are new.
    const release = runJob(papers, job, {ref: 'refs/tags/v1.0'}, (step) => step.if?.includes('refs/tags/') === true)
    expect(release.ran).toHaveLength(1)
    const args = readFileSync(ghArgs, 'utf8').split('\n').filter(Boolean)
    expect(args.slice(0, 3)).toEqual(['release', 'create', 'v1.0'])
    expect(args.filter((arg) => arg.startsWith('dist/')).sort()).toEqual(['dist/first-paper.epub', 'dist/first-paper.pdf'])
  }, 600_000)

  it('papers-sharded.yml: four shards, then one catalog and one report for the release', () => {
    rmSync(join(series, 'dist'), {recursive: true, force: true})
    rmSync(join(series, 'report.json'))
    rmSync(ghArgs, {force: true})
    const sharded = workflow('papers-sharded.yml')
    const shard = sharded.jobs.shard!
    const kept: Kept[] = []
    for (const index of [1, 2, 3, 4]) {
      // Every step for the first shard; for the others, the steps that differ by shard (the set-up is the same).
      kept.push(runJob(sharded, shard, {ref: 'refs/tags/v1.0', shard: index}, (step) => index === 1 || JSON.stringify(step).includes('matrix.')))
    }
    expect(kept[0]!.ran).toContain('npx offprint doctor --install')
    expect(kept.map(({ran}) => ran.at(-1))).toEqual([1, 2, 3, 4].map((index) => `npx offprint build --shard ${index}/4 --json > report-${index}.json`))
    for (const each of kept) expectKept(each)
    const merged = runJob(sharded, sharded.jobs.release!, {ref: 'refs/tags/v1.0'})
    expect(merged.ran).toContain('npx offprint catalog --json report-*.json > report.json')
    expectKept(merged)
    const report = JSON.parse(readFileSync(join(series, 'report.json'), 'utf8')) as {papers: Array<{slug: string; status: string}>}
    expect(report.papers.map(({slug, status}) => `${slug} ${status}`)).toEqual(['first-paper built'])
    expect(readFileSync(join(series, 'dist', 'index.html'), 'utf8')).toContain('first-paper.pdf')
    const args = readFileSync(ghArgs, 'utf8').split('\n').filter(Boolean)
    expect(args.filter((arg) => arg.startsWith('dist/')).sort()).toEqual(['dist/first-paper.epub', 'dist/first-paper.pdf'])
  }, 600_000)
})
