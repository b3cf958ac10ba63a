import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findPapers} from '@offprint/build'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')
const server = join(process.cwd(), 'node_modules/.bin/turborepo-remote-cache')

/** A copy of the sample series in a fresh folder: another machine's checkout. */
function checkout(): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-machine-'))
  cpSync('papers', join(folder, 'papers'), {recursive: true})
  return folder
}

function build(folder: string, env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'build', '--json', ...args], {
    cwd: folder,
    encoding: 'utf8',
    env: {...process.env, SOURCE_DATE_EPOCH: '1767225600', ...env}
  })
  const report = JSON.parse(result.stdout) as {papers: Array<{slug: string; cache: string; status: string}>}
  return {status: result.status, stderr: result.stderr, cache: Object.fromEntries(report.papers.map((p) => [p.slug, p.cache]))}
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const {port} = probe.address() as {port: number}
      probe.close(() => resolve(port))
    })
  })
}

describe('sharing rendered papers through a Turborepo remote cache', () => {
  let cacheServer: ChildProcess
  let env: Record<string, string>
  // The server keeps files under the system temp folder (its STORAGE_PATH is relative to it).
  const storage = `offprint-remote-${process.pid}-${Date.now()}`
  beforeAll(async () => {
    const port = await freePort()
    cacheServer = spawn(process.execPath, [server], {
      env: {...process.env, PORT: String(port), HOST: '127.0.0.1', STORAGE_PROVIDER: 'local', STORAGE_PATH: storage, TURBO_TOKEN: 'test-token', LOG_LEVEL: 'warn'},
      stdio: 'ignore'
    })
    env = {TURBO_API: `http://127.0.0.1:${port}`, TURBO_TOKEN: 'test-token', TURBO_TEAM: 'offprint'}
    for (let attempt = 0; attempt < 100; attempt++) {
      const up = await fetch(`${env.TURBO_API}/v8/artifacts/status`, {headers: {Authorization: 'Bearer test-token'}}).then(() => true, () => false)
      if (up) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('the remote cache server did not start')
  }, 30_000)
  afterAll(() => {
    cacheServer?.kill()
    rmSync(join(tmpdir(), storage), {recursive: true, force: true})
  })

  const slugs = ['grid-storage-procurement', 'ja-aging-transport', 'municipal-water-tariffs', 'short-brief', 'short-brief-ja']
  const machineA = checkout()
  const machineB = checkout()
  const machineC = checkout()

  it('machine A renders everything and uploads it', () => {
    const a = build(machineA, env)
    expect(a.status, a.stderr).toBe(0)
    expect(a.cache).toEqual(Object.fromEntries(slugs.map((slug) => [slug, 'rendered'])))
  })

  it('machine B renders nothing: every paper is a remote hit, byte-identical to A', () => {
    const b = build(machineB, env)
    expect(b.status, b.stderr).toBe(0)
    expect(b.cache).toEqual(Object.fromEntries(slugs.map((slug) => [slug, 'remote'])))
    for (const name of readdirSync(join(machineA, 'dist'))) {
      expect(readFileSync(join(machineB, 'dist', name)).equals(readFileSync(join(machineA, 'dist', name))), name).toBe(true)
    }
    // And now B's local cache has them: the next build does not ask the remote.
    expect(build(machineB, env).cache).toEqual(Object.fromEntries(slugs.map((slug) => [slug, 'hit'])))
  })

  it('refuses damaged remote artifacts (each is checked against its hash) and renders instead', () => {
    const folder = join(tmpdir(), storage, 'offprint')
    const objects = readdirSync(folder).filter((name) => !name.startsWith('offprint-entry-'))
    expect(objects.length).toBe(slugs.length * 3)
    for (const name of objects) writeFileSync(join(folder, name), 'damaged')
    const e = build(checkout(), env)
    expect(e.status, e.stderr).toBe(0)
    expect(e.cache).toEqual(Object.fromEntries(slugs.map((slug) => [slug, 'rendered'])))
  })

  it('renders a paper changed on one machine while the others are remote hits', () => {
    // A paper changed on C: its key is new, nothing remote matches, it is rendered and uploaded.
    writeFileSync(join(machineC, 'papers', 'short-brief.md'), readFileSync(join(machineC, 'papers', 'short-brief.md'), 'utf8') + '\nOne more line.\n')
    const c = build(machineC, env)
    expect(c.cache['short-brief']).toBe('rendered')
    expect(c.cache['grid-storage-procurement']).toBe('remote')
  })

  it('with the server stopped, a fresh machine still builds everything, with a warning', () => {
    cacheServer.kill()
    const d = checkout()
    const result = build(d, env)
    expect(result.status).toBe(0)
    expect(result.cache).toEqual(Object.fromEntries(slugs.map((slug) => [slug, 'rendered'])))
    expect(result.stderr).toMatch(/warning: the remote cache cannot be used \(.+\); rendering locally/)
  })
})

describe('a release split over shards', () => {
  it('builds disjoint shards and merges their reports into one catalog', () => {
    const folder = checkout()
    const reports: string[] = []
    const built: string[] = []
    for (const shard of ['1/3', '2/3', '3/3']) {
      const result = spawnSync(process.execPath, [cli, 'build', '--json', '--no-cache', '--shard', shard], {cwd: folder, encoding: 'utf8'})
      expect(result.status, result.stderr).toBe(0)
      const report = JSON.parse(result.stdout) as {papers: Array<{slug: string}>}
      built.push(...report.papers.map((paper) => paper.slug))
      const path = join(folder, `report-${reports.length + 1}.json`)
      writeFileSync(path, result.stdout)
      reports.push(path)
      expect(existsSync(join(folder, 'dist', 'index.html'))).toBe(false)
    }
    // Every sample paper exactly once, counted from the folder: adding a paper breaks nothing.
    const samples = findPapers(join(folder, 'papers')).map((paper) => paper.slug)
    expect(samples).toEqual(expect.arrayContaining(['grid-storage-procurement', 'ja-aging-transport', 'municipal-water-tariffs', 'short-brief']))
    expect(built.sort()).toEqual(samples.sort())
    const merged = spawnSync(process.execPath, [cli, 'catalog', '--json', ...reports], {cwd: folder, encoding: 'utf8'})
    expect(merged.status, merged.stderr).toBe(0)
    expect((JSON.parse(merged.stdout) as {summary: {built: number}}).summary.built).toBe(samples.length)
    const catalog = readFileSync(join(folder, 'dist', 'index.html'), 'utf8')
    for (const title of ['Fair Tariffs for Ageing Pipes', 'Open Doors, Open Networks']) expect(catalog).toContain(title)
  })
})
