import {createHash} from 'node:crypto'
import {constants} from 'node:fs'
import {copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import {join, relative, resolve, sep} from 'node:path'
import type {PaperMeta, Severity} from '@offprint/parse'
import type {PaperSource} from './find-papers.js'

/** `press` is `<slug>-press.pdf`, the PDF/X edition (`print.pdfx`). */
export type Format = 'pdf' | 'epub' | 'html' | 'press'

/** One artifact as the cache keeps it: content-addressed by its sha256. */
export interface CachedArtifact {
  format: Format
  name: string
  sha256: string
  bytes: number
  pages?: number | undefined
}

/** A message to say again when a cached paper is reused. */
export interface CachedMessage {
  line: number
  column: number
  ruleId: string
  severity: Severity
  reason: string
}

/** What a build of one paper left: enough to skip the next one and to list it in the catalog. */
export interface CacheEntry {
  key: string
  /** Every file the output depended on; a change in any of them is a new key. */
  inputs: string[]
  artifacts: CachedArtifact[]
  meta: PaperMeta
  messages: CachedMessage[]
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Inputs past this size are keyed by size and time, not read (no input a build accepts is near it). */
const maxHashedBytes = 256 * 1024 * 1024

/**
 * The sha256 of a file's content, read through any symlink (the bytes a
 * build would read now), streamed; a file that is gone, not a regular file
 * (a FIFO would hang the read, /dev/zero never end) or huge is keyed by what
 * it is instead.
 */
async function contentHash(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined)
  if (!info) return 'missing'
  if (!info.isFile()) return 'missing'
  if (info.size > maxHashedBytes) return `large:${info.size}:${info.mtimeMs}`
  const hash = createHash('sha256')
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    // Without blocking: a FIFO swapped in after the stat cannot stall the open.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
    if (!(await handle.stat()).isFile()) return 'missing'
    for await (const chunk of handle.createReadStream({autoClose: false})) hash.update(chunk as Buffer)
  } catch {
    return 'unreadable'
  } finally {
    await handle?.close()
  }
  return hash.digest('hex')
}

/** Whether parsed JSON has the shape of an entry (anything else is a miss, never a crash). */
function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Partial<CacheEntry>
  return (
    typeof entry.key === 'string' &&
    Array.isArray(entry.inputs) &&
    entry.inputs.every((input) => typeof input === 'string') &&
    Array.isArray(entry.artifacts) &&
    entry.artifacts.every((artifact) => typeof artifact === 'object' && artifact !== null && typeof artifact.sha256 === 'string' && /^[0-9a-f]{64}$/.test(artifact.sha256) && typeof artifact.name === 'string') &&
    typeof entry.meta === 'object' &&
    entry.meta !== null &&
    Array.isArray(entry.messages)
  )
}

/** A temporary object older than this was left by a build that died (a full disk, a kill). */
const staleTemporary = 60 * 60 * 1000

/**
 * The per-paper cache: entries by paper path, artifacts by content hash, in
 * one folder (default `.offprint-cache/`). The key covers the engine (code,
 * theme, styles), the settings that change output, and the content of every
 * input, so a paper whose key is unchanged is not rendered again.
 */
export class PaperCache {
  /**
   * @param root Input paths are keyed relative to it (the series' checkout),
   *   so two machines with the same files compute the same key.
   */
  constructor(
    readonly folder: string,
    private readonly salt: string,
    readonly root: string = process.cwd()
  ) {}

  /** Paths as entries keep them: relative to the root, with `/`. */
  relativeInputs(inputs: ReadonlyArray<string>): string[] {
    return [...new Set(inputs.map((path) => relative(this.root, path).split(sep).join('/')))].sort()
  }

  /**
   * The key for a paper (`paper`, its markdown file) and the input files it
   * read (relative to the root), as they are now; a missing file counts too.
   * The paper's own path is part of it: two papers can read the same files
   * (a paper and its linked translation each read both), and must not share
   * a key, or the remote cache would hand one the other's artifacts.
   */
  async keyFor(inputs: ReadonlyArray<string>, paper: string): Promise<string> {
    const hash = createHash('sha256').update(this.salt)
    hash.update('\0paper\0' + this.relativeInputs([resolve(this.root, paper)])[0])
    for (const path of this.relativeInputs(inputs.map((input) => resolve(this.root, input)))) {
      hash.update('\0' + path + '\0' + (await contentHash(resolve(this.root, path))))
    }
    return hash.digest('hex')
  }

  /** The entry for a paper whose inputs have not changed since it was stored, else undefined. */
  async lookup(source: PaperSource): Promise<CacheEntry | undefined> {
    const text = await readFile(this.entryPath(source), 'utf8').catch(() => undefined)
    if (!text) return undefined
    let entry: unknown
    try {
      entry = JSON.parse(text)
    } catch {
      return undefined
    }
    if (!isEntry(entry)) return undefined
    return (await this.keyFor(entry.inputs, source.path)) === entry.key ? entry : undefined
  }

  /** An artifact's bytes from the store, checked against its hash; undefined when absent or damaged. */
  async read(artifact: CachedArtifact): Promise<Buffer | undefined> {
    const data = await readFile(this.objectPath(artifact.sha256)).catch(() => undefined)
    return data && sha256(data) === artifact.sha256 ? data : undefined
  }

  /** Keep a build's artifacts and its entry; written whole, then renamed into place. */
  async store(source: PaperSource, entry: Omit<CacheEntry, 'artifacts'>, files: ReadonlyArray<{format: Format; name: string; data: Uint8Array | string; pages?: number | undefined}>): Promise<CacheEntry> {
    await mkdir(join(this.folder, 'objects'), {recursive: true})
    await this.sweep()
    await mkdir(join(this.folder, 'papers'), {recursive: true})
    const artifacts: CachedArtifact[] = []
    for (const file of files) {
      const data = typeof file.data === 'string' ? Buffer.from(file.data) : file.data
      const hash = sha256(data)
      await this.writeAtomic(this.objectPath(hash), data)
      artifacts.push({format: file.format, name: file.name, sha256: hash, bytes: data.byteLength, pages: file.pages})
    }
    const full: CacheEntry = {...entry, inputs: this.relativeInputs(entry.inputs.map((input) => resolve(this.root, input))), artifacts}
    await this.remember(source, full)
    return full
  }

  /** Record an entry for a paper (one built here, or one fetched from a remote cache). */
  async remember(source: PaperSource, entry: CacheEntry): Promise<void> {
    await mkdir(join(this.folder, 'papers'), {recursive: true})
    await this.writeAtomic(this.entryPath(source), JSON.stringify(entry))
  }

  /** Keep an artifact's bytes in the store (after checking them against their hash). */
  async keep(artifact: CachedArtifact, data: Uint8Array): Promise<void> {
    if (sha256(data) !== artifact.sha256) throw new Error(`artifact ${artifact.name} does not match its hash`)
    await mkdir(join(this.folder, 'objects'), {recursive: true})
    await this.sweep()
    await this.writeAtomic(this.objectPath(artifact.sha256), data)
  }

  /** Copy a stored artifact to a path (for restoring an output folder). */
  async copyTo(artifact: CachedArtifact, path: string): Promise<void> {
    await copyFile(this.objectPath(artifact.sha256), path)
  }

  private entryPath(source: PaperSource): string {
    return join(this.folder, 'papers', sha256(source.path).slice(0, 32) + '.json')
  }

  private objectPath(hash: string): string {
    return join(this.folder, 'objects', hash)
  }

  private swept: Promise<void> | undefined

  /** Once per cache: remove temporary objects of builds that died writing them, over an hour ago. */
  private sweep(): Promise<void> {
    this.swept ??= (async () => {
      for (const folder of ['objects', 'papers'].map((name) => join(this.folder, name))) {
        for (const name of await readdir(folder).catch(() => [] as string[])) {
          if (!name.endsWith('.tmp')) continue
          const path = join(folder, name)
          const info = await stat(path).catch(() => undefined)
          if (info && Date.now() - info.mtimeMs > staleTemporary) await rm(path, {force: true})
        }
      }
    })()
    return this.swept
  }

  /** Written whole to a temporary file, then renamed; a failure (a full disk) removes the temporary file. */
  private async writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
    const temporary = `${path}.${process.pid}.tmp`
    let done = false
    try {
      await writeFile(temporary, data)
      await rename(temporary, path)
      done = true
    } finally {
      if (!done) await rm(temporary, {force: true, recursive: true})
    }
  }
}
