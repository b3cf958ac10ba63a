import {rmSync} from 'node:fs'
import {mkdir, mkdtemp, readdir, realpath, rename, rm, stat, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join, relative} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import lockfile from 'proper-lockfile'
import {onInterrupt} from './interrupt.js'

/** A problem with the output folder itself: every paper would fail, so the build stops (exit 1). */
export class OutputError extends Error {
  override name = 'OutputError'
}

export interface OpenOptions {
  /** Told once when another build holds the folder and this one waits for it. */
  onWait?: ((lock: string) => void) | undefined
  /** Test hook: milliseconds to hold each paper between staging and rename. Default: 0. */
  stagingDelay?: number | undefined
}

const stagingPrefix = '.offprint-staging-'
const lockName = '.offprint-lock'
/** A lock not refreshed for this long belongs to a build that was killed. */
const staleAfter = 5_000

/**
 * The output folder of one build: locked against other builds writing into
 * it, with one staging folder for the whole build. Each paper's artifacts are
 * written in full to a folder of their own inside it, then renamed into
 * place, so nothing half-written ever appears in the output folder, and a
 * killed build leaves only a staging folder the next build sweeps away.
 *
 * The staging folder is a hidden sibling of the output folder, on the same
 * file system so that `rename` is atomic; when the output folder is a mount
 * point (a CI volume, a tmpfs), it is a hidden folder inside it instead.
 */
export class OutputFolder {
  private closed = false
  private readonly disposeInterrupt: () => void

  private constructor(
    readonly path: string,
    /** This build's staging folder. */
    readonly staging: string,
    private readonly release: () => Promise<void>,
    private readonly options: OpenOptions
  ) {
    // Interrupted (SIGINT, SIGTERM): leave no staging folder or lock behind.
    this.disposeInterrupt = onInterrupt(() => {
      rmSync(this.staging, {recursive: true, force: true})
      try {
        lockfile.unlockSync(this.path, {realpath: false, lockfilePath: lockPath(this.path, this.staging)})
      } catch {
        // Not held any more.
      }
    })
  }

  /**
   * Make the folder if needed, check that it can be written, wait for any
   * other build writing into it, sweep staging folders of killed builds and
   * make this build's own. Throws OutputError when the folder is unusable.
   */
  static async open(given: string, options: OpenOptions = {}): Promise<OutputFolder> {
    const shown = relative(process.cwd(), given) || '.'
    const info = await stat(given).catch(() => undefined)
    if (info && !info.isDirectory()) throw new OutputError(`Unexpected file at the output path ${shown}, expected a folder (or no file there)`)
    await mkdir(given, {recursive: true}).catch((error: unknown) => {
      throw new OutputError(`Unexpected ${describe(error)} creating the output folder ${shown}, expected a folder that can be created`)
    })
    // The real folder: two builds reaching it by different names (a symlinked --out) take one lock.
    const path = await realpath(given).catch(() => given)
    await probe(path, shown)
    const inside = (await stat(dirname(path)).catch(() => undefined))?.dev !== (await stat(path)).dev
    const parent = inside ? path : dirname(path)
    const prefix = inside ? stagingPrefix : `.${basename(path)}${stagingPrefix}`
    const staging = join(parent, prefix + process.pid)
    const release = await acquire(path, lockPath(path, staging), options.onWait, shown)
    try {
      await removeStale(parent, prefix)
      await mkdir(staging, {recursive: true})
    } catch (error) {
      await release()
      throw new OutputError(`Unexpected ${describe(error)} creating a staging folder in ${relative(process.cwd(), parent) || '.'}, expected a writable folder`)
    }
    return new OutputFolder(path, staging, release, options)
  }

  /**
   * Write files all or nothing: each in full to a folder of this call's own
   * inside the staging folder, then renamed over the old one. A failure
   * before the renames (a full disk) leaves the previous files as they were.
   */
  async write(files: ReadonlyArray<{name: string; data: Uint8Array | string}>): Promise<void> {
    if (this.closed) throw new Error('The output folder was closed')
    const folder = await mkdtemp(join(this.staging, 'paper-'))
    try {
      const staged = await Promise.all(
        files.map(async (file) => {
          const from = join(folder, file.name)
          await writeFile(from, file.data)
          return {from, to: join(this.path, file.name)}
        })
      )
      if (this.options.stagingDelay) await sleep(this.options.stagingDelay)
      for (const {from, to} of staged) await rename(from, to)
    } catch (error) {
      throw new OutputError(`Unexpected ${describe(error)} writing to ${relative(process.cwd(), this.path) || '.'}, expected room for the files`, {cause: error})
    } finally {
      await rm(folder, {recursive: true, force: true})
    }
  }

  /** Remove the staging folder and let other builds in. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.disposeInterrupt()
    await rm(this.staging, {recursive: true, force: true})
    await this.release()
  }
}

/** The lock sits beside the staging folder: outside the output folder when that can be. */
function lockPath(out: string, staging: string): string {
  return dirname(staging) === out ? join(out, lockName) : join(dirname(out), `.${basename(out)}${lockName}`)
}

/**
 * Hold the lock of an output folder: one build at a time writes into it.
 * proper-lockfile refreshes the lock while the build runs, so a lock left by
 * a killed build goes stale and is taken over.
 */
async function acquire(out: string, path: string, onWait: OpenOptions['onWait'], shown: string): Promise<() => Promise<void>> {
  let told = false
  for (;;) {
    try {
      return await lockfile.lock(out, {
        lockfilePath: path,
        realpath: false,
        stale: staleAfter,
        update: staleAfter / 5,
        // A build whose lock was taken over goes on: its renames are still whole files.
        onCompromised: () => undefined
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new OutputError(`Unexpected ${describe(error)} locking the output folder ${shown}, expected a writable folder`)
      }
      if (!told) onWait?.(relative(process.cwd(), path))
      told = true
      await sleep(250)
    }
  }
}

/** Write and remove a file: a read-only folder or file system fails here, before any paper is rendered. */
async function probe(path: string, shown: string): Promise<void> {
  const file = join(path, `.offprint-probe-${process.pid}`)
  try {
    await writeFile(file, '')
    await unlink(file)
  } catch (error) {
    throw new OutputError(`Unexpected ${describe(error)} writing to the output folder ${shown}, expected a writable folder`)
  }
}

/** Staging folders of builds that were killed (their process is gone). */
async function removeStale(parent: string, prefix: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[])
  await Promise.all(
    entries
      .filter((name) => name.startsWith(prefix) && !isAlive(Number(name.slice(prefix.length))))
      .map((name) => rm(join(parent, name), {recursive: true, force: true}))
  )
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const reasons: Readonly<Record<string, string>> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'full file system',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'file where a folder belongs',
  EEXIST: 'file in the way'
}

/** `read-only file system (EROFS)`, from a file system error. */
export function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code) return `${reasons[code] ?? 'error'} (${code})`
  return error instanceof Error ? error.message : String(error)
}
