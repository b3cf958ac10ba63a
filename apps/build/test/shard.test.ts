import {describe, expect, it} from 'vitest'
import {inShard, parseShard} from '../src/core/shard.js'

const slugs = Array.from({length: 60}, (_, index) => `paper-${index + 1}`)

describe('shards', () => {
  it('parses k/n and refuses anything else', () => {
    expect(parseShard('2/3')).toEqual({index: 2, count: 3})
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '']) expect(parseShard(bad), bad).toBeUndefined()
  })

  it('splits a series into disjoint shards that together cover it', () => {
    const shards = [1, 2, 3].map((index) => slugs.filter((slug) => inShard(slug, {index, count: 3})))
    expect(shards.flat().sort()).toEqual([...slugs].sort())
    expect(new Set(shards.flat()).size).toBe(slugs.length)
    for (const shard of shards) expect(shard.length).toBeGreaterThan(10)
  })

  it('moves no other paper when a paper is added', () => {
    const assign = (list: string[]) => new Map(list.map((slug) => [slug, [1, 2, 3].find((index) => inShard(slug, {index, count: 3}))]))
    const before = assign(slugs)
    const after = assign([...slugs, 'a-new-paper'])
    for (const slug of slugs) expect(after.get(slug)).toBe(before.get(slug))
  })
})
