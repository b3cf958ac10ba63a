import type {NoteEntry} from './tag-notes.js'

/**
 * What the PDF’s tags need to know of the document’s links, read from the
 * markup `toDocument` writes: an alternate description per href, and the
 * notes list. A note call (`role="doc-noteref"`) is `Note 3`, a back link
 * (`role="doc-backlink"`) `Back to the call of note 3`, a link with an
 * `aria-label` that label, a link out its URL.
 */
export function documentLinks(html: string): {links: Map<string, string>; notes: NoteEntry[]} {
  const links = new Map<string, string>()
  for (const match of html.matchAll(/<a\s([^>]*)>([\s\S]*?)<\/a>/g)) {
    const attributes = match[1]!
    const href = attribute(attributes, 'href')
    if (href === undefined || links.has(href)) continue
    const text = decodeEntities(match[2]!.replace(/<[^>]*>/g, '')).replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim()
    const role = attribute(attributes, 'role')
    const number = text.replace(/\.$/, '')
    const label = attribute(attributes, 'aria-label')
    const description = label ?? (role === 'doc-noteref' ? `Note ${number}` : role === 'doc-backlink' ? `Back to the call of note ${number}` : href.startsWith('#') ? text || href.slice(1) : href)
    links.set(href, description)
  }
  const notes: NoteEntry[] = []
  for (const match of html.matchAll(/<li\b[^>]*\bid="([^"]+)"[^>]*>\s*(?:<p>)?\s*<a\s([^>]*\brole="doc-backlink"[^>]*)>/g)) {
    const backlink = attribute(match[2]!, 'href')
    if (backlink) notes.push({id: decodeEntities(match[1]!), backlink: decodeEntities(backlink)})
  }
  return {links, notes}
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)
  return match ? decodeEntities(match[1]!) : undefined
}

/** Character references as `toDocument` (hast-util-to-html) writes them. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad'}
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (whole, hex?: string, decimal?: string, name?: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16))
    if (decimal) return String.fromCodePoint(Number(decimal))
    return named[name!.toLowerCase()] ?? whole
  })
}
