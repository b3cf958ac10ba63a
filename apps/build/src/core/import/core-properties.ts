import type {Document} from '@xmldom/xmldom'
import {attribute, child, elements} from './docx-package.js'

const DC = 'http://purl.org/dc/elements/1.1/'
const DCTERMS = 'http://purl.org/dc/terms/'

/** What docProps/core.xml says of the document. */
export interface CoreProperties {
  title?: string | undefined
  /** `dc:creator`: one name, or several separated by `;`. */
  creators: string[]
  /** `dcterms:created` / `dcterms:modified`, as YYYY-MM-DD. */
  created?: string | undefined
  modified?: string | undefined
  language?: string | undefined
  description?: string | undefined
  keywords: string[]
}

export function readCoreProperties(core: Document | undefined): CoreProperties {
  const text = (namespace: string, name: string) => {
    const element = core && elements(core, name, namespace)[0]
    const value = element?.textContent?.replace(/\s+/g, ' ').trim()
    return value || undefined
  }
  const keywords = text('http://schemas.openxmlformats.org/package/2006/metadata/core-properties', 'keywords')
  return {
    title: text(DC, 'title'),
    creators: (text(DC, 'creator') ?? '')
      .split(/;/)
      .map((name) => name.trim())
      .filter(Boolean),
    created: day(text(DCTERMS, 'created')),
    modified: day(text(DCTERMS, 'modified')),
    language: text(DC, 'language'),
    description: text(DC, 'description'),
    keywords: (keywords ?? '')
      .split(/[;,]/)
      .map((word) => word.trim())
      .filter(Boolean)
  }
}

/** `2014-07-28T18:35:00Z` → `2014-07-28`; a date Word never set (1601, 1899) → none. */
function day(value: string | undefined): string | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '')
  if (!date || Number(date[1]) < 1980) return undefined
  return date[0]
}

/** What styles.xml says: the default language of the text, and which style ids are headings. */
export interface StyleFacts {
  language?: string | undefined
  /** Style ids whose names are `heading N` (any language's ids: `Heading1`, `berschrift1`…). */
  headings: Set<string>
}

export function readStyles(styles: Document | undefined): StyleFacts {
  const headings = new Set<string>()
  let language: string | undefined
  if (styles) {
    for (const style of elements(styles, 'style')) {
      const name = child(style, 'name')
      if (/^heading \d$/i.test((name && attribute(name, 'val')) ?? '')) headings.add(attribute(style, 'styleId') ?? '')
    }
    const defaults = elements(styles, 'rPrDefault')[0]
    const lang = defaults && elements(defaults, 'lang')[0]
    language = (lang && attribute(lang, 'val')) || undefined
  }
  return {language, headings}
}

/** A language tag front matter accepts (BCP 47, loosely), or undefined. */
export function languageTag(value: string | undefined): string | undefined {
  return value && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value) ? value : undefined
}

