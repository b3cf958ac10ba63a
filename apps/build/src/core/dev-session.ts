import {existsSync, readdirSync} from 'node:fs'
import {basename, dirname, join, relative} from 'node:path'
import {createCitationCache} from '@offprint/cite'
import {findPapers, type PaperSource} from './find-papers.js'
import {countMessages, formatMessages} from './format-messages.js'
import {preparePaper, type PreparedPaper} from './prepare-paper.js'
import {errorPage, previewDocument} from './preview-page.js'
import {attachSeriesConfigs} from './series-config.js'

/** A paper under `offprint dev`: its last load and what the author needs to see of it. */
export interface DevPaper {
  source: PaperSource
  loaded?: PreparedPaper | undefined
  /** Its messages and its series config's, as `file:line:column: …` lines. */
  lines: string[]
  errors: number
  warnings: number
  /** The preview page, rendered on first request after each load. */
  html?: Promise<string> | undefined
  /** The printed PDF, rendered on first request after each load. */
  pdf?: Promise<Uint8Array> | undefined
}

/** What one rebuild did, for the terminal, the browser and tests. */
export interface RebuildEvent {
  slug: string
  kind: 'changed' | 'added' | 'removed'
  durationMs: number
  errors: number
  warnings: number
}

export interface DevSession {
  /** Every paper, in slug order. */
  papers(): DevPaper[]
  paper(slug: string): DevPaper | undefined
  /** The folders whose changes matter: the papers' inputs' and where new papers may appear. */
  folders(): Set<string>
  /** Load every paper once, at start. */
  loadAll(): Promise<RebuildEvent[]>
  /** Rebuild what the changed files affect, and pick up papers added or removed. */
  changed(paths: ReadonlySet<string>): Promise<RebuildEvent[]>
  /** The page to serve for a paper: its preview, or its problems. */
  html(paper: DevPaper): Promise<string>
  /** The paper's PDF, exactly as `offprint build` prints it; undefined while the paper has errors. */
  pdf(paper: DevPaper): Promise<Uint8Array> | undefined
}

export interface SessionOptions {
  /** Gets each message line (`file:line:column: …`). */
  report: (line: string) => void
  /** Print a loaded paper to PDF (the build's own renderer, in a browser the server owns). */
  print?: ((loaded: PreparedPaper) => Promise<Uint8Array>) | undefined
}

const configName = 'series.yaml'

/**
 * The papers being previewed and how a change reaches them. Calls must not
 * overlap (the caller queues them): the citation engines are shared.
 */
export function createDevSession(initial: ReadonlyArray<PaperSource>, options: SessionOptions): DevSession {
  // Our own copies: a reloaded series config is attached to them, not to the caller's.
  const papers = new Map<string, DevPaper>(initial.map((source) => [source.path, {source: {...source}, lines: [], errors: 0, warnings: 0}]))
  const seriesFolders = newPaperFolders(initial)
  const citations = createCitationCache()

  const load = async (paper: DevPaper, kind: RebuildEvent['kind']): Promise<RebuildEvent> => {
    const started = performance.now()
    const config = paper.source.config?.file
    paper.html = undefined
    paper.pdf = undefined
    try {
      paper.loaded = await preparePaper(paper.source, {citations})
      const {file} = paper.loaded.paper
      const configCounts = config ? countMessages(config) : {errors: 0, warnings: 0}
      const counts = countMessages(file)
      paper.lines = [...(configCounts.errors > 0 && config ? formatMessages(config) : []), ...formatMessages(file)]
      paper.errors = counts.errors + configCounts.errors
      paper.warnings = counts.warnings
      for (const line of formatMessages(file)) options.report(line)
    } catch (error) {
      // Bad input is reported as messages; a throw is our bug, but the preview should say so, not die.
      paper.loaded = undefined
      paper.lines = [`${relative(process.cwd(), paper.source.path)}:1:1: error: Unexpected failure while loading (${String(error)}) [offprint]`]
      paper.errors = 1
      paper.warnings = 0
      options.report(paper.lines[0]!)
    }
    return {slug: paper.source.slug, kind, durationMs: performance.now() - started, errors: paper.errors, warnings: paper.warnings}
  }

  const affects = (paper: DevPaper, path: string): boolean => {
    const {folder} = paper.source
    if (paper.loaded?.inputs.includes(path) ?? path === paper.source.path) return true
    if (basename(path) === configName && (dirname(path) === folder || dirname(path) === dirname(folder))) return true
    // A folder reported without a file name: anything in it may have changed.
    if (path === folder || paper.loaded?.inputs.some((input) => dirname(input) === path)) return true
    // A broken paper may be waiting for a file that is not among its inputs yet (a missing image).
    return paper.errors > 0 && dirname(path) === folder
  }

  return {
    papers: () => [...papers.values()].sort((a, b) => a.source.slug.localeCompare(b.source.slug)),
    paper: (slug) => [...papers.values()].find((paper) => paper.source.slug === slug),

    folders() {
      const folders = new Set<string>(seriesFolders)
      for (const folder of seriesFolders) for (const sub of subfolders(folder)) folders.add(sub)
      for (const paper of papers.values()) {
        // Where a series.yaml may appear: beside the paper or one folder up.
        folders.add(paper.source.folder).add(dirname(paper.source.folder))
        for (const input of paper.loaded?.inputs ?? []) folders.add(dirname(input))
      }
      return folders
    },

    async loadAll() {
      const events: RebuildEvent[] = []
      for (const paper of papers.values()) events.push(await load(paper, 'added'))
      return events
    },

    async changed(paths) {
      const affected = [...papers.values()].filter((paper) => [...paths].some((path) => affects(paper, path)))
      const added: DevPaper[] = []
      const removed: DevPaper[] = []
      for (const folder of seriesFolders) {
        for (const source of findPapers(folder)) {
          if (papers.has(source.path)) continue
          const paper: DevPaper = {source, lines: [], errors: 0, warnings: 0}
          papers.set(source.path, paper)
          added.push(paper)
        }
      }
      for (const paper of papers.values()) {
        if (seriesFolders.has(dirname(paper.source.path)) || seriesFolders.has(dirname(paper.source.folder))) {
          if (!existsSync(paper.source.path)) removed.push(paper)
        }
      }
      for (const paper of removed) papers.delete(paper.source.path)
      const reload = [...new Set([...affected, ...added])].filter((paper) => !removed.includes(paper))
      if (reload.length === 0) return removed.map((paper) => gone(paper))
      // A series.yaml may have changed, appeared or gone: attach afresh, and show its problems once.
      const sources = reload.map((paper) => paper.source)
      for (const source of sources) source.config = undefined
      for (const config of await attachSeriesConfigs(sources)) {
        if (paths.has(config.path)) for (const line of formatMessages(config.file)) options.report(line)
      }
      const events: RebuildEvent[] = removed.map((paper) => gone(paper))
      for (const paper of reload) events.push(await load(paper, added.includes(paper) ? 'added' : 'changed'))
      return events
    },

    html(paper) {
      const {loaded} = paper
      if (!loaded || paper.errors > 0) return Promise.resolve(errorPage(paper.source.slug, paper.lines))
      paper.html ??= previewDocument(loaded).catch((error: unknown) =>
        errorPage(paper.source.slug, [`${relative(process.cwd(), paper.source.path)}:1:1: error: Unexpected failure while rendering (${String(error)}) [offprint]`])
      )
      return paper.html
    },

    pdf(paper) {
      const {loaded} = paper
      if (!loaded || paper.errors > 0 || !options.print) return undefined
      paper.pdf ??= options.print(loaded)
      return paper.pdf
    }
  }
}

function gone(paper: DevPaper): RebuildEvent {
  return {slug: paper.source.slug, kind: 'removed', durationMs: 0, errors: 0, warnings: 0}
}

/**
 * The folders to pick up new papers from: those whose every paper is being
 * previewed, as after `offprint dev papers/`. Naming single files out of a
 * folder means just those, so that folder is not one of them.
 */
function newPaperFolders(sources: ReadonlyArray<PaperSource>): Set<string> {
  const paths = new Set(sources.map((source) => source.path))
  const candidates = new Set(sources.map((source) => (/^index\.(md|markdown)$/i.test(basename(source.path)) ? dirname(source.folder) : source.folder)))
  return new Set([...candidates].filter((folder) => findPapers(folder).every((source) => paths.has(source.path))))
}

/** A folder's subfolders, where a new `<slug>/index.md` may appear. */
function subfolders(folder: string): string[] {
  try {
    return readdirSync(folder, {withFileTypes: true})
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map((entry) => join(folder, entry.name))
  } catch {
    return []
  }
}
