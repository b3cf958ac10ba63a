import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Flags} from './parse-args.js'
import {renderTemplate, type TemplateValues} from './render-template.js'
import type {Io} from './run.js'

/** The series repository's files, as shipped in @offprint/build (templates/series). */
const templates = fileURLToPath(new URL('../../templates/series/', import.meta.url))

/** The files of a new series repository: path in the repository → content. */
export interface SeriesFiles {
  [path: string]: string | Buffer
}

export interface InitOptions {
  /** The series' name (default: Policy Papers). */
  title?: string | undefined
  /** The publishing institution (default: the title's). */
  publisher?: string | undefined
  /** Offprint's version, for package.json's dependency. */
  version: string
  /** The folder's name, for package.json's `name`. */
  name: string
  /** The sample paper's date, YYYY-MM-DD (default: today). */
  date?: string | undefined
}

/** Template files are text unless they are images. */
const binary = /\.(png|jpe?g)$/i

/**
 * Every file `offprint init` writes. Template names starting with `_` are
 * dotfiles (`_gitignore`, `_github/`): npm pack leaves a real .gitignore out
 * of the package.
 */
export function seriesFiles(options: InitOptions): SeriesFiles {
  const title = options.title ?? 'Policy Papers'
  const values: TemplateValues = {
    title,
    publisher: options.publisher ?? title,
    date: options.date ?? new Date().toISOString().slice(0, 10)
  }
  const files: SeriesFiles = {}
  for (const path of walk(templates)) {
    const target = path.replace(/(^|\/)_/g, '$1.')
    files[target] = binary.test(path) ? readFileSync(join(templates, path)) : renderTemplate(readFileSync(join(templates, path), 'utf8'), values)
  }
  files['package.json'] = JSON.stringify(manifest(options, title), null, 2) + '\n'
  return files
}

function manifest(options: InitOptions, title: string) {
  return {
    name: packageName(options.name),
    private: true,
    description: `${title}: markdown papers built into PDF, EPUB and HTML by Offprint`,
    type: 'module',
    scripts: {build: 'offprint build', check: 'offprint check', dev: 'offprint dev', doctor: 'offprint doctor'},
    engines: {node: '>=20.19'},
    // @offprint/parse directly: series.yaml's $schema points into it.
    dependencies: {'@offprint/build': `^${options.version}`, '@offprint/parse': `^${options.version}`},
    // Paged.js brings these; their postinstall scripts only print a message.
    allowScripts: {'core-js': false, 'es5-ext': false}
  }
}

/** A folder's name as an npm package name. */
export function packageName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '') || 'papers'
}

function walk(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), {withFileTypes: true})
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? walk(folder, join(prefix, entry.name)) : [join(prefix, entry.name)]))
}

/**
 * `offprint init [folder]`: write a series repository that builds as it is.
 * Existing files are never overwritten without --force; then nothing at all
 * is written, and the message names them (exit 2, like other usage errors).
 */
export async function runInit(paths: string[], flags: Flags, io: Io): Promise<number> {
  const usage = 'Usage: offprint init [folder] [--title name] [--publisher name] [--force]\n'
  if (paths.length > 1) return io.stderr(`offprint: init takes one folder, not ${paths.length}\n${usage}`), 2
  for (const [flag, value] of [['--title', flags.title], ['--publisher', flags.publisher]] as const) {
    if (value !== undefined && (/[\r\n]/.test(value) || value.trim() === '')) return io.stderr(`offprint: ${flag} takes a name on one line, not \`${value}\`\n${usage}`), 2
  }
  const folder = resolve(io.cwd, paths[0] ?? '.')
  if (existsSync(folder) && !statSync(folder).isDirectory()) return io.stderr(`offprint: ${paths[0]} is a file, expected a folder\n${usage}`), 2
  const files = seriesFiles({title: flags.title, publisher: flags.publisher, version: io.version, name: basename(folder)})
  const existing = Object.keys(files).filter((path) => existsSync(join(folder, path))).sort()
  if (existing.length > 0 && !flags.force) {
    io.stderr(`offprint: init would overwrite ${existing.join(', ')} in ${folder}/; nothing was written (--force overwrites them)\n`)
    return 2
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), {recursive: true})
    writeFileSync(join(folder, path), content)
  }
  if (!flags.quiet) {
    // A folder outside the working one is named in full, not as ../../…
    const where = relative(io.cwd, folder).startsWith('..') ? folder : relative(io.cwd, folder)
    io.stdout(
      [
        `Wrote a series repository in ${where || '.'}/: ${Object.keys(files).length} files${existing.length > 0 ? ` (overwrote ${existing.join(', ')})` : ''}.`,
        'Next:',
        ...(where ? [`  cd ${where}`] : []),
        '  npm install           # Offprint',
        '  npx offprint doctor   # what this machine still lacks',
        '  npm run build         # dist/first-paper.pdf, .epub, .html',
        ''
      ].join('\n')
    )
  }
  return 0
}
