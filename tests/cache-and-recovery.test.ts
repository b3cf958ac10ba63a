import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {buildSeries, findPapers} from '@offprint/build'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

function series(): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-cache-'))
  mkdirSync(join(folder, 'papers', 'b'), {recursive: true})
  writeFileSync(join(folder, 'papers', 'a.md'), '---\ntitle: Paper A\n---\n\nText[^1].\n\n[^1]: Note.\n')
  writeFileSync(join(folder, 'papers', 'b', 'index.md'), '---\ntitle: Paper B\n---\n\n![A square](sq.svg)\n')
  writeFileSync(join(folder, 'papers', 'b', 'sq.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
  return folder
}

function build(folder: string): Record<string, string> {
  const result = spawnSync(process.execPath, [cli, 'build', '--json'], {cwd: folder, encoding: 'utf8'})
  expect(result.status, result.stderr).toBe(0)
  const report = JSON.parse(result.stdout) as {papers: Array<{slug: string; cache: string}>}
  return Object.fromEntries(report.papers.map((paper) => [paper.slug, paper.cache]))
}

describe('the per-paper cache', () => {
  const folder = series()

  it('renders everything once, then nothing when nothing changed', () => {
    expect(build(folder)).toEqual({a: 'rendered', b: 'rendered'})
    const before = statSync(join(folder, 'dist', 'a.pdf')).mtimeMs
    expect(build(folder)).toEqual({a: 'hit', b: 'hit'})
    expect(statSync(join(folder, 'dist', 'a.pdf')).mtimeMs).toBe(before)
  })

  it('renders again only the paper whose text or image changed', () => {
    writeFileSync(join(folder, 'papers', 'a.md'), '---\ntitle: Paper A, revised\n---\n\nText[^1].\n\n[^1]: Note.\n')
    expect(build(folder)).toEqual({a: 'rendered', b: 'hit'})
    expect(readFileSync(join(folder, 'dist', 'a.html'), 'utf8')).toContain('Paper A, revised')
    writeFileSync(join(folder, 'papers', 'b', 'sq.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"/>')
    expect(build(folder)).toEqual({a: 'hit', b: 'rendered'})
  })

  it('renders every paper a new series config governs', () => {
    writeFileSync(join(folder, 'papers', 'series.yaml'), 'publisher: The Harbourside Institute\n')
    expect(build(folder)).toEqual({a: 'rendered', b: 'rendered'})
  })

  it('restores a deleted or damaged artifact from the cache without rendering', () => {
    rmSync(join(folder, 'dist', 'a.epub'))
    writeFileSync(join(folder, 'dist', 'b.pdf'), 'damaged')
    expect(build(folder)).toEqual({a: 'hit', b: 'hit'})
    expect(existsSync(join(folder, 'dist', 'a.epub'))).toBe(true)
    expect(readFileSync(join(folder, 'dist', 'b.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  })
})

describe('a browser that dies mid-series', () => {
  it('is relaunched and every paper still builds', async () => {
    const folder = series()
    writeFileSync(join(folder, 'papers', 'c.md'), '---\ntitle: Paper C\n---\n\nMore.\n')
    let started = 0
    let killed = false
    let browserProcess: {kill(signal: string): boolean} | null = null
    const result = await buildSeries(findPapers(join(folder, 'papers')), {
      out: join(folder, 'dist'),
      cache: false,
      concurrency: 1,
      onBrowser: (browser) => {
        browserProcess = browser.process()
      },
      onStart: () => {
        // Kill the browser as the second paper starts.
        if (++started === 2 && browserProcess) killed = browserProcess.kill('SIGKILL')
      }
    })
    expect(killed).toBe(true)
    expect(result.papers.map((paper) => paper.status)).toEqual(['built', 'built', 'built'])
    expect(result.browserLaunches).toBe(2)
  })

  it('a paper that hangs the renderer it has to itself times out once and fails; the papers after it build in a new browser', async () => {
    const folder = series()
    writeFileSync(join(folder, 'papers', 'c.md'), '---\ntitle: Paper C\n---\n\nMore.\n')
    let hangs = 0
    const watching: NodeJS.Timeout[] = []
    const result = await buildSeries(findPapers(join(folder, 'papers')), {
      out: join(folder, 'dist'),
      cache: false,
      concurrency: 1,
      // Long enough for a first paper's whole work on a loaded 2-core runner, short enough to wait out a hang.
      timeout: 8000,
      onBrowser: (browser) => {
        // In every browser, once Paper B is loaded, stall its renderer's main
        // thread for good (what a pathological layout would do): every page
        // shares that renderer. Alone in the browser (-j 1), its time-out is
        // its own: it is not tried again.
        let hung = false
        const watch = setInterval(() => {
          void browser.pages().then(async (pages) => {
            for (const page of pages) {
              if (hung || (await page.title().catch(() => '')) !== 'Paper B' || hung) continue
              hung = true
              hangs++
              clearInterval(watch)
              void page.evaluate('for (;;) {}').catch(() => undefined)
            }
          })
        }, 10)
        watching.push(watch)
      }
    })
    for (const watch of watching) clearInterval(watch)
    expect(hangs).toBe(1)
    expect(result.papers.map((paper) => [paper.source.slug, paper.status])).toEqual([
      ['a', 'built'],
      ['b', 'failed'],
      ['c', 'built']
    ])
    expect(result.papers[1]!.file.messages.find((m) => m.ruleId === 'render-failed')?.reason).toMatch(/time limit/i)
    expect(result.browserLaunches).toBe(2)
  }, 120_000)

  it('a paper that hangs a shared renderer is tried again alone, hangs again and fails; the others build', async () => {
    const folder = series()
    writeFileSync(join(folder, 'papers', 'c.md'), '---\ntitle: Paper C\n---\n\nMore.\n')
    let hangs = 0
    const watching: NodeJS.Timeout[] = []
    const result = await buildSeries(findPapers(join(folder, 'papers')), {
      out: join(folder, 'dist'),
      cache: false,
      concurrency: 2,
      // Long enough for a first paper's whole work on a loaded 2-core runner, short enough to wait out a hang.
      timeout: 8000,
      // A holds the browser until B has hung it, so that B's first try shares it whatever the load.
      onRender: (source, attempt) => (source.slug === 'a' && attempt === 1 ? until(() => hangs > 0) : undefined),
      onBrowser: (browser) => {
        // In every browser, once Paper B is loaded, stall its renderer's main
        // thread for good (what a pathological layout would do): every page
        // shares that renderer. Alone in the browser (-j 1), its time-out is
        // its own: it is not tried again.
        let hung = false
        const watch = setInterval(() => {
          void browser.pages().then(async (pages) => {
            for (const page of pages) {
              if (hung || (await page.title().catch(() => '')) !== 'Paper B' || hung) continue
              hung = true
              hangs++
              clearInterval(watch)
              void page.evaluate('for (;;) {}').catch(() => undefined)
            }
          })
        }, 10)
        watching.push(watch)
      }
    })
    for (const watch of watching) clearInterval(watch)
    // Which paper's deadline passes first depends on the load; B hangs in each browser it is tried in.
    expect(hangs).toBeGreaterThanOrEqual(2)
    expect(result.papers.map((paper) => [paper.source.slug, paper.status])).toEqual([
      ['a', 'built'],
      ['b', 'failed'],
      ['c', 'built']
    ])
    expect(result.papers[1]!.file.messages.find((m) => m.ruleId === 'render-failed')?.reason).toMatch(/time limit/i)
    expect(result.browserLaunches).toBeGreaterThanOrEqual(3)
  }, 120_000)

  it('a paper stalled once by the renderer is tried again alone and builds', async () => {
    const folder = series()
    let hung = false
    let watching: NodeJS.Timeout | undefined
    const result = await buildSeries(findPapers(join(folder, 'papers')), {
      out: join(folder, 'dist'),
      cache: false,
      concurrency: 2,
      // Long enough for a first paper's whole work on a loaded 2-core runner, short enough to wait out a hang.
      timeout: 8000,
      // A holds the browser until B has hung it, so that B's first try shares it whatever the load.
      onRender: (source, attempt) => (source.slug === 'a' && attempt === 1 ? until(() => hung) : undefined),
      onBrowser: (browser) => {
        if (watching) return
        watching = setInterval(() => {
          void browser.pages().then(async (pages) => {
            for (const page of pages) {
              if (hung || (await page.title().catch(() => '')) !== 'Paper B' || hung) continue
              hung = true
              clearInterval(watching)
              void page.evaluate('for (;;) {}').catch(() => undefined)
            }
          })
        }, 10)
      }
    })
    clearInterval(watching)
    expect(hung).toBe(true)
    expect(result.papers.map((paper) => [paper.source.slug, paper.status])).toEqual([
      ['a', 'built'],
      ['b', 'built']
    ])
    expect(result.browserLaunches).toBe(2)
  }, 120_000)

  it('a paper that exceeds the time limit fails with a clear error, and the build goes on', async () => {
    const folder = series()
    const result = await buildSeries(findPapers(join(folder, 'papers')), {out: join(folder, 'dist'), cache: false, timeout: 1})
    for (const paper of result.papers) {
      expect(paper.status).toBe('failed')
      // Out of time while being read (the tree stages, in a worker) or while rendered.
      const message = paper.file.messages.find((m) => m.ruleId === 'render-failed' || m.ruleId === 'paper-timeout')
      expect(message?.reason).toMatch(/timed? ?out|timeout/i)
    }
    expect(existsSync(join(folder, 'dist', 'a.pdf'))).toBe(false)
  })
})

/** Resolves once `done()` holds, checked every 20 ms, or after 30 s (the assertions then say what went wrong). */
async function until(done: () => boolean): Promise<void> {
  for (const start = Date.now(); !done() && Date.now() - start < 30_000; ) await new Promise((resolve) => setTimeout(resolve, 20))
}
