import {spawn} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

// Hostile or careless papers that would crash or hold the build: nesting too
// deep for any recursive step, markdown that takes the parser minutes, a
// hundred thousand notes, a word of 80 000 letters; a signal in the middle
// of such a paper; a browser that never answers its launch. Each fails that
// paper alone, in our words, and the process always exits in time.

const cli = join(process.cwd(), 'apps/build/dist/cli.js')
/** The paper time limit given to the builds here, in seconds. */
const limit = 20

const good = '---\ntitle: Good\n---\n\nA good paper, built beside the bad ones.\n'

function series(papers: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-runaway-'))
  mkdirSync(join(folder, 'papers'))
  for (const [name, text] of Object.entries(papers)) writeFileSync(join(folder, 'papers', `${name}.md`), text)
  return folder
}

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
  /** Processes the CLI started (the browser's among them), seen while it ran. */
  children: Set<number>
}

/** Run the CLI; `stop` sends it SIGTERM that many ms after it starts. */
function cli_(folder: string, args: string[], options: {env?: Record<string, string>; stop?: number; command?: 'build' | 'check'} = {}): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now()
    const command = options.command === 'check' ? ['check'] : ['build', '--no-cache']
    const child = spawn(process.execPath, [cli, ...command, ...args], {cwd: folder, env: {...process.env, CI: 'true', ...options.env}})
    let stdout = ''
    let stderr = ''
    const children = new Set<number>()
    const watch = setInterval(() => descendants(child.pid!, children), 200)
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    if (options.stop) setTimeout(() => child.kill('SIGTERM'), options.stop)
    child.on('exit', (code, signal) => {
      clearInterval(watch)
      resolve({code, signal, stdout, stderr, ms: performance.now() - started, children})
    })
  })
}

/** Add every process under `pid` to `into`. */
function descendants(pid: number, into: Set<number>): void {
  const parents = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      parents.set(Number(name), Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]))
    } catch {
      // gone meanwhile
    }
  }
  const under = new Set([pid])
  for (let grew = true; grew; ) {
    grew = false
    for (const [child, parent] of parents) if (under.has(parent) && !under.has(child)) (under.add(child), into.add(child), (grew = true))
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

function expectNoStackTrace(run: Run): void {
  expect(run.stderr, run.stderr).not.toMatch(/^\s+at /m)
  expect(run.stderr).not.toMatch(/internal error|RangeError|Maximum call stack/)
}

function expectGoodBuilt(folder: string): void {
  for (const extension of ['pdf', 'epub', 'html']) expect(existsSync(join(folder, 'dist', `good.${extension}`)), `good.${extension}`).toBe(true)
  expect(readFileSync(join(folder, 'dist', 'good.pdf')).subarray(-8).toString('latin1')).toMatch(/%%EOF\s*$/)
}

/** Staging folders and locks left in or beside dist/. */
function leftovers(folder: string): string[] {
  const beside = readdirSync(folder).filter((name) => /offprint-(staging|lock)/.test(name))
  const inside = existsSync(join(folder, 'dist')) ? readdirSync(join(folder, 'dist')).filter((name) => /offprint-(staging|lock|probe)|\.tmp$/.test(name)) : []
  return [...beside, ...inside]
}

describe('a series with runaway papers beside a good one', () => {
  it('fails each bad paper alone, with a position or a time-out in our words, and exits in time', async () => {
    const folder = series({
      good,
      // 2,000 nested <div>: the HTML parser's tree conversion recursed once per level.
      divs: `---\ntitle: Divs\n---\n\nText.\n\n${'<div>'.repeat(2000)}x${'</div>'.repeat(2000)}\n`,
      // 6,000 nested block quotes: GFM's autolink pass recursed once per level, before any tree check.
      quotes: `---\ntitle: Quotes\n---\n\n${'>'.repeat(6000)} deep\n`,
      // Lists nested by bullets on one line.
      lists: `---\ntitle: Lists\n---\n\n${'- '.repeat(3000)}item\n`,
      // 40,000 × `*_`: minutes in the parser's emphasis matching.
      emphasis: `---\ntitle: Emphasis\n---\n\n${'*_'.repeat(40_000)}\n`,
      // 100,000 inline notes in one paragraph.
      notes: `---\ntitle: Notes\n---\n\n${Array.from({length: 100_000}, () => 'a^[x]').join(' ')}\n`
    })
    const run = await cli_(folder, ['-j', '2', '--timeout', String(limit)])
    expect(run.code, run.stderr).toBe(1)
    expectNoStackTrace(run)
    expect(run.stderr).toMatch(/papers\/divs\.md:7:\d+: error: Unexpected nesting 49 levels deep, expected at most 48 .*\[input-too-deep\]/)
    expect(run.stderr).toMatch(/papers\/quotes\.md:5:50: error: Unexpected nesting 49 levels deep.*\[input-too-deep\]/)
    expect(run.stderr).toMatch(/papers\/lists\.md:5:\d+: error: Unexpected nesting 49 levels deep.*\[input-too-deep\]/)
    expect(run.stderr).toMatch(new RegExp(`papers/emphasis\\.md:1:1: error: Unexpected paper still being read after ${limit} s .*\\[paper-timeout\\]`))
    // 100k notes either build or stop at the limit; never a crash.
    expect(run.stdout + run.stderr).toMatch(/✓ notes|papers\/notes\.md:1:1: error: Unexpected paper still being read/)
    expect(run.stdout).toMatch(/✓ good/)
    expectGoodBuilt(folder)
    for (const bad of ['divs', 'quotes', 'lists', 'emphasis']) expect(existsSync(join(folder, 'dist', `${bad}.pdf`)), bad).toBe(false)
    // Two at a time: the runaway ones run side by side and stop at the limit; the good one renders meanwhile.
    expect(run.ms).toBeLessThan((2 * limit + 30) * 1000)
    expect(leftovers(folder)).toEqual([])
  }, 180_000)
})

describe('offprint check on a runaway paper', () => {
  it('is bounded by --timeout as a build is: the paper times out in our words, the good one is checked', async () => {
    const folder = series({good, runaway: '---\ntitle: Runaway\n---\n\n' + '*_'.repeat(40_000) + '\n'})
    const run = await cli_(folder, ['--timeout', '5', 'papers'], {command: 'check'})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/runaway\.md:1:1: error: Unexpected paper still being read after 5 s .*\[paper-timeout\]/)
    expect(run.stdout).toMatch(/^2 checked: 1 error/m)
    expectNoStackTrace(run)
    expect(run.ms).toBeLessThan(5_000 + 15_000)
  }, 60_000)
})

describe('SIGTERM during a runaway parse', () => {
  it('stops the build within 5 s: exit 143, no process left behind, nothing half-written', async () => {
    const folder = series({good, emphasis: `---\ntitle: Emphasis\n---\n\n${'*_'.repeat(40_000)}\n`})
    const stopAfter = 6000
    const run = await cli_(folder, ['-j', '2', '--timeout', '300'], {stop: stopAfter})
    expect(run.signal === 'SIGTERM' || run.code === 143, `${run.code} ${run.signal}`).toBe(true)
    expect(run.ms - stopAfter).toBeLessThan(5000)
    expect(run.stderr).toMatch(/stopped by SIGTERM/)
    expectNoStackTrace(run)
    // Whatever the build had started (the browser and its helpers) is gone with it.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect([...run.children].filter(alive)).toEqual([])
    expect(leftovers(folder)).toEqual([])
    for (const name of existsSync(join(folder, 'dist')) ? readdirSync(join(folder, 'dist')) : []) {
      if (name.endsWith('.pdf')) expect(readFileSync(join(folder, 'dist', name)).subarray(-8).toString('latin1'), name).toMatch(/%%EOF\s*$/)
    }
  }, 60_000)
})

describe('a browser that never answers its launch', () => {
  it('fails the papers that need it with a clear error, and the process exits', async () => {
    const folder = series({good})
    const bin = join(folder, 'bin')
    mkdirSync(bin)
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\nsleep 600\n')
    chmodSync(join(bin, 'chromium'), 0o755)
    const timeout = 5
    const run = await cli_(folder, ['--timeout', String(timeout)], {env: {PUPPETEER_EXECUTABLE_PATH: join(bin, 'chromium')}})
    expect(run.code, run.stderr).toBe(1)
    expectNoStackTrace(run)
    expect(run.stderr).toMatch(new RegExp(`papers/good\\.md:1:1: error: Unexpected failure while rendering \\(the browser did not answer within ${timeout} s of its launch\\)`))
    expect(run.ms).toBeLessThan((timeout + 15) * 1000)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect([...run.children].filter(alive)).toEqual([])
    expect(leftovers(folder)).toEqual([])
  }, 60_000)
})
