import type {Root, Text} from 'mdast'
import remarkSmartypants from 'remark-smartypants'
import {visit} from 'unist-util-visit'

interface Quotes {
  open: string
  close: string
  openSingle: string
  closeSingle: string
}

/** Each language's quotation marks, one character each (remark-smartypants needs the length kept). */
const quotesByLanguage: Readonly<Record<string, Quotes>> = {
  en: {open: '“', close: '”', openSingle: '‘', closeSingle: '’'},
  de: {open: '„', close: '“', openSingle: '‚', closeSingle: '‘'},
  fr: {open: '«', close: '»', openSingle: '‹', closeSingle: '›'},
  es: {open: '«', close: '»', openSingle: '“', closeSingle: '”'},
  it: {open: '«', close: '»', openSingle: '“', closeSingle: '”'},
  pt: {open: '“', close: '”', openSingle: '‘', closeSingle: '’'},
  nl: {open: '“', close: '”', openSingle: '‘', closeSingle: '’'},
  pl: {open: '„', close: '”', openSingle: '‚', closeSingle: '’'},
  sv: {open: '”', close: '”', openSingle: '’', closeSingle: '’'}
}

/** Languages whose own punctuation must be left alone. */
const untouched = new Set(['ja', 'zh', 'ko'])

type Transform = (tree: Root) => void

/**
 * Typographic punctuation for straight ASCII, by SmartyPants
 * (retext-smartypants, through remark-smartypants): quotes that open and
 * close by context in the paper's language, apostrophes, `--` as an en dash
 * and `---` as an em dash, ellipses. Code, URLs and raw HTML are not touched;
 * the text of a paragraph, heading or cell is read as one string, so
 * `"*word*"` still opens and closes right. Run it on every tree that is
 * printed: the body and each note.
 */
export function typography(tree: Root, lang: string): void {
  const primary = lang.toLowerCase().split('-')[0] ?? 'en'
  if (untouched.has(primary)) return
  const quotes = quotesByLanguage[primary] ?? quotesByLanguage.en!
  const plugin = remarkSmartypants as unknown as (options: Parameters<typeof remarkSmartypants>[0]) => Transform
  const transform = plugin({
    dashes: 'oldschool',
    openingQuotes: {double: quotes.open, single: quotes.openSingle},
    closingQuotes: {double: quotes.close, single: quotes.closeSingle}
  }) as unknown as Transform
  transform(tree)
  // French sets a narrow no-break space inside guillemets.
  if (primary === 'fr') {
    visit(tree, 'text', (node: Text) => {
      node.value = node.value.replace(/«[ \u00a0]?(?!\u202f)/g, '«\u202f').replace(/(?<!\u202f)[ \u00a0]?»/g, '\u202f»')
    })
  }
  // An apostrophe is ’ in every language, though a closing single quote may not be (‘ in German, › in French).
  if (quotes.closeSingle !== '’') {
    const inWord = new RegExp(`(?<=[\\p{L}\\p{N}])${quotes.closeSingle}(?=\\p{L})`, 'gu')
    visit(tree, 'text', (node: Text) => {
      node.value = node.value.replace(inWord, '’')
    })
  }
}
