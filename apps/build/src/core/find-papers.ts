import {existsSync, readdirSync, statSync} from 'node:fs'
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

function indexOf(folder: string): string | undefined {
  return ['index.md', 'index.markdown'].map((name) => join(folder, name)).find((p) => existsSync(p) && statSync(p).isFile())
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
      const index = indexOf(path)
      if (index) {
        found.push(paperSource(index))
        skippedBeside(index, skipped)
      } else {
        for (const inner of readdirSync(path, {withFileTypes: true})) if (inner.isFile() && isMarkdown(inner.name)) skipped.push(join(path, inner.name))
      }
    }
  }
  return found.sort((a, b) => a.slug.localeCompare(b.slug))
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
      const index = indexOf(path)
      if (index) skippedBeside(index, skipped)
      sources.push(...(index ? [paperSource(index)] : findPapers(path, skipped)))
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
    report(file, {
      reason: index
        ? `Unexpected markdown file beside ${name(index)}, expected one paper per folder (skipped: a folder with an index.md is one paper)`
        : `Unexpected markdown file in a folder without index.md, expected papers as <folder>/*.md or <folder>/<slug>/index.md (skipped)`,
      ruleId: 'paper-skipped',
      severity: 'warning'
    })
    files.push(file)
  }
  return {sources: sources.filter((source) => bySlug.get(source.slug)!.length === 1), files}
}
