import type {CatalogEntry} from './render-catalog.js'

/** A catalog entry with the other editions of its paper, in other languages. */
export interface EntryWithEditions {
  entry: CatalogEntry
  editions: CatalogEntry[]
}

/**
 * One entry per paper: a translation (`translation-of` an entry present, or
 * named in an entry's `translations`) is folded into its original's entry,
 * as one of its languages. Editions whose original is not in the catalog
 * stay entries of their own.
 */
export function groupEditions(entries: ReadonlyArray<CatalogEntry>): EntryWithEditions[] {
  const bySlug = new Map(entries.map((entry) => [entry.slug, entry]))
  const originalOf = (entry: CatalogEntry): CatalogEntry | undefined => {
    const named = entry.meta.translationOf ? bySlug.get(entry.meta.translationOf) : undefined
    if (named && named !== entry && !named.meta.translationOf) return named
    return entries.find((other) => other !== entry && !other.meta.translationOf && Object.values(other.meta.translations ?? {}).includes(entry.slug))
  }
  const folded = new Map<CatalogEntry, CatalogEntry[]>()
  const result: EntryWithEditions[] = []
  for (const entry of entries) {
    if (originalOf(entry)) continue
    const editions: CatalogEntry[] = []
    folded.set(entry, editions)
    result.push({entry, editions})
  }
  for (const entry of entries) {
    const original = originalOf(entry)
    if (original) folded.get(original)?.push(entry)
  }
  return result
}
