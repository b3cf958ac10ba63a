import {readFileSync} from 'node:fs'
import {report} from '@offprint/parse/report'
import type {VFile} from 'vfile'

/** The styles shipped in `csl/`, by the names `style` (front matter `csl`) accepts. */
export const builtinStyles: Readonly<Record<string, string>> = Object.freeze({
  'chicago-notes': 'chicago-notes-bibliography.csl',
  'chicago-notes-bibliography': 'chicago-notes-bibliography.csl',
  'chicago-author-date': 'chicago-author-date.csl',
  apa: 'apa.csl'
})

export const defaultStyle = 'chicago-notes'

/** A CSL style, ready for citeproc. */
export interface CitationStyle {
  /** The built-in name, or `custom` for CSL given as XML text. */
  name: string
  /** The CSL XML. */
  xml: string
  /** `note`: citations become notes; `in-text`: they stay in the text. */
  class: 'note' | 'in-text'
}

/**
 * Resolve a style name or CSL XML text. `ibid` picks the chicago-notes variant
 * that writes “Ibid.” for a repeated source (CMOS 18 prefers short notes).
 * An unknown name is reported on `file` (when given) and the default is used.
 */
export function resolveStyle(style: string | undefined, ibid: boolean, file?: VFile): CitationStyle {
  const value = style?.trim() || defaultStyle
  if (value.startsWith('<')) return {name: 'custom', xml: value, class: styleClass(value)}
  let name = value.replace(/\.csl$/, '')
  if (!Object.hasOwn(builtinStyles, name)) {
    if (file) {
      report(file, {
        reason: `Unexpected citation style \`${value}\`, expected one of ${Object.keys(builtinStyles).join(', ')}, or CSL XML`,
        ruleId: 'citation-style',
        severity: 'error'
      })
    }
    name = defaultStyle
  }
  let fileName = builtinStyles[name]!
  if (ibid && fileName === 'chicago-notes-bibliography.csl') fileName = 'chicago-notes-bibliography-subsequent-ibid.csl'
  const xml = readCsl(fileName)
  return {name, xml, class: styleClass(xml)}
}

/** `<style class="note">` or `class="in-text"`; anything else reads as in-text. */
function styleClass(xml: string): CitationStyle['class'] {
  const match = /<style\b[^>]*\bclass\s*=\s*["']([^"']+)["']/.exec(xml)
  return match?.[1] === 'note' ? 'note' : 'in-text'
}

/** The CSL locale for a BCP 47 tag: `ja` → ja-JP, `en-GB` → en-GB, else en-US. */
export function localeFor(lang: string | undefined): string {
  const tag = (lang ?? '').toLowerCase()
  if (tag === 'ja' || tag.startsWith('ja-')) return 'ja-JP'
  if (tag === 'en-gb') return 'en-GB'
  return 'en-US'
}

const locales = new Set(['en-US', 'en-GB', 'ja-JP'])

/** Locale XML for citeproc; locales we do not ship fall back to en-US. */
export function readLocale(locale: string): string {
  return readCsl(`locales-${locales.has(locale) ? locale : 'en-US'}.xml`)
}

const punctuationInQuote = new Map<string, boolean>()

/**
 * Whether the locale puts a comma or period after a quotation inside its
 * closing quote (CSL's `punctuation-in-quote`: American English yes, British
 * English and Japanese no), read from the locale we ship.
 */
export function putsPunctuationInQuote(lang: string | undefined): boolean {
  const locale = localeFor(lang)
  let answer = punctuationInQuote.get(locale)
  if (answer === undefined) {
    answer = /<style-options\b[^>]*\bpunctuation-in-quote="true"/.test(readLocale(locale))
    punctuationInQuote.set(locale, answer)
  }
  return answer
}

// From dist/lib/citations/ (and src/lib/citations/ in tests of the sources)
// the package root is three levels up.
function readCsl(fileName: string): string {
  return readFileSync(new URL(`../../../csl/${fileName}`, import.meta.url), 'utf8')
}
