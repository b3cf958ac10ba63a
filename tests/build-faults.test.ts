import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {deflateSync} from 'node:zlib'
import {basename, join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {attachSeriesConfigs, buildSeries, findPapers} from '@offprint/build'

// Faults a CI runner meets that are no paper's fault: papers racing for the
// staging folder, a browser killed under a build, two builds into one folder,
// an output folder that cannot be written, a browser or font upgrade, and a
// build stopped by a signal. None may fail a paper at random or leave
// anything half-written.

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

function series(count: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-faults-'))
  mkdirSync(join(folder, 'papers'))
  for (let index = 1; index <= count; index++) {
    writeFileSync(join(folder, 'papers', `paper-${index}.md`), `---\ntitle: Paper ${index}\n---\n\nText of paper ${index}[^1].\n\n[^1]: A note.\n`)
  }
  return folder
}

function cliBuild(folder: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, 'build', ...args], {cwd: folder, encoding: 'utf8', env: {...process.env, CI: 'true', ...env}})
}

/** Every artifact in a folder is whole: a PDF ends in %%EOF, an EPUB is a zip, an HTML page is closed. */
function expectWhole(folder: string): void {
  for (const name of readdirSync(folder)) {
    const data = readFileSync(join(folder, name))
    if (name.endsWith('.pdf')) expect(data.subarray(-8).toString('latin1'), name).toMatch(/%%EOF\s*$/)
    if (name.endsWith('.epub')) expect(data.subarray(0, 4).toString('latin1'), name).toBe('PK\x03\x04')
    if (name.endsWith('.html')) expect(data.toString('utf8').trimEnd(), name).toMatch(/<\/html>$/)
  }
}

/** Staging folders and locks of builds, in and beside a folder. */
function leftovers(folder: string): string[] {
  const beside = readdirSync(join(folder, '..')).filter((name) => name.startsWith(`.${basename(folder)}.`) && /offprint-(staging|lock)/.test(name))
  const inside = existsSync(folder) ? readdirSync(folder).filter((name) => /offprint-(staging|lock|probe)/.test(name)) : []
  return [...beside, ...inside]
}

describe('staging', () => {
  it('never fails a paper when many finish at once (a wide window between staging and rename, -j 4)', () => {
    const folder = series(16)
    const result = cliBuild(folder, ['--no-cache', '-j', '4'], {OFFPRINT_TEST_STAGING_DELAY: '150'})
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/16 built, 0 failed/)
    expect(readdirSync(join(folder, 'dist')).filter((name) => name.endsWith('.pdf'))).toHaveLength(16)
    expectWhole(join(folder, 'dist'))
    expect(leftovers(join(folder, 'dist'))).toEqual([])
  }, 120_000)
})

/** A PNG of solid colour, made here (zlib and CRC from node). */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({length: 256}, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (data: Buffer) => {
    let c = 0xffffffff
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([length, body, sum])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Buffer.concat(Array.from({length: height}, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x4e)])))
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

describe('raster images', () => {
  it('a series whose papers and logo are PNGs builds every paper without a crash (single-process Chromium crashed on the third)', async () => {
    const folder = series(0)
    writeFileSync(join(folder, 'papers', 'logo.png'), png(120, 40))
    writeFileSync(join(folder, 'papers', 'series.yaml'), 'logo: logo.png\n')
    for (let index = 1; index <= 6; index++) {
      mkdirSync(join(folder, 'papers', `figure-${index}`))
      writeFileSync(join(folder, 'papers', `figure-${index}`, 'chart.png'), png(300 + index, 200))
      writeFileSync(join(folder, 'papers', `figure-${index}`, 'index.md'), `---\ntitle: Figures ${index}\n---\n\n![A chart](chart.png "Figure 1. A chart")\n\nText.\n`)
    }
    const sources = findPapers(join(folder, 'papers'))
    await attachSeriesConfigs(sources)
    const result = await buildSeries(sources, {out: join(folder, 'dist'), cache: false, concurrency: 2})
    expect(result.papers.map((paper) => paper.status)).toEqual(Array(6).fill('built'))
    // The one-process browser the build starts with, then one multi-process
    // browser for the raster images: not one crash survived by a relaunch.
    expect(result.browserLaunches).toBe(2)
  }, 120_000)

  it('a series without raster images keeps the one-process browser (no renderer process)', async () => {
    const folder = series(4)
    let renderers = -1
    let browserPid: number | undefined
    const result = await buildSeries(findPapers(join(folder, 'papers')), {
      out: join(folder, 'dist'),
      cache: false,
      concurrency: 2,
      onPaper: () => {
        renderers = Math.max(renderers, childrenOfType(browserPid!, '--type=renderer'))
      },
      onBrowser: (browser) => {
        browserPid = browser.process()?.pid
      }
    })
    expect(result.papers.map((paper) => paper.status)).toEqual(Array(4).fill('built'))
    expect(result.browserLaunches).toBe(1)
    expect(renderers).toBe(0)
  }, 120_000)
})

/** How many child processes of `pid` have `--type=…` in their command line. */
function childrenOfType(pid: number, type: string): number {
  let count = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1])
      if (ppid === pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(type)) count++
    } catch {
      // gone meanwhile
    }
  }
  return count
}

describe('a browser killed mid-build', () => {
  it('loses no paper: every paper in flight is tried again in a new browser', async () => {
    const folder = series(6)
    let killed = false
    let inFlight = 0
    let browserProcess: {pid?: number | undefined} | null = null
    const result = await buildSeries(findPapers(join(folder, 'papers')), {
      out: join(folder, 'dist'),
      cache: false,
      concurrency: 3,
      onBrowser: (browser) => {
        browserProcess ??= browser.process()
      },
      onStart: () => void inFlight++,
      onPaper: () => {
        // The first paper is out and the next ones are printing: kill the browser by its pid.
        if (!killed && --inFlight >= 2 && browserProcess) {
          killed = true
          process.kill(browserProcess.pid!, 'SIGKILL')
        }
      }
    })
    expect(killed).toBe(true)
    expect(result.papers.map((paper) => paper.status)).toEqual(Array(6).fill('built'))
    expect(result.browserLaunches).toBe(2)
    expectWhole(join(folder, 'dist'))
  }, 120_000)
})

describe('two builds into one folder', () => {
  it('serialise on a lock, with a message, and both succeed with whole artifacts', async () => {
    const folder = series(4)
    const start = () =>
      new Promise<{code: number | null; stderr: string}>((resolve) => {
        const child = spawn(process.execPath, [cli, 'build', '--no-cache', '-j', '2'], {cwd: folder, env: {...process.env, CI: 'true'}})
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        child.on('exit', (code) => resolve({code, stderr}))
      })
    const [first, second] = await Promise.all([start(), start()])
    expect([first.code, second.code]).toEqual([0, 0])
    expect(first.stderr + second.stderr).toMatch(/another build is writing into dist\/; waiting for it to finish/)
    expect(readdirSync(join(folder, 'dist')).filter((name) => /\.(pdf|epub|html)$/.test(name))).toHaveLength(13) // 4 × 3 and the catalog
    expectWhole(join(folder, 'dist'))
    expect(leftovers(join(folder, 'dist'))).toEqual([])
  }, 120_000)
})

/** A small tmpfs, mounted for the test (root only); undefined where the machine does not allow it. */
const mounts: string[] = []
function mountTmpfs(options: string): string | undefined {
  const point = mkdtempSync(join(tmpdir(), 'offprint-mount-'))
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', point])
  if (result.status !== 0) return undefined
  mounts.push(point)
  return point
}
afterAll(() => {
  for (const point of mounts) spawnSync('umount', [point])
})

describe('an output folder that cannot be written', () => {
  it('read-only: one clear error, exit 1, no stack trace', (context) => {
    const folder = series(2)
    const out = mountTmpfs('size=1m,ro')
    if (!out) return context.skip('cannot mount a tmpfs here (not root, or no mount permission)')
    const result = cliBuild(folder, ['--no-cache', '--out', out])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^offprint: error: Unexpected read-only file system \(EROFS\) writing to the output folder .*, expected a writable folder$/m)
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /)
  })

  it('full (ENOSPC): the paper fails with a clear error, exit 1, nothing partial; a mount point stages inside itself', (context) => {
    const folder = series(1)
    const out = mountTmpfs('size=24k')
    if (!out) return context.skip('cannot mount a tmpfs here (not root, or no mount permission)')
    const result = cliBuild(folder, ['--no-cache', '--out', out])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/papers\/paper-1\.md:1:1: error: Unexpected full file system \(ENOSPC\) writing to .*, expected room for the files \[output-write\]/)
    expect(result.stderr).not.toMatch(/EXDEV|internal error/)
    expect(readdirSync(out).filter((name) => name.startsWith('paper-1'))).toEqual([])
    expect(leftovers(out)).toEqual([])
  })

  it('a mount point (another file system than its parent) builds: no EXDEV', (context) => {
    const folder = series(2)
    const out = mountTmpfs('size=16m')
    if (!out) return context.skip('cannot mount a tmpfs here (not root, or no mount permission)')
    const result = cliBuild(folder, ['--no-cache', '--out', out])
    expect(result.status, result.stderr).toBe(0)
    expect(readdirSync(out).filter((name) => name.endsWith('.pdf'))).toEqual(['paper-1.pdf', 'paper-2.pdf'])
    expect(leftovers(out)).toEqual([])
  })

  it('a file at the output path: one clear error, exit 1', () => {
    const folder = series(1)
    writeFileSync(join(folder, 'dist'), 'not a folder')
    const result = cliBuild(folder, ['--no-cache'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^offprint: error: Unexpected file at the output path dist, expected a folder/m)
  })
})

describe('the cache key', () => {
  it('changes with the browser and with the fonts: papers render again after an upgrade', () => {
    const folder = series(1)
    const cached = (env: Record<string, string> = {}) => {
      const result = cliBuild(folder, ['--json'], env)
      expect(result.status, result.stderr).toBe(0)
      return (JSON.parse(result.stdout) as {papers: Array<{cache: string}>}).papers[0]!.cache
    }
    expect(cached()).toBe('rendered')
    expect(cached()).toBe('hit')
    // A browser upgrade: the same Chromium, reporting a new version.
    const bin = mkdtempSync(join(tmpdir(), 'offprint-bin-'))
    const chromium = execFileSync('sh', ['-c', 'command -v chromium || echo /usr/bin/chromium'], {encoding: 'utf8'}).trim()
    writeFileSync(join(bin, 'chromium'), `#!/bin/sh\nif [ "$1" = --version ]; then echo "Chromium 999.0.0.0"; exit 0; fi\nexec ${chromium} "$@"\n`)
    chmodSync(join(bin, 'chromium'), 0o755)
    expect(cached({PUPPETEER_EXECUTABLE_PATH: join(bin, 'chromium')})).toBe('rendered')
    expect(cached({PUPPETEER_EXECUTABLE_PATH: join(bin, 'chromium')})).toBe('hit')
    // A font upgrade: fontconfig lists a new face of a family the theme names.
    const realFcList = execFileSync('sh', ['-c', 'command -v fc-list'], {encoding: 'utf8'}).trim()
    writeFileSync(join(bin, 'fc-list'), `#!/bin/sh\n${realFcList} "$@"\nprintf 'Noto Sans\\tRegular\\t/usr/share/fonts/new/NotoSans-Regular.ttf\\t2.0\\n'\n`)
    chmodSync(join(bin, 'fc-list'), 0o755)
    expect(cached({PUPPETEER_EXECUTABLE_PATH: join(bin, 'chromium'), PATH: `${bin}:${process.env.PATH}`})).toBe('rendered')
  }, 120_000)
})

describe('a build stopped by a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: stops within seconds, removing its staging folder and lock, leaving whole artifacts`, async () => {
      const folder = series(8)
      const child = spawn(process.execPath, [cli, 'build', '--no-cache', '-j', '2'], {cwd: folder, env: {...process.env, CI: 'true'}})
      let stdout = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      // Once the first paper is out, others are in flight.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (stdout.includes('✓')) clearInterval(poll), resolve()
        }, 20)
      })
      const sent = Date.now()
      child.kill(signal)
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
      expect(Date.now() - sent).toBeLessThan(3000)
      expect(code).toBe(signal === 'SIGTERM' ? 143 : 130)
      expect(leftovers(join(folder, 'dist'))).toEqual([])
      expectWhole(join(folder, 'dist'))
    }, 120_000)
  }
})
