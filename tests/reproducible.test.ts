import {createHash} from 'node:crypto'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

function build(): Map<string, string> {
  const out = mkdtempSync(join(tmpdir(), 'offprint-repro-'))
  const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', 'papers', '--no-cache', '--out', out], {
    encoding: 'utf8',
    env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}
  })
  expect(result.status, result.stderr).toBe(0)
  return new Map(readdirSync(out).map((name) => [name, createHash('sha256').update(readFileSync(join(out, name))).digest('hex')]))
}

describe('reproducible release artifacts', () => {
  it('gives the same sha256 for every artifact of two builds with SOURCE_DATE_EPOCH', () => {
    const first = build()
    const second = build()
    expect([...first.keys()].sort()).toEqual([...second.keys()].sort())
    // Three artifacts a paper and the catalog (besides them: citation files, covers, feeds, sitemap, all compared too).
    expect([...first.keys()].filter((name) => /\.(pdf|epub|html)$/.test(name))).toHaveLength(5 * 3 + 1)
    for (const [name, hash] of first) expect(second.get(name), name).toBe(hash)
  })
})
