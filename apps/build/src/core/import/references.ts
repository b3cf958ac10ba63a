import type {CitationField, CitationItem} from './fields.js'

/** A CSL-JSON item as references.json holds it. */
export type CslItem = Record<string, unknown> & {id: string}

/** Labels CSL gives a locator, as the abbreviation our citation syntax reads back. */
const labelWords: Record<string, string> = {
  page: 'p.',
  chapter: 'chap.',
  section: 'sec.',
  paragraph: 'para.',
  volume: 'vol.',
  figure: 'fig.',
  note: 'n.',
  line: 'l.',
  column: 'col.',
  part: 'pt.',
  book: 'bk.',
  verse: 'v.',
  issue: 'no.',
  folio: 'fol.',
  'sub-verbo': 's.v.'
}

/**
 * The works the citation fields name, each once, under a key made from its
 * first author and year (`smith2013`, `smith2013a`…), and each field as
 * pandoc's citation syntax (`[see @smith2013, p. 2]`).
 */
export function referencesOf(fields: ReadonlyArray<CitationField>): {items: CslItem[]; markdown: Map<string, string>} {
  const byIdentity = new Map<string, CslItem>()
  const used = new Set<string>()
  const markdown = new Map<string, string>()
  for (const field of fields) {
    const parts = field.items.map((item) => {
      const identity = identityOf(item)
      let csl = byIdentity.get(identity)
      if (!csl) {
        const key = uniqueKey(baseKey(item.itemData ?? {}), used)
        csl = {...(item.itemData ?? {}), id: key}
        byIdentity.set(identity, csl)
      }
      return citationPart(item, csl.id)
    })
    markdown.set(field.token, `[${parts.join('; ')}]`)
  }
  return {items: [...byIdentity.values()], markdown}
}

function identityOf(item: CitationItem): string {
  const uris = item.uris ?? item.uri
  if (Array.isArray(uris) && typeof uris[0] === 'string') return uris[0]
  if (item.id !== undefined) return `id:${String(item.id)}`
  return JSON.stringify(item.itemData)
}

function baseKey(data: Record<string, unknown>): string {
  const names = (data.author ?? data.editor) as Array<{family?: string; literal?: string}> | undefined
  const name = Array.isArray(names) && names[0] ? (names[0].family ?? names[0].literal ?? '') : String(data.title ?? 'item')
  const issued = data.issued as {'date-parts'?: unknown[][]; raw?: string} | undefined
  const year = String(issued?.['date-parts']?.[0]?.[0] ?? /\d{4}/.exec(issued?.raw ?? '')?.[0] ?? 'nd')
  const word = (name.split(/\s+/)[0] ?? '')
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase()
  return (word || 'item') + year.replace(/\D/g, '')
}

function uniqueKey(base: string, used: Set<string>): string {
  let key = base
  for (let index = 0; used.has(key); index++) key = base + (index < 26 ? String.fromCharCode(97 + index) : String(index))
  used.add(key)
  return key
}

/** One work of a citation as pandoc writes it: `prefix -@key, p. 2 suffix`. */
function citationPart(item: CitationItem, key: string): string {
  const prefix = clean(item.prefix)
  const suffix = clean(item.suffix)
  const locator = clean(item.locator)
  const label = locator ? (labelWords[item.label ?? 'page'] ?? '') : ''
  let text = `${prefix ? prefix + ' ' : ''}${item['suppress-author'] ? '-' : ''}@${key}`
  if (locator) text += `, ${label ? label + ' ' : ''}${locator}`
  if (suffix) text += locator ? ` ${suffix.replace(/^,\s*/, '')}` : `, ${suffix.replace(/^,\s*/, '')}`
  return text
}

/** Text for inside `[…]`: no brackets or semicolons that would end the citation early. */
function clean(value: string | undefined): string {
  return (value ?? '').replace(/[[\];]/g, ' ').replace(/\s+/g, ' ').trim()
}
