import {createHash, randomBytes} from 'node:crypto'
import {mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {readImageFile} from './read-image-file.js'

/** What the cache knows of a URL: the content hash of the picture fetched from it. */
interface UrlRecord {
  url: string
  sha256: string
  bytes: number
}

/**
 * Remote pictures kept between builds, in the per-paper cache folder
 * (`<cache>/images/`): the bytes by content hash (`objects/<sha256>`), and
 * for each URL a record naming that hash (`urls/<sha256 of the URL>.json`).
 * A paper using the picture counts the record among its inputs, so its
 * cache key changes with the picture's content; a rebuild reads the bytes
 * from here and never fetches. Only pictures that passed every check are
 * kept, each file written whole and renamed into place.
 */
export class RemoteImageCache {
  constructor(readonly folder: string) {}

  /** The record of a URL: the file a paper's cache key reads. */
  recordPath(url: string): string {
    return join(this.folder, 'urls', sha256(url).slice(0, 32) + '.json')
  }

  /** The bytes kept for a URL, checked against their hash; undefined when absent, damaged or over `maxBytes`. */
  async get(url: string, maxBytes: number): Promise<Buffer | undefined> {
    const text = await readFile(this.recordPath(url), 'utf8').catch(() => undefined)
    let record: Partial<UrlRecord> | undefined
    try {
      record = text ? (JSON.parse(text) as Partial<UrlRecord>) : undefined
    } catch {
      return undefined
    }
    if (record?.url !== url || typeof record.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(record.sha256)) return undefined
    const read = await readImageFile(this.objectPath(record.sha256), maxBytes)
    return read.ok && sha256(read.data) === record.sha256 ? read.data : undefined
  }

  /** Keep a URL's checked bytes; returns the record's path. Throws when the folder cannot be written. */
  async put(url: string, data: Buffer): Promise<string> {
    const hash = sha256(data)
    await mkdir(join(this.folder, 'objects'), {recursive: true})
    await mkdir(join(this.folder, 'urls'), {recursive: true})
    await writeWhole(this.objectPath(hash), data)
    const record: UrlRecord = {url, sha256: hash, bytes: data.byteLength}
    await writeWhole(this.recordPath(url), JSON.stringify(record))
    return this.recordPath(url)
  }

  private objectPath(hash: string): string {
    return join(this.folder, 'objects', hash)
  }
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Write to a temporary name, then rename: a reader sees the whole file or none; a failed write leaves nothing. */
async function writeWhole(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temporary, data)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, {force: true})
    throw error
  }
}
