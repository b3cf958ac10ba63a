import {lookup as dnsLookup, type LookupAddress, type LookupOptions} from 'node:dns'
import {request as httpRequest, type IncomingMessage} from 'node:http'
import {request as httpsRequest} from 'node:https'
import {isIP, type LookupFunction} from 'node:net'
import {classifyAddress, isListed, type AddressKind, type ListedHost} from './address-policy.js'
import {formatBytes} from './read-image-file.js'

/** Which remote hosts a series lets its papers' images come from (`images.remote` in series.yaml). */
export interface RemotePolicy {
  /** Any host whose every address is public (`remote: true`). */
  any: boolean
  /** Hosts allowed as listed, wherever they resolve (`remote: [cdn.example.org, "127.0.0.1:8765"]`). */
  hosts: ReadonlyArray<ListedHost>
}

export interface FetchLimits {
  /** The whole fetch, redirects and body included, in ms. Default: 20 s. */
  timeout?: number | undefined
  /** Largest body accepted, in bytes. Default: 50 MB. */
  maxBytes?: number | undefined
  /** Redirects followed, each checked again. Default: 3. */
  maxRedirects?: number | undefined
  /** How names are resolved (tests give their own). Default: the system's, `dns.lookup`. */
  resolve?: typeof dnsLookup | undefined
}

export type Fetched =
  | {ok: true; data: Buffer}
  | {ok: false; problem: 'refused' | 'address' | 'failed' | 'too-large'; detail: string}

export const defaultRemoteTimeout = 20_000

/**
 * Fetch a remote picture for a paper, by Offprint and never by a browser:
 * http(s) only, a host the policy allows, at most `maxRedirects` redirects
 * (each judged as the first URL), within a time limit, and the body streamed
 * and stopped past `maxBytes`. Under `any`, a host that is not listed must
 * resolve to public addresses only: the check runs in the connection's own
 * lookup, on the address it then connects to, so a name that resolves
 * differently the second time (DNS rebinding) gains nothing. Never throws.
 */
export async function fetchRemote(url: string, policy: RemotePolicy, limits: FetchLimits = {}): Promise<Fetched> {
  const maxBytes = limits.maxBytes ?? 50_000_000
  const maxRedirects = limits.maxRedirects ?? 3
  const timeout = limits.timeout ?? defaultRemoteTimeout
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeout)
  try {
    let current = new URL(url)
    for (let redirects = 0; ; redirects++) {
      const refused = admit(current, policy, redirects > 0 ? current.href : undefined)
      if (refused) return refused
      const listed = isListed(current, policy.hosts)
      const got = await get(current, {signal: controller.signal, maxBytes, guard: !listed, resolve: limits.resolve ?? dnsLookup})
      if (!got.ok) return controller.signal.aborted ? {ok: false, problem: 'failed', detail: `no answer within ${timeout / 1000} s`} : got
      if ('location' in got) {
        if (redirects >= maxRedirects) return {ok: false, problem: 'failed', detail: `more than ${maxRedirects} redirects`}
        current = new URL(got.location, current)
        continue
      }
      return got
    }
  } catch (error) {
    return {ok: false, problem: 'failed', detail: (error as Error).message}
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Why `url` may not be fetched under the policy, judged before any
 * connection (and before a cached copy is used), or undefined when it may.
 */
export function admit(url: URL, policy: RemotePolicy, redirected?: string): Extract<Fetched, {ok: false}> | undefined {
  const via = redirected ? `, redirected to ${redirected}` : ''
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return {ok: false, problem: 'refused', detail: `a ${url.protocol.replace(/:$/, '')}: URL${via}`}
  if (url.username || url.password) return {ok: false, problem: 'refused', detail: `a URL with a user name or password${via}`}
  if (isListed(url, policy.hosts)) return undefined
  if (!policy.any) return {ok: false, problem: 'refused', detail: `host ${url.host}${via}, which \`images.remote\` does not list`}
  // An address written in the URL is never looked up: judge it here.
  const kind = classifyAddress(url.hostname)
  if (kind) return refusedAddress(url.hostname.replace(/^\[|\]$/g, ''), kind, via)
  return undefined
}

function refusedAddress(address: string, kind: AddressKind, via = ''): Extract<Fetched, {ok: false}> {
  return {ok: false, problem: 'address', detail: `${kind} address ${address}${via}`}
}

type Got = Fetched | {ok: true; location: string}

interface GetOptions {
  signal: AbortSignal
  maxBytes: number
  /** Refuse non-public addresses at connection time. */
  guard: boolean
  resolve: typeof dnsLookup
}

/** One request: the body (bounded), a redirect's location, or why not. */
function get(url: URL, options: GetOptions): Promise<Got> {
  return new Promise((resolve) => {
    let refused: Fetched | undefined
    const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
      options.resolve(hostname, {...(lookupOptions as LookupOptions), all: true}, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 0)
        const bad = addresses.map((entry) => [entry.address, classifyAddress(entry.address)] as const).find(([, kind]) => kind)
        if (options.guard && bad) {
          refused = refusedAddress(bad[0], bad[1]!, `, which ${hostname} resolves to`)
          return callback(Object.assign(new Error(refused.detail), {code: 'EOFFPRINTADDRESS'}), '', 0)
        }
        if ((lookupOptions as LookupOptions).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses)
        callback(null, addresses[0]!.address, addresses[0]!.family)
      })
    }
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: url.pathname + url.search,
        method: 'GET',
        headers: {accept: 'image/*', 'user-agent': 'Offprint (image fetch)'},
        // A connection of its own, so every request goes through the lookup above.
        agent: false,
        lookup: isIP(url.hostname.replace(/^\[|\]$/g, '')) ? undefined : lookup,
        signal: options.signal
      },
      (response) => {
        const status = response.statusCode ?? 0
        if ([301, 302, 303, 307, 308].includes(status)) {
          response.resume()
          const location = response.headers.location
          resolve(location ? {ok: true, location} : {ok: false, problem: 'failed', detail: `a ${status} redirect without a location`})
          return
        }
        if (status !== 200) {
          response.resume()
          resolve({ok: false, problem: 'failed', detail: `HTTP status ${status}`})
          return
        }
        readBody(response, options.maxBytes, resolve)
      }
    )
    request.on('error', (error) => resolve(refused ?? {ok: false, problem: 'failed', detail: describeError(error)}))
    request.end()
  })
}

/** The body, stopped (and the connection closed) as soon as it passes `maxBytes`. */
function readBody(response: IncomingMessage, maxBytes: number, resolve: (got: Got) => void): void {
  const declared = Number(response.headers['content-length'])
  const tooLarge = (size: string): Got => ({ok: false, problem: 'too-large', detail: size})
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy()
    resolve(tooLarge(`${formatBytes(declared)} (over the ${formatBytes(maxBytes)} limit)`))
    return
  }
  const chunks: Buffer[] = []
  let total = 0
  response.on('data', (chunk: Buffer) => {
    total += chunk.length
    if (total > maxBytes) {
      response.destroy()
      resolve(tooLarge(`more than ${formatBytes(maxBytes)} (the limit)`))
      return
    }
    chunks.push(chunk)
  })
  const cut: Got = {ok: false, problem: 'failed', detail: 'a connection closed before the picture was whole'}
  response.on('end', () => resolve(response.complete ? {ok: true, data: Buffer.concat(chunks, total)} : cut))
  response.on('error', (error) => resolve({ok: false, problem: 'failed', detail: describeError(error)}))
  // Closed without an end: cut short (a settled promise ignores this after `end`).
  response.on('close', () => resolve(cut))
}

function describeError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'a host name that does not resolve'
  if (code === 'ECONNREFUSED') return 'a connection refused'
  if (code === 'ABORT_ERR' || error.name === 'AbortError') return 'no answer within the time limit'
  return code ? `${code}: ${error.message}` : error.message
}
