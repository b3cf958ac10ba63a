export interface TruncatedText {
  /** The paragraphs kept, the last one ending in “…” when cut. */
  paragraphs: string[]
  /** Whether anything was left out. */
  truncated: boolean
}

/**
 * Wide (CJK) characters take about twice the room of Latin ones and carry more
 * per character, so they count double: one limit then suits every language.
 */
const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u

/** Languages written without spaces between words or after full stops. */
const unspaced = /^(ja|zh|th|lo|km|my)\b/i

function width(text: string): number {
  let total = 0
  for (const char of text) total += wide.test(char) ? 2 : 1
  return total
}

/**
 * Shorten text to about `limit` (in Latin-character widths), keeping its
 * paragraphs (split on blank lines). A paragraph that does not fit is cut after
 * its last whole sentence, or — when that keeps under half the room — after its
 * last whole word, using the language's own segmentation (`Intl.Segmenter`
 * finds Japanese word boundaries, which have no spaces), never mid-word.
 */
export function truncateText(text: string, limit: number, lang: string): TruncatedText {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
  const kept: string[] = []
  let room = limit
  for (const paragraph of paragraphs) {
    const size = width(paragraph)
    if (size <= room) {
      kept.push(paragraph)
      room -= size
      continue
    }
    // A sliver of a further paragraph says little: end on the whole ones.
    const cut = kept.length > 0 && room < limit / 4 ? '' : cutWithin(paragraph, room, lang)
    if (cut) kept.push(cut + ellipsis(cut, lang))
    else if (kept.length > 0) {
      const last = kept.pop()!
      kept.push(last + ellipsis(last, lang))
    }
    else kept.push('…')
    return {paragraphs: kept, truncated: true}
  }
  return {paragraphs: kept, truncated: false}
}

function ellipsis(before: string, lang: string): string {
  return /[.!?。！？]$/u.test(before) && !unspaced.test(lang) ? ' …' : '…'
}

function segmenter(lang: string, granularity: 'sentence' | 'word'): Intl.Segmenter {
  try {
    return new Intl.Segmenter(lang, {granularity})
  } catch {
    // A tag ICU cannot parse: segment by the root locale rather than fail.
    return new Intl.Segmenter(undefined, {granularity})
  }
}

function cutWithin(paragraph: string, room: number, lang: string): string {
  const sentences = fill(segmenter(lang, 'sentence').segment(paragraph), room)
  if (width(sentences) >= room / 2) return sentences.trim()
  let kept = ''
  let end = 0
  let used = 0
  for (const {segment, isWordLike} of segmenter(lang, 'word').segment(paragraph)) {
    used += width(segment)
    if (used > room) break
    kept += segment
    // End after a word, not after the space or comma that follows it.
    if (isWordLike) end = kept.length
  }
  return kept.slice(0, end).trim()
}

/** The leading segments that fit in `room`, whole. */
function fill(segments: Intl.Segments, room: number): string {
  let kept = ''
  for (const {segment} of segments) {
    if (width(kept + segment.trimEnd()) > room) break
    kept += segment
  }
  return kept
}
