import {mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

/**
 * Where a build stages its files before they are renamed into the output
 * folder: a sibling of it (same file system, so `rename` is atomic), never
 * inside it, so a build killed half-way leaves no partial file in `out`.
 */
export function stagingFolder(out: string): string {
  return join(dirname(out), `.${basename(out)}.offprint-staging-${process.pid}`)
}

/** Remove staging folders left by builds that were killed. */
export async function removeStaleStaging(out: string): Promise<void> {
  const parent = dirname(out)
  const prefix = `.${basename(out)}.offprint-staging-`
  const entries = await readdir(parent).catch(() => [] as string[])
  await Promise.all(
    entries
      .filter((name) => name.startsWith(prefix) && !isAlive(Number(name.slice(prefix.length))))
      .map((name) => rm(join(parent, name), {recursive: true, force: true}))
  )
}

/**
 * A fresh folder inside the staging root. Another paper may remove the root
 * (empty) between our mkdir and mkdtemp: then make it again.
 */
async function stagingFor(root: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    await mkdir(root, {recursive: true})
    try {
      return await mkdtemp(join(root, 'paper-'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw error
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Write a paper's artifacts all or nothing: each is written in full to the
 * staging folder, then renamed over the old one. A failure before the
 * renames leaves the previous artifacts as they were.
 */
export async function writeArtifacts(out: string, files: ReadonlyArray<{name: string; data: Uint8Array | string}>): Promise<void> {
  const root = stagingFolder(out)
  await mkdir(out, {recursive: true})
  // One folder per call: papers written at the same time never share names.
  const staging = await stagingFor(root)
  try {
    const staged = await Promise.all(
      files.map(async (file) => {
        const path = join(staging, file.name)
        await writeFile(path, file.data)
        return {from: path, to: join(out, file.name)}
      })
    )
    for (const {from, to} of staged) await rename(from, to)
  } finally {
    await rm(staging, {recursive: true, force: true})
    await rmdir(root).catch(() => undefined) // Still in use by another paper: it removes it.
  }
}
