import {existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {onInterrupt} from '../interrupt.js'

/**
 * Write a paper folder all at once: its files go into a hidden folder beside
 * the target, renamed into place when complete, so an error or Ctrl-C
 * leaves no half-written paper. With `replace`, an existing folder is
 * swapped out and removed only after the new one is in place.
 */
export function writePaperFolder(target: string, files: ReadonlyMap<string, string | Uint8Array>, replace: boolean): void {
  const parent = dirname(target)
  mkdirSync(parent, {recursive: true})
  const staging = mkdtempSync(join(parent, `.${basename(target)}.import-`))
  const stop = onInterrupt(() => rmSync(staging, {recursive: true, force: true}))
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(join(staging, path)), {recursive: true})
      writeFileSync(join(staging, path), content)
    }
    if (replace && existsSync(target)) {
      const old = `${staging}.old`
      renameSync(target, old)
      renameSync(staging, target)
      rmSync(old, {recursive: true, force: true})
    } else {
      renameSync(staging, target)
    }
  } finally {
    rmSync(staging, {recursive: true, force: true})
    stop()
  }
}
