import {citeprocEngine} from '../citations/citeproc-engine.js'
import type {CitationCache} from '../citations/citation-cache.js'
import {localeFor, resolveStyle} from '../citations/styles.js'
import type {CslItem} from '../citations/types.js'

export interface CiteAsOptions {
  /** The series' style: a built-in name or CSL XML (front matter `csl`). Default: chicago-notes. */
  style?: string | undefined
  /** The paper's language: the style's locale. Default: en. */
  lang?: string | undefined
  /** The build's engines, so that the style is compiled once. Default: a new engine. */
  cache?: CitationCache | undefined
}

/**
 * The paper's own bibliography entry in the series' style, as plain text:
 * the “Cite as” line of its HTML page and PDF. Undefined when citeproc
 * cannot format it (a broken style is reported where the paper's citations are).
 */
export function citeAs(item: CslItem, options: CiteAsOptions = {}): string | undefined {
  try {
    const engine = citeprocEngine(resolveStyle(options.style, false), localeFor(options.lang), new Map([[item.id, item]]), options.cache)
    engine.updateItems([item.id])
    const result = engine.makeBibliography()
    // Leave a shared engine holding no item of ours.
    engine.updateItems([])
    const html = result ? result[1][0] : undefined
    return html === undefined ? undefined : plainText(html)
  } catch {
    return undefined
  }
}

const entities: Readonly<Record<string, string>> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0'}

/** citeproc's HTML entry as text: tags dropped, entities decoded, spaces folded. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) =>
      name.startsWith('#x') || name.startsWith('#X') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (entities[name.toLowerCase()] ?? whole)
    )
    .replace(/\s+/g, ' ')
    .trim()
}
