import type {CacheEntry, CachedArtifact} from './paper-cache.js'
import {sha256} from './paper-cache.js'

export interface RemoteCacheOptions {
  /** The server's base URL, as turbo's `TURBO_API` (e.g. http://127.0.0.1:3000). */
  api: string
  /** Bearer token, as `TURBO_TOKEN`. */
  token: string
  /** Team slug, as `TURBO_TEAM`. Default: none. */
  team?: string | undefined
  /** Give up on one request after this long, in ms. Default: 10 s. */
  timeout?: number | undefined
  /** Told once when the remote stops answering; the build goes on locally. */
  onUnavailable?: ((reason: string) => void) | undefined
}

/** The remote cache settings from turbo's own environment variables, when set. */
export function remoteFromEnvironment(env: NodeJS.ProcessEnv = process.env): RemoteCacheOptions | undefined {
  if (!env.TURBO_API || !env.TURBO_TOKEN) return undefined
  return {api: env.TURBO_API, token: env.TURBO_TOKEN, team: env.TURBO_TEAM}
}

/**
 * Rendered papers shared through a server that speaks Turborepo's Remote
 * Cache API (`GET`/`PUT /v8/artifacts/:hash`, bearer token) — the server a
 * monorepo already uses for its tasks. A paper's entry is stored under its
 * cache key, each artifact under its sha256, and everything fetched is
 * checked against its hash before use. A server that is down, slow or
 * refuses is never the build's failure: after the first fault the remote is
 * left alone and papers render locally.
 */
export class RemoteCache {
  private available = true

  constructor(private readonly options: RemoteCacheOptions) {}

  /** The entry stored under a key, or undefined. */
  async entry(key: string): Promise<CacheEntry | undefined> {
    const data = await this.get(`offprint-entry-${key}`)
    if (!data) return undefined
    try {
      const entry = JSON.parse(Buffer.from(data).toString('utf8')) as CacheEntry
      return entry.key === key ? entry : undefined
    } catch {
      return undefined
    }
  }

  /** An artifact's bytes, verified, or undefined. */
  async artifact(artifact: CachedArtifact): Promise<Uint8Array | undefined> {
    const data = await this.get(artifact.sha256)
    return data && sha256(data) === artifact.sha256 ? data : undefined
  }

  /** Upload a paper's artifacts, then its entry (so an entry never points at missing bytes). */
  async put(entry: CacheEntry, files: ReadonlyArray<{sha256: string; data: Uint8Array}>): Promise<void> {
    for (const file of files) if (!(await this.send(file.sha256, file.data))) return
    await this.send(`offprint-entry-${entry.key}`, Buffer.from(JSON.stringify(entry)))
  }

  private url(id: string): string {
    const team = this.options.team ? `?slug=${encodeURIComponent(this.options.team)}` : ''
    return `${this.options.api.replace(/\/+$/, '')}/v8/artifacts/${encodeURIComponent(id)}${team}`
  }

  private async get(id: string): Promise<Uint8Array | undefined> {
    if (!this.available) return undefined
    try {
      const response = await fetch(this.url(id), {headers: this.headers(), signal: AbortSignal.timeout(this.options.timeout ?? 10_000)})
      if (response.status === 404) return undefined
      if (!response.ok) return this.fail(`GET answered ${response.status}`)
      return new Uint8Array(await response.arrayBuffer())
    } catch (error) {
      return this.fail(describe(error))
    }
  }

  private async send(id: string, data: Uint8Array): Promise<boolean> {
    if (!this.available) return false
    try {
      const response = await fetch(this.url(id), {
        method: 'PUT',
        headers: {...this.headers(), 'Content-Type': 'application/octet-stream'},
        body: new Blob([new Uint8Array(data)]),
        signal: AbortSignal.timeout(this.options.timeout ?? 10_000)
      })
      if (!response.ok) return Boolean(this.fail(`PUT answered ${response.status}`))
      return true
    } catch (error) {
      return Boolean(this.fail(describe(error)))
    }
  }

  private headers(): Record<string, string> {
    return {Authorization: `Bearer ${this.options.token}`}
  }

  private fail(reason: string): undefined {
    if (this.available) this.options.onUnavailable?.(reason)
    this.available = false
    return undefined
  }
}

function describe(error: unknown): string {
  const cause = (error as {cause?: {code?: string}}).cause?.code
  return cause ?? (error instanceof Error ? error.message : String(error))
}
