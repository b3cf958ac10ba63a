import {existsSync, lstatSync, readdirSync, statSync} from 'node:fs'
import {basename, dirname, join, relative, resolve} from 'node:path'
import {report} from '@offprint/parse/report'
import {VFile} from 'vfile'
import type {LoadedSeriesConfig} from './series-config.js'

/** A paper to build: where its source is and the name its artifacts take. */
export interface PaperSource {
  /** Absolute path of the markdown file. */
  path: string
  /** `grid-storage` for papers/grid-storage.md and papers/grid-storage/index.md. */
  slug: string
  /** The folder the paper may read assets from. */
  folder: string
  /**
   * The paper's text when it does not come from `path` (`offprint build -`
   * reads it from stdin; `path` then only names it in messages).
   */
  text?: string | undefined
  /** The series config the paper inherits from, once attached. */
  config?: LoadedSeriesConfig | undefined
}

/** The slug of a paper file: its name without `.md`, or its folder's name for `index.md`. */
export function slugOf(path: string): string {
  const name = basename(path)
  if (/^index\.(md|markdown)$/i.test(name)) return basename(dirname(resolve(path)))
  return name.replace(/\.(md|markdown)$/i, '')
}

export function paperSource(path: string): PaperSource {
  const absolute = resolve(path)
  return {path: absolute, slug: slugOf(absolute), folder: dirname(absolute)}
}

const isMarkdown = (name: string) => /\.(md|markdown)$/i.test(name) && !/^readme\.(md|markdown)$/i.test(name)

/**
 * A folder's `index.md`, when it is a file of its own. A symlink is not
 * followed (it could name any file on the machine): it goes to `skipped`,
 * and the folder has no paper.
 */
function indexOf(folder: string, skipped?: string[]): string | undefined {
  for (const path of ['index.md', 'index.markdown'].map((name) => join(folder, name))) {
    const info = lstatSync(path, {throwIfNoEntry: false})
    if (info?.isSymbolicLink()) skipped?.push(path)
    else if (info?.isFile()) return path
  }
  return undefined
}

/** A folder paper's folder: it holds a paper's own `index.md` (a link to one too: that folder is still a paper's). */
export function isPaperFolder(folder: string): boolean {
  return ['index.md', 'index.markdown'].some((name) => lstatSync(join(folder, name), {throwIfNoEntry: false}) !== undefined)
}

/** Markdown files in a paper's own folder besides its index: not papers, and said so. */
function skippedBeside(index: string, skipped: string[]): void {
  const folder = dirname(index)
  for (const entry of readdirSync(folder, {withFileTypes: true})) {
    const path = join(folder, entry.name)
    if (entry.isFile() && isMarkdown(entry.name) && path !== index) skipped.push(path)
  }
}

/**
 * The papers of a series folder: every `*.md` in it and every `<folder>/index.md`
 * one level down, sorted by slug so builds are stable. Other markdown files
 * in those folders are not papers; they are added to `skipped` (for a warning).
 */
export function findPapers(folder: string, skipped: string[] = []): PaperSource[] {
  if (!existsSync(folder)) return []
  const found: PaperSource[] = []
  for (const entry of readdirSync(folder, {withFileTypes: true})) {
    const path = join(folder, entry.name)
    if (entry.isFile() && isMarkdown(entry.name)) {
      found.push(paperSource(path))
    } else if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      const index = indexOf(path, skipped)
      if (index) {
        found.push(paperSource(index))
        skippedBeside(index, skipped)
      } else if (!isPaperFolder(path)) {
        for (const inner of readdirSync(path, {withFileTypes: true})) if (inner.isFile() && isMarkdown(inner.name)) skipped.push(join(path, inner.name))
      }
    }
  }
  return found.sort((a, b) => a.slug.localeCompare(b.slug))
}

/** A `series.yaml` in a folder paper's own folder: never the series config (see findSeriesConfig). */
export function ignoredSeriesConfig(paperPath: string): string | undefined {
  if (!/^index\.(md|markdown)$/i.test(basename(paperPath))) return undefined
  const path = join(dirname(paperPath), 'series.yaml')
  return lstatSync(path, {throwIfNoEntry: false}) ? path : undefined
}

/**
 * Expand command-line paths: a folder with an `index.md` is one paper (its
 * other markdown files are `skipped`), any other folder means its papers, a
 * file means itself. A file named twice is built once.
 */
export function resolvePaperArguments(paths: ReadonlyArray<string>, skipped: string[] = []): PaperSource[] {
  const sources: PaperSource[] = []
  for (const path of paths) {
    if (existsSync(path) && statSync(path).isDirectory()) {
      const index = indexOf(path, skipped)
      if (index) skippedBeside(index, skipped)
      sources.push(...(index ? [paperSource(index)] : isPaperFolder(path) ? [] : findPapers(path, skipped)))
    } else if (lstatSync(path, {throwIfNoEntry: false})?.isSymbolicLink()) {
      // Named on the command line or not, a linked paper file is not followed.
      skipped.push(path)
    } else {
      sources.push(paperSource(path))
    }
  }
  const seen = new Set<string>()
  return sources.filter((source) => !seen.has(source.path) && seen.add(source.path))
}

/**
 * Papers whose artifacts would overwrite each other (`a/same.md` and
 * `b/same.md` both make `same.pdf`) are refused, every one of them, with an
 * error naming the others; files that were skipped get a warning. Returns the
 * papers to build and the files carrying these messages.
 */
export function checkPaperList(sources: ReadonlyArray<PaperSource>, skipped: ReadonlyArray<string>): {sources: PaperSource[]; files: VFile[]} {
  const bySlug = new Map<string, PaperSource[]>()
  for (const source of sources) bySlug.set(source.slug, [...(bySlug.get(source.slug) ?? []), source])
  const files: VFile[] = []
  const name = (path: string) => relative(process.cwd(), path) || path
  for (const [slug, group] of bySlug) {
    if (group.length < 2) continue
    for (const source of group) {
      const file = new VFile({path: name(source.path)})
      const others = group.filter((other) => other !== source).map((other) => name(other.path))
      report(file, {
        reason: `Unexpected paper with the same slug \`${slug}\` as ${others.join(', ')}, expected one paper per slug (rename one: both would write ${slug}.pdf); neither is built`,
        ruleId: 'paper-slug-duplicate',
        severity: 'error'
      })
      files.push(file)
    }
  }
  for (const path of skipped) {
    const file = new VFile({path: name(path)})
    const index = indexOf(dirname(path))
    const linked = lstatSync(path, {throwIfNoEntry: false})?.isSymbolicLink()
    report(file, {
      reason: linked
        ? `Unexpected symlink \`${basename(path)}\`, expected the paper as a file of its own (skipped: a paper is not read through a link, which could name any file)`
        : index
        ? `Unexpected markdown file beside ${name(index)}, expected one paper per folder (skipped: a folder with an index.md is one paper)`
        : `Unexpected markdown file in a folder without index.md, expected papers as <folder>/*.md or <folder>/<slug>/index.md (skipped)`,
      ruleId: linked ? 'paper-symlink' : 'paper-skipped',
      severity: 'warning'
    })
    files.push(file)
  }
  for (const source of sources) {
    const ignored = ignoredSeriesConfig(source.path)
    if (!ignored) continue
    const file = new VFile({path: name(ignored)})
    report(file, {
      reason: `Unexpected \`series.yaml\` inside the folder of paper \`${source.slug}\`, expected the series config in the series folder (${name(dirname(dirname(ignored)))}/series.yaml); ignored: a paper's folder is the paper's, and cannot configure the series or load code`,
      ruleId: 'series-config-in-paper',
      severity: 'warning'
    })
    files.push(file)
  }
  return {sources: sources.filter((source) => bySlug.get(source.slug)!.length === 1), files}
}
