import {BlockList, isIP} from 'node:net'

/** Why an address is not one `images.remote: true` may reach. */
export type AddressKind = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'multicast' | 'reserved'

/**
 * The address ranges a fetch for `remote: true` never reaches: everything
 * that is not the public internet. Checked most specific first, so the
 * metadata service (inside link-local) is named for what it is.
 */
const ranges: ReadonlyArray<[AddressKind, ReadonlyArray<string>]> = [
  // Cloud instance metadata (AWS, GCP, Azure, OpenStack…; AWS's IPv6 one).
  ['metadata', ['169.254.169.254/32', 'fd00:ec2::254/128']],
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  // RFC 1918, carrier-grade NAT (RFC 6598), unique local (RFC 4193).
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  // IETF protocol assignments, benchmarking, documentation, class E and broadcast; deprecated IPv6 site-local and IPv4-compatible.
  ['reserved', ['192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4', 'fec0::/10', '::/96', '100::/64', '2001:db8::/32']]
]

const lists: ReadonlyArray<[AddressKind, BlockList]> = ranges.map(([kind, subnets]) => {
  const list = new BlockList()
  for (const subnet of subnets) {
    const [network = '', prefix = ''] = subnet.split('/')
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4')
  }
  return [kind, list]
})

/**
 * What kind of non-public address `address` is, or undefined for a public
 * one (or text that is no address: the caller checks that). IPv4 addresses
 * written inside IPv6 (`::ffff:127.0.0.1`, NAT64 `64:ff9b::a00:1`) are judged
 * as the IPv4 address they carry.
 */
export function classifyAddress(address: string): AddressKind | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const family = isIP(bare)
  if (family === 0) return undefined
  const embedded = family === 6 ? embeddedIpv4(bare) : undefined
  if (embedded) return classifyAddress(embedded)
  for (const [kind, list] of lists) if (list.check(bare, family === 6 ? 'ipv6' : 'ipv4')) return kind
  return undefined
}

/** The IPv4 address an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) IPv6 address carries. */
function embeddedIpv4(address: string): string | undefined {
  const words = expandIpv6(address)
  if (!words) return undefined
  const mapped = words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff
  const nat64 = words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((word) => word === 0)
  if (!mapped && !nat64) return undefined
  return [words[6]! >> 8, words[6]! & 0xff, words[7]! >> 8, words[7]! & 0xff].join('.')
}

/** An IPv6 address as its eight 16-bit words (a dotted IPv4 tail included). */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = text.slice(0, dotted.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16)
  }
  const [head = '', tail] = text.split('::')
  const parse = (part: string) => (part ? part.split(':').map((word) => Number.parseInt(word, 16)) : [])
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  const missing = 8 - left.length - right.length
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined
  return [...left, ...Array.from({length: missing}, () => 0), ...right]
}

/** A host `images.remote` lists: a name or address, and a port or none (then only the scheme's default port). */
export interface ListedHost {
  host: string
  port?: number | undefined
}

/** Read one `images.remote` entry (`cdn.example.org`, `127.0.0.1:8765`, `[::1]:8080`), or undefined when it is none. */
export function parseListedHost(entry: string): ListedHost | undefined {
  const text = entry.trim().toLowerCase()
  // A bare IPv6 address has colons of its own: it has no port.
  if (isIP(text) === 6) return {host: text}
  let url: URL
  try {
    url = new URL(`http://${text}`)
  } catch {
    return undefined
  }
  const written = text.replace(/:\d+$/, '')
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined
  const host = url.hostname.replace(/^\[|\]$/g, '')
  // The URL parser rewrites odd forms (`0x7f.1` → 127.0.0.1); an entry must say what it means.
  if (host !== written.replace(/^\[|\]$/g, '')) return undefined
  const port = /:(\d+)$/.exec(text)?.[1]
  return {host, port: port === undefined ? undefined : Number(port)}
}

/** Whether a URL's host (and port) is one the list names. */
export function isListed(url: URL, listed: ReadonlyArray<ListedHost>): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const defaultPort = url.protocol === 'https:' ? 443 : 80
  const port = url.port === '' ? defaultPort : Number(url.port)
  return listed.some((entry) => entry.host === host && (entry.port === undefined ? port === defaultPort : entry.port === port))
}
