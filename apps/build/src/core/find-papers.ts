import {existsSync, readdirSync, statSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import type {LoadedSeriesConfig} from './series-config.js'

/** A paper to build: where its source is and the name its artifacts take. */
export interface PaperSource {
  /** Absolute path of the markdown file. */
  path: string
  /** `grid-storage` for papers/grid-storage.md and papers/grid-storage/index.md. */
  slug: string
  /** The folder the paper may read assets from. */
  folder: string
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

/**
 * The papers of a series folder: every `*.md` in it and every `<folder>/index.md`
 * one level down, sorted by slug so builds are stable.
 */
export function findPapers(folder: string): PaperSource[] {
  if (!existsSync(folder)) return []
  const found: PaperSource[] = []
  for (const entry of readdirSync(folder, {withFileTypes: true})) {
    const path = join(folder, entry.name)
    if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name)) {
      found.push(paperSource(path))
    } else if (entry.isDirectory() && !entry.name.startsWith('.')) {
      const index = ['index.md', 'index.markdown'].map((name) => join(path, name)).find((p) => existsSync(p) && statSync(p).isFile())
      if (index) found.push(paperSource(index))
    }
  }
  return found.sort((a, b) => a.slug.localeCompare(b.slug))
}

/** Expand command-line paths: a folder means its papers (or its index.md), a file means itself. */
export function resolvePaperArguments(paths: ReadonlyArray<string>): PaperSource[] {
  const sources: PaperSource[] = []
  for (const path of paths) {
    if (existsSync(path) && statSync(path).isDirectory()) {
      const index = join(path, 'index.md')
      sources.push(...(existsSync(index) ? [paperSource(index)] : findPapers(path)))
    } else {
      sources.push(paperSource(path))
    }
  }
  return sources
}
