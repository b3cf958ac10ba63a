import {createHash} from 'node:crypto'

export interface Shard {
  /** 1-based: shard 1 of 3 is `{index: 1, count: 3}`. */
  index: number
  count: number
}

/** `2/3` → {index: 2, count: 3}; undefined when the text is not `k/n` with 1 ≤ k ≤ n. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  if (!match) return undefined
  const shard = {index: Number(match[1]), count: Number(match[2])}
  return shard.count >= 1 && shard.index >= 1 && shard.index <= shard.count ? shard : undefined
}

/**
 * Whether a paper belongs to a shard: by a hash of its slug, not its place in
 * the list, so adding or removing a paper moves no other paper between
 * shards, and every runner computes the same split.
 */
export function inShard(slug: string, shard: Shard): boolean {
  const hash = createHash('sha256').update(slug).digest()
  return hash.readUInt32BE(0) % shard.count === shard.index - 1
}
