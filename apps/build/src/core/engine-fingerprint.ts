import {createHash} from 'node:crypto'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const packages = ['@offprint/parse', '@offprint/cite', '@offprint/render-html', '@offprint/render-pdf', '@offprint/render-epub', '@offprint/build']

/**
 * A hash of the code and assets that turn a paper into its artifacts: every
 * file of each Offprint package's dist/, theme/ and csl/. A new Offprint
 * (even an unreleased change) is a new engine, and nothing cached by the old
 * one is reused.
 */
export function engineFingerprint(): string {
  const hash = createHash('sha256')
  for (const name of packages) {
    const root = packageRoot(name)
    if (!root) continue
    for (const folder of ['dist', 'theme', 'csl']) {
      for (const file of listFiles(join(root, folder))) {
        if (file.endsWith('.map') || file.endsWith('.d.ts')) continue
        hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0')
      }
    }
  }
  return hash.digest('hex')
}

function packageRoot(name: string): string | undefined {
  try {
    // The package's entry is <root>/dist/index.js.
    return dirname(dirname(fileURLToPath(import.meta.resolve(name))))
  } catch {
    return undefined
  }
}

function listFiles(folder: string): string[] {
  let entries: string[]
  try {
    entries = readdirSync(folder).sort()
  } catch {
    return []
  }
  return entries.flatMap((entry) => {
    const path = join(folder, entry)
    return statSync(path).isDirectory() ? listFiles(path) : [path]
  })
}
