import type {CslItem} from './types.js'

interface Name {
  family?: string
  given?: string
  literal?: string
}

/**
 * The author part of an in-text citation in a note style (`Smith and Doe`),
 * the rest of which goes to a note. citeproc-js's `author-only` mode misreads
 * note styles (it prints stray parts of the note), so the names are put
 * together here: family names, the locale's “and”, “et al.” from four on.
 * Falls back to editors, then to the title.
 */
export function authorNames(item: CslItem, and: string): string {
  const names = (nameList(item['author']) ?? nameList(item['editor']) ?? []).map(
    (name) => name.literal ?? name.family ?? name.given ?? ''
  )
  if (names.length === 0) return typeof item['title'] === 'string' ? item['title'] : item.id
  const joiner = /^\p{L}/u.test(and) ? ` ${and} ` : and
  if (names.length >= 4) return `${names[0]} et al.`
  if (names.length === 3) return `${names[0]}, ${names[1]},${joiner}${names[2]}`
  return names.join(joiner)
}

function nameList(value: unknown): Name[] | undefined {
  return Array.isArray(value) && value.length > 0 ? (value as Name[]) : undefined
}
