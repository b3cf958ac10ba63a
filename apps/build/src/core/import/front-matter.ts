import {stringify} from 'yaml'
import type {CoreProperties} from './core-properties.js'
import type {StyledMetadata} from './hast-cleanup.js'

export interface FrontMatterSources {
  core: CoreProperties
  metadata: StyledMetadata
  language?: string | undefined
  bibliography?: string | undefined
  bibliographyTitle?: string | undefined
  /** The title when the document has none (from its file name). */
  fallbackTitle: string
}

/**
 * The paper's front matter. The title comes from the document's properties,
 * else its Title paragraph; authors and date from the Author and Date
 * paragraphs the reader sees, else the properties (`dc:creator` is often
 * only whoever made the file, so the visible names win); `lang` from the
 * properties, else the styles' default language.
 */
export function frontMatterOf(sources: FrontMatterSources): {yaml: string; title: string; titleFrom: 'properties' | 'paragraph' | 'file name'} {
  const {core, metadata} = sources
  const paragraphTitle = metadata['offprint-title']?.join(' ')
  const title = core.title ?? paragraphTitle ?? sources.fallbackTitle
  const titleFrom = core.title ? 'properties' : paragraphTitle ? 'paragraph' : 'file name'
  const authors = metadata['offprint-author']?.flatMap((line) => line.split(/\s*;\s*|\s+and\s+|\s*&\s*/)).filter(Boolean) ?? core.creators
  const date = metadata['offprint-date']?.map(isoDay).find(Boolean) ?? core.modified ?? core.created
  const abstract = metadata['offprint-abstract']?.join('\n\n') ?? core.description
  const fields: Record<string, unknown> = {
    title,
    subtitle: metadata['offprint-subtitle']?.join(' '),
    authors: authors.length > 0 ? authors : undefined,
    date,
    lang: sources.language,
    abstract,
    keywords: core.keywords.length > 0 ? core.keywords : undefined,
    bibliography: sources.bibliography,
    'bibliography-title': sources.bibliography ? sources.bibliographyTitle : undefined
  }
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''))
  return {yaml: `---\n${stringify(defined, {lineWidth: 0})}---\n`, title, titleFrom}
}

/** `July 28, 2014`, `28 July 2014`, `2014-07-28` → `2014-07-28`; anything else → undefined. */
function isoDay(text: string): string | undefined {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text)
  if (iso) return iso[0]
  const time = Date.parse(text + ' 12:00 UTC')
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10)
}
