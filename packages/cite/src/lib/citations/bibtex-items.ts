import type {CslItem} from './types.js'

/**
 * The name standing for BibTeX's `and others` until the output is formatted:
 * citeproc-js knows no such name, and would print a person called “others”.
 * `etAlOthers` turns it into “et al.” in citeproc's HTML.
 */
export const othersMarker = '\uE000others'

/** BibTeX thesis kinds (citation.js puts them in `genre`) as CMOS writes them. */
const genres: Readonly<Record<string, string>> = {
  phdthesis: 'PhD diss.',
  mathesis: 'Master’s thesis',
  mastersthesis: 'Master’s thesis'
}

const nameVariables = ['author', 'editor', 'translator', 'container-author', 'collection-editor']

/**
 * What citation.js leaves in BibTeX's own terms, made CSL: the thesis genre
 * in words, `and others` as et al., and a `title-short` (the title before its
 * subtitle, as CMOS short notes have it) unless `shorttitle` gave one.
 */
export function fromBibtex(item: CslItem): CslItem {
  const genre = item['genre']
  if (typeof genre === 'string' && Object.hasOwn(genres, genre.toLowerCase())) item['genre'] = genres[genre.toLowerCase()]
  for (const variable of nameVariables) {
    const names = item[variable]
    if (!Array.isArray(names)) continue
    item[variable] = names.map((name: Record<string, unknown>) =>
      name['family'] === 'others' && !name['given'] && names.length > 1 ? {literal: othersMarker} : name
    )
  }
  const title = item['title']
  if (typeof title === 'string' && item['title-short'] === undefined) {
    // The colon must be outside any `<span class="nocase">` or other markup.
    const colon = /^((?:[^:<]|<[^>]*>[^<]*<\/[^>]*>)+?):\s+\S/.exec(title)
    if (colon?.[1]) item['title-short'] = colon[1].trim()
  }
  return item
}

/**
 * citeproc's HTML with the `and others` marker as “et al.”: `A and ⟨others⟩`
 * → `A et al.`, `A, B, and ⟨others⟩` → `A, B, et al.` (a style that already
 * shortened the list has dropped the marker).
 */
export function etAlOthers(html: string, and: string, etAl: string): string {
  if (!html.includes(othersMarker)) return html
  const before = String.raw`(,?)\s*(?:${escape(and)}\s+|&(?:amp;|#38;)?\s+)?`
  return html
    .replace(new RegExp(before + othersMarker, 'g'), (_, comma: string) => `${comma} ${etAl}`)
    .replace(new RegExp(`(${escape(etAl)})\\.`, 'g'), etAl.endsWith('.') ? '$1' : '$1.')
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
