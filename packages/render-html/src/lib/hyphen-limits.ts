/** Letters a typesetter leaves on each side of a hyphenation point. */
const minimumLetters = 3

/**
 * Drop the soft hyphens that would leave fewer than three letters before or
 * after a break (`ex-cept`, `quick-ly`): the patterns allow two, a
 * typesetter does not. Counted in letters of the word (a word ends at white
 * space or a hard hyphen), so `re-establish` keeps none before `es`.
 */
export function limitBreaks(text: string): string {
  if (!text.includes('\u00ad')) return text
  // Split, not a regex over the text: a scan for a word around each soft hyphen backtracks through a long word (quadratic).
  return text
    .split(/([\s\-\u2010]+)/)
    .map((word) => (word.includes('\u00ad') ? limitWord(word) : word))
    .join('')
}

function limitWord(word: string): string {
  const letters = (part: string) => part.replace(/[^\p{L}\p{N}]/gu, '').length
  const plain = word.replace(/\u00ad/g, '')
  let kept = ''
  let length = 0
  for (const char of word) {
    if (char !== '\u00ad') {
      kept += char
      length += char.length
      continue
    }
    const before = plain.slice(0, length)
    const after = plain.slice(length)
    if (letters(before) >= minimumLetters && letters(after) >= minimumLetters) kept += char
  }
  return kept
}
