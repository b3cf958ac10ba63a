import type {Root, Text} from 'mdast'
import {visit} from 'unist-util-visit'

interface Quotes {
  open: string
  close: string
  openSingle: string
  closeSingle: string
  /** Space inside the quotes (French: a narrow no-break space). */
  inner: string
}

const quotesByLanguage: Readonly<Record<string, Quotes>> = {
  en: {open: '“', close: '”', openSingle: '‘', closeSingle: '’', inner: ''},
  de: {open: '„', close: '“', openSingle: '‚', closeSingle: '‘', inner: ''},
  fr: {open: '«', close: '»', openSingle: '‹', closeSingle: '›', inner: '\u202f'},
  es: {open: '«', close: '»', openSingle: '“', closeSingle: '”', inner: ''},
  it: {open: '«', close: '»', openSingle: '“', closeSingle: '”', inner: ''},
  nl: {open: '“', close: '”', openSingle: '‘', closeSingle: '’', inner: ''},
  pl: {open: '„', close: '”', openSingle: '‚', closeSingle: '’', inner: ''},
  sv: {open: '”', close: '”', openSingle: '’', closeSingle: '’', inner: ''}
}

/** Languages whose own punctuation must be left alone. */
const untouched = new Set(['ja', 'zh', 'ko'])

const opensAfter = /[\s([{\u2014\u2013-]/

/**
 * Typographic punctuation for straight ASCII: quotes for the paper's language,
 * apostrophes, en and em dashes, ellipses. Code and URLs are not touched
 * (they are not text nodes); the character before a quote is tracked across
 * nodes, so `"*word*"` still opens and closes right.
 */
export function typography(tree: Root, lang: string): void {
  const primary = lang.toLowerCase().split('-')[0] ?? 'en'
  if (untouched.has(primary)) return
  const quotes = quotesByLanguage[primary] ?? quotesByLanguage.en!
  let previous = ' '
  visit(tree, (node) => {
    if (node.type === 'inlineCode' || node.type === 'code' || node.type === 'html') {
      previous = 'x'
      return
    }
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell' || node.type === 'listItem') previous = ' '
    if (node.type !== 'text') return
    const text = node as Text
    text.value = dashes(text.value)
    let result = ''
    for (let index = 0; index < text.value.length; index++) {
      const char = text.value[index]!
      const before = index === 0 ? previous : text.value[index - 1]!
      const after = text.value[index + 1] ?? ' '
      if (char === '"') {
        result += opensAfter.test(before) ? quotes.open + quotes.inner : quotes.inner + quotes.close
      } else if (char === "'") {
        // An apostrophe inside or ending a word (don't, the 1990s', Jones') is a closing quote.
        const opening = opensAfter.test(before) && /[\p{L}\p{N}]/u.test(after) && !/^'\d0s/.test(text.value.slice(index, index + 4))
        result += opening ? quotes.openSingle : quotes.closeSingle === '›' && /\p{L}/u.test(before) ? '’' : quotes.closeSingle
      } else {
        result += char
      }
    }
    text.value = result
    previous = result.at(-1) ?? previous
  })
}

function dashes(value: string): string {
  return value.replace(/---/g, '\u2014').replace(/--/g, '\u2013').replace(/\.\.\./g, '\u2026')
}
