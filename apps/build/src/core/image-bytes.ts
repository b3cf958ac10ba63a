import {relative, resolve} from 'node:path'
import type {PaperSource} from './find-papers.js'
import {readImageFile} from './read-image-file.js'
import type {RemoteImageCache} from './remote-image-cache.js'
import {admit, fetchRemote, type FetchLimits} from './remote-images.js'
import {resolveInside} from './resolve-inside.js'

/** Where an image's bytes come from, and what may be fetched. */
export interface ImageSourceOptions {
  /** Largest image file or download, in bytes. */
  maxBytes: number
  /** Use only cached remote pictures; fetch nothing. */
  offline?: boolean | undefined
  /** Remote pictures kept between builds; undefined: fetched every time, kept nowhere. */
  remoteCache?: RemoteImageCache | undefined
  /** Time limit and the like for fetching (tests shorten them). */
  remoteLimits?: FetchLimits | undefined
}

/** An image's bytes, or why there are none: a message (reason after `Unexpected `) and its rule. */
export type ImageBytes =
  | {
      ok: true
      data: Buffer
      /** The real file, for a local picture. */
      path?: string | undefined
      /** The file whose content keys the paper: the path as named (so a retargeted symlink is a change), or a remote picture's cache record. */
      input?: string | undefined
      /** Fetched now (not from the cache): to be kept once its checks pass. */
      fetched?: boolean | undefined
      /** Named by URL: its type is judged by its bytes alone. */
      remote?: boolean | undefined
    }
  | {ok: false; reason: string; ruleId: string}

/** A `data:` URI's bytes, or undefined for any other URL. */
export function dataUri(url: string): Buffer | undefined {
  const match = /^data:[^,;]*((?:;[^,;]*)*?)(;base64)?,(.*)$/is.exec(url)
  if (!match) return undefined
  return match[2] ? Buffer.from(match[3] ?? '', 'base64') : Buffer.from(safeDecode(match[3] ?? ''), 'latin1')
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** A folder as messages name it: relative to the working folder. */
function shown(folder: string): string {
  return relative(process.cwd(), folder) || '.'
}

const publicAddresses = 'a public address (`images.remote: true` never reaches loopback, private, link-local, metadata, multicast or reserved addresses; list the host to allow it)'

/**
 * The bytes of a picture a paper names (never a `data:` URI: the caller
 * decodes those): a file inside the paper's folder; a site-absolute path
 * (`/images/x.png`) inside the series' `images.site-root`; an http(s) URL
 * that `images.remote` allows, from the cache or fetched. Reads nothing
 * outside those places and nothing that is not a regular file.
 */
export async function imageBytes(url: string, source: PaperSource, options: ImageSourceOptions): Promise<ImageBytes> {
  const settings = source.config?.images
  const remote = /^\/\//.test(url) ? `https:${url}` : /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : undefined
  if (remote) return remoteBytes(url, remote, source, options)
  const name = safeDecode(url.split(/[?#]/)[0] ?? url)
  const siteAbsolute = /^\/(?!\/)/.test(name)
  if (siteAbsolute && !settings?.siteRoot) {
    return {
      ok: false,
      reason: `image \`${url}\` outside the paper’s folder, expected a file inside ${shown(source.folder)}, or \`images.site-root\` in series.yaml for site-absolute paths`,
      ruleId: 'image-outside'
    }
  }
  const folder = siteAbsolute ? settings!.siteRoot! : source.folder
  const folderName = siteAbsolute ? 'the site root (`images.site-root`)' : 'the paper’s folder'
  const relativeName = siteAbsolute ? name.replace(/^\/+/, '') : name
  const result = await resolveInside(relativeName, folder)
  if (!result.ok) {
    return result.problem === 'missing'
      ? {ok: false, reason: `missing image \`${url}\`, expected a file inside ${shown(folder)}`, ruleId: 'image-missing'}
      : {ok: false, reason: `image \`${url}\` outside ${folderName}, expected a file inside ${shown(folder)}`, ruleId: 'image-outside'}
  }
  const read = await readImageFile(result.path, options.maxBytes)
  if (read.ok) return {ok: true, data: read.data, path: result.path, input: resolve(folder, relativeName)}
  if (read.problem === 'too-large') return {ok: false, reason: `image \`${url}\` of ${read.detail}, expected a smaller picture file`, ruleId: 'image-too-large'}
  if (read.problem === 'unreadable') return {ok: false, reason: `unreadable image \`${url}\` (${read.detail}), expected a readable picture file`, ruleId: 'image-unreadable'}
  return {ok: false, reason: `image \`${url}\` that is ${read.detail}, expected a picture file`, ruleId: 'image-not-file'}
}

async function remoteBytes(written: string, url: string, source: PaperSource, options: ImageSourceOptions): Promise<ImageBytes> {
  const policy = source.config?.images?.remote
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    parsed = undefined
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    return {ok: false, reason: `remote image \`${written}\`, expected a file inside the paper’s folder, or an http(s) URL that \`images.remote\` in series.yaml allows`, ruleId: 'image-remote'}
  }
  if (!policy) return {ok: false, reason: `remote image \`${written}\`, expected a file inside the paper’s folder, or \`images.remote\` in series.yaml to fetch it`, ruleId: 'image-remote'}
  // The policy first: a cached picture from a host no longer allowed is not used either.
  const refused = admit(parsed, policy)
  if (refused) return fetchFailure(written, refused)
  const {remoteCache: cache} = options
  const kept = await cache?.get(url, options.maxBytes)
  if (kept) return {ok: true, data: kept, input: cache!.recordPath(url), remote: true}
  if (options.offline) {
    return {ok: false, reason: `remote image \`${written}\` that is not in the cache, expected no fetching while offline (--offline; build once online to keep it)`, ruleId: 'image-offline'}
  }
  const fetched = await fetchRemote(url, policy, {...options.remoteLimits, maxBytes: options.maxBytes})
  if (!fetched.ok) return fetchFailure(written, fetched)
  return {ok: true, data: fetched.data, fetched: true, remote: true}
}

function fetchFailure(url: string, failure: {problem: 'refused' | 'address' | 'failed' | 'too-large'; detail: string}): ImageBytes {
  const {problem, detail} = failure
  if (problem === 'refused') return {ok: false, reason: `remote image \`${url}\` (${detail}), expected an http(s) URL on a host that \`images.remote\` allows`, ruleId: 'image-remote'}
  if (problem === 'address') return {ok: false, reason: `remote image \`${url}\` at a ${detail}, expected ${publicAddresses}`, ruleId: 'image-remote-address'}
  if (problem === 'too-large') return {ok: false, reason: `remote image \`${url}\` of ${detail}, expected a smaller picture`, ruleId: 'image-too-large'}
  return {ok: false, reason: `remote image \`${url}\` that could not be fetched (${detail}), expected the picture (HTTP 200, whole, within the time limit)`, ruleId: 'image-remote-failed'}
}
