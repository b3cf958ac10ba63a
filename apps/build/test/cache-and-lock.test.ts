import {spawnSync} from 'node:child_process'
import {mkdirSync, rmSync, mkdtempSync, readdirSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {PaperMeta} from '@offprint/parse'
import {describe, expect, it} from 'vitest'
import {OutputFolder} from '../src/core/output-folder.js'
import {PaperCache, sha256} from '../src/core/paper-cache.js'

const meta = {title: 'T', authors: [], keywords: [], lang: 'en'} as unknown as PaperMeta

function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'offprint-cache-unit-'))
  writeFileSync(join(root, 'paper.md'), '# Paper\n')
  const cache = new PaperCache(join(root, '.offprint-cache'), 'salt', root)
  const source = {path: join(root, 'paper.md'), slug: 'paper', folder: root}
  return {root, cache, source}
}

describe('the paper cache, given damaged or planted entries', () => {
  it('reads an entry holding null, a number or the wrong shape as a miss', async () => {
    const {cache, source} = setUp()
    await cache.store(source, {key: await cache.keyFor([source.path], source.path), inputs: [source.path], meta, messages: []}, [{format: 'html', name: 'paper.html', data: '<p>x</p>'}])
    expect(await cache.lookup(source)).toBeDefined()
    const folder = join(cache.folder, 'papers')
    const [name] = readdirSync(folder)
    for (const text of ['null', '42', '"x"', '[]', '{"key": "k", "inputs": null}', '{"key": "k", "inputs": [], "artifacts": [{"sha256": "../../x"}], "meta": {}, "messages": []}']) {
      writeFileSync(join(folder, name!), text)
      expect(await cache.lookup(source), text).toBeUndefined()
    }
  })

  it('never reads an input that is not a regular file (/dev/zero keys as missing, at once)', async () => {
    const {root, cache, source} = setUp()
    const started = Date.now()
    await cache.keyFor(['/dev/zero'], source.path)
    // A FIFO nobody writes to would block a read for ever: it keys as if it were not there.
    const fifo = join(root, 'figure.png')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const withFifo = await cache.keyFor([fifo], source.path)
    rmSync(fifo)
    expect(withFifo).toBe(await cache.keyFor([fifo], source.path))
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('keys two papers that read the same files apart (a paper and its linked translation each read both)', async () => {
    const {root, cache, source} = setUp()
    const translation = join(root, 'paper-ja.md')
    writeFileSync(source.path, '# x\n')
    writeFileSync(translation, '# y\n')
    const inputs = [source.path, translation]
    expect(await cache.keyFor(inputs, source.path)).not.toBe(await cache.keyFor(inputs, translation))
    expect(await cache.keyFor([...inputs].reverse(), source.path)).toBe(await cache.keyFor(inputs, source.path))
  })

  it('leaves no temporary object behind when a write fails, and sweeps old ones', async () => {
    const {cache, source} = setUp()
    const objects = join(cache.folder, 'objects')
    mkdirSync(objects, {recursive: true})
    const old = join(objects, 'dead.999999.tmp')
    const fresh = join(objects, 'live.999998.tmp')
    writeFileSync(old, 'half')
    writeFileSync(fresh, 'half')
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    utimesSync(old, twoHoursAgo, twoHoursAgo)
    // A folder where the object belongs: the rename fails after the temporary file was written.
    const data = 'blocked artifact'
    mkdirSync(join(objects, sha256(data), 'x'), {recursive: true})
    await expect(cache.store(source, {key: 'k', inputs: [source.path], meta, messages: []}, [{format: 'html', name: 'paper.html', data}])).rejects.toThrow()
    const left = readdirSync(objects)
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual(['live.999998.tmp'])
  })
})

describe('the output folder lock', () => {
  it('is one lock for one folder, whatever name (a symlinked --out) reaches it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-lock-unit-'))
    mkdirSync(join(root, 'real'))
    symlinkSync(join(root, 'real'), join(root, 'link'))
    const first = await OutputFolder.open(join(root, 'real'))
    let waited = false
    const second = OutputFolder.open(join(root, 'link'), {onWait: () => (waited = true)})
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(waited).toBe(true)
    await first.close()
    const opened = await second
    await opened.close()
  })
})
