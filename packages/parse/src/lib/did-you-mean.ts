import {distance} from 'fastest-levenshtein'

/**
 * The candidate a misspelt name most likely meant, for a "did you mean"
 * hint: the nearest by edit distance, if it is near enough to be a typo
 * (at most a third of the name's length, and at least one edit), else none.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    if (candidate === name) continue
    const d = distance(name.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate
      bestDistance = d
    }
  }
  return bestDistance <= limit ? best : undefined
}

/** `, did you mean \`x\`?` or nothing: the tail of a message. */
export function didYouMeanHint(name: string, candidates: Iterable<string>, format: (candidate: string) => string = (c) => `\`${c}\``): string {
  const guess = didYouMean(name, candidates)
  return guess === undefined ? '' : ` (did you mean ${format(guess)}?)`
}
