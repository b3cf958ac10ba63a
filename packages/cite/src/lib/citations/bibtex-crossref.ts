import type {Problem} from '@offprint/parse/report'
import {pointsIn} from '@offprint/parse/source-points'
import type {Point} from 'unist'

/** One entry's links to others: `crossref = {key}` and BibLaTeX's `xdata = {a, b}`. */
interface Entry {
  key: string
  place: Point
  /** Each link: the keys it names and the span of the field in the text, to blank it out. */
  links: Array<{keys: string[]; start: number; end: number}>
}

const entryStart = /@([a-z]+)\s*[{(]\s*([^\s,{}()]+)\s*,/gi
const linkField = /\b(crossref|xdata)\s*=\s*(?:\{([^{}]*)\}|"([^"]*)"|([^\s,{}"]+))\s*,?/gi

/**
 * Entries whose `crossref` or `xdata` lead back to themselves, reported and
 * cut: citation.js follows the links without end (a stack overflow, at no
 * place). Each entry on a loop gets an error at its `@type{key` with the
 * loop spelled out, and its link fields are blanked (same length, so every
 * line and column stays true) so the entries still load, without what the
 * loop would have lent them. Returns the text citation.js is to read.
 */
export function cutCrossrefLoops(text: string, problems: Problem[]): string {
  const entries = scan(text)
  const byKey = new Map(entries.map((entry) => [entry.key.toLowerCase(), entry]))
  const onLoop = new Set<Entry>()
  for (const entry of entries) {
    const loop = loopFrom(entry, byKey)
    if (!loop) continue
    onLoop.add(entry)
    problems.push({
      reason: `Unexpected loop of cross-references (${[...loop, entry].map((item) => item.key).join(' → ')}), expected \`crossref\` and \`xdata\` to lead to entries that do not lead back (the links are ignored)`,
      ruleId: 'bibliography-crossref',
      severity: 'error',
      place: entry.place
    })
  }
  if (onLoop.size === 0) return text
  let cut = text
  for (const entry of onLoop) for (const link of entry.links) cut = cut.slice(0, link.start) + cut.slice(link.start, link.end).replace(/[^\n]/g, ' ') + cut.slice(link.end)
  return cut
}

/** The path from `start` back to itself, following links depth first; undefined when there is none. */
function loopFrom(start: Entry, byKey: ReadonlyMap<string, Entry>): Entry[] | undefined {
  const seen = new Set<Entry>()
  const walk = (entry: Entry, path: Entry[]): Entry[] | undefined => {
    for (const key of entry.links.flatMap((link) => link.keys)) {
      const next = byKey.get(key.toLowerCase())
      if (!next) continue
      if (next === start) return [...path, entry]
      if (seen.has(next)) continue
      seen.add(next)
      const found = walk(next, [...path, entry])
      if (found) return found
    }
    return undefined
  }
  return walk(start, [])
}

/** The entries of a BibTeX text with their links; `@string`, `@preamble` and `@comment` are not entries. */
function scan(text: string): Entry[] {
  const starts = [...text.matchAll(entryStart)].filter((match) => !/^(string|preamble|comment)$/i.test(match[1]!))
  const place = pointsIn(text)
  return starts.map((match, index) => {
    const bodyStart = match.index + match[0].length
    const bodyEnd = starts[index + 1]?.index ?? text.length
    const links: Entry['links'] = []
    for (const field of text.slice(bodyStart, bodyEnd).matchAll(linkField)) {
      const value = field[2] ?? field[3] ?? field[4] ?? ''
      const keys = field[1]!.toLowerCase() === 'xdata' ? value.split(',') : [value]
      links.push({keys: keys.map((key) => key.trim()).filter(Boolean), start: bodyStart + field.index, end: bodyStart + field.index + field[0].length})
    }
    return {key: match[2]!, place: place(match.index), links}
  })
}
