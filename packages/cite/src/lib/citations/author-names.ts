import {othersMarker} from './bibtex-items.js'
import type {CslItem} from './types.js'

interface Name {
  family?: string
  given?: string
  literal?: string
  'non-dropping-particle'?: string
}

/**
 * The author part of an in-text citation in a note style (`Smith and Doe`),
 * the rest of which goes to a note. citeproc-js's `author-only` mode misreads
 * note styles (it prints stray parts of the note), so the names are put
 * together here as the style's short notes name them: family names with their
 * non-dropping particle (`van der Berg`), the locale's “and”, “et al.” from
 * three on (CMOS 18) or after a BibTeX `and others`. Falls back to editors,
 * then to the title.
 */
export function authorNames(item: CslItem, and: string): string {
  const list = nameList(item['author']) ?? nameList(item['editor']) ?? []
  const others = list.some((name) => name.literal === othersMarker)
  const names = list
    .filter((name) => name.literal !== othersMarker)
    .map((name) => name.literal ?? ([name['non-dropping-particle'], name.family].filter(Boolean).join(' ') || name.given || ''))
  // A BibTeX title may carry citeproc's `<span class="nocase">`.
  if (names.length === 0) return typeof item['title'] === 'string' ? item['title'].replace(/<[^>]*>/g, '') : item.id
  const joiner = /^\p{L}/u.test(and) ? ` ${and} ` : and
  if (names.length >= 3 || others) return `${names[0]} et al.`
  return names.join(joiner)
}

function nameList(value: unknown): Name[] | undefined {
  return Array.isArray(value) && value.length > 0 ? (value as Name[]) : undefined
}
