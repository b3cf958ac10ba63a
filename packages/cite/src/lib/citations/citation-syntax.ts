import type {CitationItem, CitationMode} from './types.js'

/** A citation found in a string, with offsets into it. */
export interface FoundCitation {
  start: number
  end: number
  mode: Exclude<CitationMode, 'author-only'>
  items: FoundItem[]
}

/** A `CitationItem` as found in the text: offsets instead of a position. */
export interface FoundItem extends Omit<CitationItem, 'position'> {
  /** Offset of the `@` (or the `-` of `-@`). */
  start: number
  end: number
}

// Pandoc's key: a letter, digit or `_`, then word characters, with internal
// punctuation only when a word character follows (so `@a.` ends at `a`).
const word = String.raw`[\p{L}\p{N}_]`
const keySource = String.raw`${word}(?:${word}|[:.#$%&\-+?<>~/](?=${word}))*|\{[^{}\s]+\}`
const inTextKey = new RegExp(String.raw`@(${keySource})`, 'uy')
const itemPattern = new RegExp(String.raw`^([\s\S]*?)(?:^|(?<=\s))(-?)@(${keySource})([\s\S]*)$`, 'u')
const wordBefore = new RegExp(word, 'u')

/** CSL locator labels by the abbreviations pandoc reads (English terms). */
const labels: ReadonlyArray<[RegExp, string]> = [
  [/^(?:pp?\.|pages?)\s*/i, 'page'],
  [/^(?:chaps?\.|chapters?)\s*/i, 'chapter'],
  [/^(?:§§?|secs?\.|sections?)\s*/i, 'section'],
  [/^(?:paras?\.|paragraphs?|¶¶?)\s*/i, 'paragraph'],
  [/^(?:vols?\.|volumes?)\s*/i, 'volume'],
  [/^(?:figs?\.|figures?)\s*/i, 'figure'],
  [/^(?:nn?\.|notes?)\s*/i, 'note'],
  [/^(?:ll?\.|lines?)\s*/i, 'line'],
  [/^(?:cols?\.|columns?)\s*/i, 'column'],
  [/^(?:pts?\.|parts?)\s*/i, 'part'],
  [/^(?:bks?\.|books?)\s*/i, 'book'],
  [/^(?:vv?\.|verses?)\s*/i, 'verse'],
  [/^(?:nos?\.|numbers?|issues?)\s*/i, 'issue'],
  [/^(?:fols?\.|folios?)\s*/i, 'folio'],
  [/^(?:s\.\s?v\.|sub verbo)\s*/i, 'sub-verbo']
]
// `12`, `33-35`, `iv, vi–xi`, `12a`, `4.2`: numbers (decimal ones too) or roman numerals, ranges and lists.
const locatorPart = String.raw`(?:\d+(?:\.\d+)*[a-z]?|[ivxlcdm]+)`
const locatorValue = new RegExp(String.raw`^${locatorPart}(?:\s*(?:--|[-–—,&])\s*${locatorPart}(?![\p{L}]))*(?![\p{L}\p{N}])`, 'iu')
// A well-formed roman numeral, so that `mid` or `civil` is no locator.
const roman = /^(?=[ivxlcdm])m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/i

/**
 * Find pandoc citations in a string: bracketed (`[see @a, p. 3; -@b]`) and
 * in-text (`@a says`, `@a [p. 3] says`). The `@` of an in-text key must not
 * follow a word character, so `mail@example.org` is no citation.
 */
export function findCitations(value: string): FoundCitation[] {
  const found: FoundCitation[] = []
  let index = 0
  while (index < value.length) {
    const char = value.charAt(index)
    let citation: FoundCitation | undefined
    if (char === '[' && value.charAt(index + 1) !== '^') citation = bracketed(value, index)
    else if (char === '@' && !wordBefore.test(value.charAt(index - 1))) citation = inText(value, index)
    if (citation) {
      found.push(citation)
      index = citation.end
    } else {
      index++
    }
  }
  return found
}

function bracketed(value: string, start: number): FoundCitation | undefined {
  const close = closingBracket(value, start)
  if (close === -1) return undefined
  const content = value.slice(start + 1, close)
  if (!content.includes('@')) return undefined
  const items: FoundItem[] = []
  let offset = start + 1
  for (const part of splitItems(content)) {
    const match = itemPattern.exec(part)
    if (!match) return undefined
    const [, prefix = '', dash = '', key = '', rest = ''] = match
    const at = offset + prefix.length
    items.push({
      id: unbrace(key),
      prefix: prefix.trim(),
      ...readSuffix(rest),
      suppressAuthor: dash === '-',
      start: at,
      end: at + dash.length + 1 + key.length
    })
    offset += part.length + 1
  }
  return {start, end: close + 1, mode: 'normal', items}
}

function inText(value: string, start: number): FoundCitation | undefined {
  inTextKey.lastIndex = start
  const match = inTextKey.exec(value)
  if (!match) return undefined
  const key = match[1] ?? ''
  const keyEnd = start + 1 + key.length
  const item: FoundItem = {id: unbrace(key), prefix: '', suffix: '', locator: '', label: '', suppressAuthor: false, start, end: keyEnd}
  let end = keyEnd
  // `@a [p. 33]`: a bracket right after the key, without keys of its own, is its locator and suffix.
  const bracket = /^ ?\[/.exec(value.slice(keyEnd))
  if (bracket && value.charAt(keyEnd + bracket[0].length) !== '^') {
    const open = keyEnd + bracket[0].length - 1
    const close = closingBracket(value, open)
    const content = close === -1 ? '' : value.slice(open + 1, close)
    if (close !== -1 && !content.includes('@')) {
      Object.assign(item, readSuffix(content))
      end = close + 1
    }
  }
  return {start, end, mode: 'author-in-text', items: [item]}
}

/** The `]` closing the `[` at `start`, skipping `{…}` and nested brackets; -1 if none. */
function closingBracket(value: string, start: number): number {
  let depth = 0
  let braces = 0
  for (let index = start; index < value.length; index++) {
    const char = value.charAt(index)
    if (char === '{') braces++
    else if (char === '}') braces = Math.max(0, braces - 1)
    else if (braces > 0) continue
    else if (char === '[') depth++
    else if (char === ']' && --depth === 0) return index
  }
  return -1
}

/** Split on `;` outside braces. */
function splitItems(content: string): string[] {
  const parts: string[] = []
  let braces = 0
  let last = 0
  for (let index = 0; index < content.length; index++) {
    const char = content.charAt(index)
    if (char === '{') braces++
    else if (char === '}') braces = Math.max(0, braces - 1)
    else if (char === ';' && braces === 0) {
      parts.push(content.slice(last, index))
      last = index + 1
    }
  }
  parts.push(content.slice(last))
  return parts
}

/** `, p. 12, emphasis added` → locator `12`, label `page`, suffix `, emphasis added`. */
function readSuffix(raw: string): Pick<FoundItem, 'locator' | 'label' | 'suffix'> {
  const text = raw.trim().replace(/^,\s*/, '')
  const braced = /^\{([^{}]*)\}/.exec(text)
  if (braced) {
    const [label, locator] = readLabel(braced[1] ?? '')
    return {locator, label, suffix: text.slice(braced[0].length).trim()}
  }
  const [label, rest, explicit] = readLabel(text)
  const value = locatorValue.exec(rest)
  const after = value ? rest.slice(value[0].length).trim() : ''
  // Without a label a locator is a number, or roman numerals (`xi--xiv`) with nothing but a suffix after them.
  const bare = value && (/^\d/.test(value[0]) || (value[0].split(/\s*(?:--|[-–—,&])\s*/).every((part) => roman.test(part)) && /^(?:,|$)/.test(after)))
  if (!value || (!explicit && !bare)) return {locator: '', label: '', suffix: dashes(raw.trim())}
  return {locator: dashes(value[0]), label, suffix: dashes(after)}
}

/** TeX dashes: `88--92` is a range (en dash), `---` an em dash; citeproc expects the characters. */
function dashes(text: string): string {
  return text.replace(/---/g, '—').replace(/--/g, '–')
}

/** → [label, text after the label, whether a label was written]. */
function readLabel(text: string): [string, string, boolean] {
  for (const [pattern, label] of labels) {
    const match = pattern.exec(text)
    if (match) return [label, text.slice(match[0].length), true]
  }
  return ['page', text, false]
}

function unbrace(key: string): string {
  return key.startsWith('{') ? key.slice(1, -1) : key
}
