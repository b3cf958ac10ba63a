import {execFile} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const packages = ['@offprint/parse', '@offprint/cite', '@offprint/render-html', '@offprint/render-pdf', '@offprint/render-epub', '@offprint/build']
/** What draws charts (apps/build/src/core/charts): a new version draws new SVG, so it keys the cache even with no lockfile. */
const chartRenderers = ['vega', 'vega-lite', 'plotly.js-dist-min', 'mermaid']

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

const run = promisify(execFile)

/**
 * What outside Offprint's own code changes the bytes it writes: the
 * Chromium that prints (its version, as it reports it), the Ghostscript that
 * converts press editions, the fonts the theme
 * can pick (fontconfig's list for every family the theme names, and what
 * the generic families resolve to) and the versions of the packages that
 * render (from the lockfile). A browser or font upgrade is a new
 * fingerprint, and papers render again.
 */
export async function environmentFingerprint(executablePath: string | undefined): Promise<string> {
  const [browser, fonts, packages, ghostscript] = await Promise.all([browserVersion(executablePath), fontList(), packageVersions(), ghostscriptVersion()])
  return createHash('sha256').update(JSON.stringify({browser, fonts, packages, ghostscript})).digest('hex')
}

/** The Ghostscript that converts a press edition's colours (`10.00.0`), or `none`. */
async function ghostscriptVersion(): Promise<string> {
  const {stdout} = await run(process.env.OFFPRINT_GHOSTSCRIPT ?? 'gs', ['--version'], {timeout: 10_000}).catch(() => ({stdout: 'none'}))
  return stdout.trim()
}

/** `Chromium 156.0.8078.114 …`, from the browser the build will launch. */
async function browserVersion(executablePath: string | undefined): Promise<string> {
  const {findChromium} = await import('@offprint/render-pdf/find')
  const path = findChromium({executablePath})
  if (!path) return 'none'
  const {stdout} = await run(path, ['--version'], {timeout: 10_000}).catch(() => ({stdout: 'unknown'}))
  return `${path} ${stdout.trim()}`
}

/** Font families the theme names, from its stylesheets (quoted or bare names in `font-family` and `--*-font`). */
function themeFamilies(): string[] {
  const root = packageRoot('@offprint/render-html')
  const families = new Set<string>()
  for (const file of root ? listFiles(join(root, 'theme')).filter((path) => path.endsWith('.css')) : []) {
    const css = readFileSync(file, 'utf8')
    for (const [, value] of css.matchAll(/(?:font-family|--[\w-]*font)\s*:\s*([^;}]+)/g)) {
      for (const name of value!.split(',')) {
        const family = name.trim().replace(/^["']|["']$/g, '')
        if (family && !family.startsWith('var(')) families.add(family)
      }
    }
  }
  return [...families].sort()
}

const generic = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'math'])

/** Every installed face of the theme's families (file, version), and the face each generic family resolves to. */
async function fontList(): Promise<string[]> {
  const families = themeFamilies()
  const named = families.filter((family) => !generic.has(family)).map((family) => family.toLowerCase())
  const list = await run('fc-list', ['--format', '%{family}\t%{style}\t%{file}\t%{fontversion}\n'], {maxBuffer: 64 * 1024 * 1024}).catch(() => ({stdout: ''}))
  const faces = list.stdout
    .split('\n')
    .filter((line) => line.split('\t')[0]!.split(',').some((family) => named.includes(family.trim().toLowerCase())))
    .sort()
  const resolved = await Promise.all(
    families.filter((family) => generic.has(family)).map((family) => run('fc-match', ['--format', '%{family}\t%{file}', family]).then(({stdout}) => `${family}=${stdout}`, () => `${family}=?`))
  )
  return [...faces, ...resolved]
}

/** `name@version` of every package the lockfile installs for running (not dev-only), or, with no lockfile, of Offprint's own. */
async function packageVersions(): Promise<string[]> {
  const root = packageRoot('@offprint/build')
  for (let folder = root; folder && folder !== dirname(folder); folder = dirname(folder)) {
    const text = await readFile(join(folder, 'package-lock.json'), 'utf8').catch(() => undefined)
    if (!text) continue
    const lock = JSON.parse(text) as {packages?: Record<string, {version?: string; dev?: boolean}>}
    return Object.entries(lock.packages ?? {})
      .filter(([path, entry]) => path.includes('node_modules/') && !entry.dev)
      .map(([path, entry]) => `${path.slice(path.lastIndexOf('node_modules/') + 13)}@${entry.version ?? '?'}`)
      .sort()
  }
  const offprint = packages.map((name) => {
    const folder = packageRoot(name)
    const manifest = folder ? (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {version?: string}) : undefined
    return `${name}@${manifest?.version ?? '?'}`
  })
  return [...offprint, ...chartRenderers.map((name) => `${name}@${installedVersion(name)}`)]
}

/** A dependency's version from its package.json, found from its entry (`?` when it is not installed). */
function installedVersion(name: string): string {
  try {
    for (let folder = dirname(fileURLToPath(import.meta.resolve(name))); folder !== dirname(folder); folder = dirname(folder)) {
      const path = join(folder, 'package.json')
      if (!existsSync(path)) continue
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as {name?: string; version?: string}
      if (manifest.name === name) return manifest.version ?? '?'
    }
  } catch {
    // not installed, or no package.json where it should be
  }
  return '?'
}
