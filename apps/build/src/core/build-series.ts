import {readFile} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import type {CitationCache} from '@offprint/cite/notes'
import type {PaperMeta} from '@offprint/parse'
import {report, severityOf} from '@offprint/parse/report'
import {VFile} from 'vfile'
import {engineFingerprint, environmentFingerprint} from './engine-fingerprint.js'
import type {PaperSource} from './find-papers.js'
import {countMessages} from './format-messages.js'
import type {LoadOptions} from './load-paper.js'
import type {PreparedPaper} from './prepare-paper.js'
import {PaperCache, sha256, type CacheEntry, type Format} from './paper-cache.js'
import {PaperPool, prepareOrFail} from './paper-pool.js'
import {RemoteCache, remoteFromEnvironment, type RemoteCacheOptions} from './remote-cache.js'
import {defaultRemoteTimeout} from './remote-images.js'
import type {RenderedFile, RenderSettings, renderArtifacts as RenderArtifactsFunction} from './render-artifacts.js'

type RenderArtifacts = typeof RenderArtifactsFunction
import {SharedBrowser} from './shared-browser.js'
import {describe, OutputFolder} from './output-folder.js'

export type {Format} from './paper-cache.js'

export interface BuildOptions {
  /** Output folder. Default: `dist`. */
  out?: string | undefined
  /** Papers rendered at once. Default: the number of cores. */
  concurrency?: number | undefined
  /**
   * The formats to write; the others are not rendered. A paper from the
   * cache counts as cached only when its entry has all of them. Default:
   * all three.
   */
  formats?: ReadonlyArray<Format> | undefined
  /** The caller writes the series catalog (`index.html`) beside the papers: their web pages link it. Default: false. */
  catalog?: boolean | undefined
  /** Treat warnings as errors. Default: false. */
  strict?: boolean | undefined
  /** Largest raster image accepted, in pixels (width × height); larger is an `image-too-large` error. Default: 50 000 000. */
  maxImagePixels?: number | undefined
  /**
   * Fetch no remote image (`--offline`): those the cache keeps from an
   * earlier build are used, any other is an `image-offline` error. Default: false.
   */
  offline?: boolean | undefined
  /**
   * Per-paper time limit, in ms: loading and rendering one paper, counted
   * from when its own work starts (not while it waits its turn). A paper cut
   * short by a browser fault, or that timed out, is tried once more (a
   * timed-out one alone in the browser). Default: 60 s.
   */
  timeout?: number | undefined
  /**
   * The output folder, opened (and locked) by the caller, who closes it;
   * the CLI does, to write the catalog under the same lock. Default: `out`,
   * opened and closed here (see OutputFolder.open for its errors).
   */
  output?: OutputFolder | undefined
  /** Told once when another build holds the output folder and this one waits. */
  onWait?: ((lock: string) => void) | undefined
  /** Chromium to drive. Default: PUPPETEER_EXECUTABLE_PATH or /usr/bin/chromium. */
  executablePath?: string | undefined
  /** The per-paper cache folder, or false for none. Default: `.offprint-cache`. */
  cache?: string | false | undefined
  /** Called as each paper starts and finishes, in completion order. */
  onStart?: ((source: PaperSource) => void) | undefined
  onPaper?: ((result: PaperResult) => void) | undefined
  /**
   * Called, and awaited, as a paper gets the browser for a try (1, or 2 after
   * a fault or time-out), before its time is counted (for monitoring and tests).
   */
  onRender?: ((source: PaperSource, attempt: 1 | 2) => void | Promise<void>) | undefined
  /**
   * A Turborepo-compatible remote cache to share rendered papers with other
   * machines (local cache first, then remote), or false for none. Default:
   * from `TURBO_API`, `TURBO_TOKEN`, `TURBO_TEAM` when they are set.
   */
  remote?: RemoteCacheOptions | false | undefined
  /** Told when the remote cache cannot be used (the build goes on locally). */
  onRemoteUnavailable?: ((reason: string) => void) | undefined
  /** Called with each browser launched (for tests and monitoring). */
  onBrowser?: ((browser: Awaited<ReturnType<SharedBrowser['get']>>) => void) | undefined
}

export interface Artifact {
  format: Format
  path: string
  bytes: number
  /** Page count, for the PDF. */
  pages?: number | undefined
}

export interface PaperResult {
  source: PaperSource
  /** `checked` when only checked (offprint check), not rendered. */
  status: 'built' | 'checked' | 'failed'
  /** Where the artifacts came from: the local cache, the remote cache, or rendered now. */
  cache?: 'hit' | 'remote' | 'rendered' | undefined
  /** The paper's file with every message found while building it. */
  file: VFile
  /** The paper's metadata, when it could be read (for the catalog). */
  meta?: PaperMeta | undefined
  artifacts: Artifact[]
  durationMs: number
}

export interface BuildResult {
  out: string
  papers: PaperResult[]
  durationMs: number
  /** How many times a browser was launched (1, or more after a crash; 0 if all came from the cache). */
  browserLaunches: number
}

/**
 * Build every paper into `<out>/<slug>.{pdf,epub,html}`: one browser for the
 * whole series, several papers at once, a paper whose inputs are unchanged
 * taken from the cache. A paper with errors is skipped (its previous
 * artifacts are left as they were); the others still build. If the browser
 * dies, it is relaunched and the paper tried once more.
 */
export async function buildSeries(sources: ReadonlyArray<PaperSource>, options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now()
  const output = options.output ?? (await OutputFolder.open(resolve(options.out ?? 'dist'), {onWait: options.onWait, stagingDelay: stagingDelay()}))
  const out = output.path
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism())
  // A browser that never answers its launch fails the papers that need it within their time limit (30 s at most).
  const browser = new SharedBrowser(options.executablePath, options.onBrowser, Math.min(30_000, options.timeout ?? 60_000))
  const salt = async () =>
    JSON.stringify({engine: engineFingerprint(), environment: await environmentFingerprint(options.executablePath), sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? null, catalog: options.catalog ?? false})
  const cache = options.cache === false ? undefined : new PaperCache(resolve(options.cache ?? '.offprint-cache'), await salt())
  const remoteOptions = options.remote === false || !cache ? undefined : (options.remote ?? remoteFromEnvironment())
  const remote = remoteOptions && new RemoteCache({...remoteOptions, onUnavailable: remoteOptions.onUnavailable ?? options.onRemoteUnavailable})
  // The heavy stages (citeproc, the renderers, puppeteer) are loaded only when
  // a paper has to be rendered: a build served from the cache starts fast.
  let loadedStages: Promise<Stages> | undefined
  const stages = () => (loadedStages ??= loadStages(options.formats))
  let pagedBundle: Promise<string> | undefined
  const settings: RenderSettings = {
    timeout: options.timeout,
    formats: options.formats,
    catalog: options.catalog,
    cacheFolder: cache?.folder,
    // Read once, and only by the first paper that asks for footnotes.
    pagedBundle: () => (pagedBundle ??= import('@offprint/render-pdf').then((pdf) => pdf.readPagedBundle()))
  }
  // The tree stages run in worker threads, stopped at a paper's time limit.
  const pool = new PaperPool(Math.min(concurrency, sources.length), async (source, loadOptions) => (await stages()).preparePaper(source, loadOptions), browser)
  const results: PaperResult[] = new Array(sources.length)
  let next = 0
  try {
    const worker = async () => {
      while (next < sources.length) {
        const index = next++
        options.onStart?.(sources[index]!)
        const context = {output, options, browser, cache, remote, stages, settings, pool}
        // Whatever one paper throws fails that paper alone, never the series.
        const result = await buildPaper(sources[index]!, context).catch((error: unknown) => unexpectedFailure(sources[index]!, error))
        results[index] = result
        options.onPaper?.(result)
      }
    }
    await Promise.all(Array.from({length: Math.min(concurrency, sources.length)}, worker))
  } finally {
    await pool.close()
    await browser.close()
    if (!options.output) await output.close()
  }
  return {out, papers: results, durationMs: performance.now() - started, browserLaunches: browser.launches}
}

/** Test hook: `OFFPRINT_TEST_STAGING_DELAY` ms between staging a paper and renaming it into place. */
function stagingDelay(): number | undefined {
  const value = Number(process.env.OFFPRINT_TEST_STAGING_DELAY)
  return Number.isFinite(value) && value > 0 ? value : undefined
}

interface Context {
  output: OutputFolder
  options: BuildOptions
  browser: SharedBrowser
  cache: PaperCache | undefined
  remote: RemoteCache | undefined
  stages: () => Promise<Stages>
  settings: RenderSettings
  pool: PaperPool
}

interface Stages {
  /** The tree stages on this thread: used only where no worker can run them (see PaperPool). */
  preparePaper: (source: PaperSource, options: LoadOptions) => Promise<PreparedPaper>
  renderArtifacts: RenderArtifacts
  /** CSL engines of this thread, for the "Cite as" line the render writes. */
  citations: CitationCache
}

async function loadStages(formats: ReadonlyArray<Format> = ['pdf', 'epub', 'html']): Promise<Stages> {
  // The printers (puppeteer-core, MuPDF, the EPUB packer), which renderArtifacts
  // imports when it prints, are loaded here too, before any paper's time limit starts.
  const printing = formats.some((format) => format !== 'html')
  const [prepare, render, cite] = await Promise.all([
    import('./prepare-paper.js'),
    import('./render-artifacts.js'),
    import('@offprint/cite/notes'),
    printing && import('@offprint/render-pdf'),
    printing && import('@offprint/render-epub'),
    formats.includes('html') && import('./web-fonts.js').then((fonts) => fonts.warmWebFonts())
  ])
  const citations: CitationCache = cite.createCitationCache()
  return {preparePaper: (source, options) => prepare.preparePaper(source, {...options, citations}), renderArtifacts: render.renderArtifacts, citations}
}

/** A paper whose work threw where nothing expected it: failed with the error's first line, the series goes on. */
function unexpectedFailure(source: PaperSource, error: unknown): PaperResult {
  const file = new VFile({path: relative(process.cwd(), source.path) || source.path})
  report(file, {reason: `Unexpected failure while building the paper (${firstLine(error)}), expected it to build or fail with a message`, ruleId: 'build-failed', severity: 'error'})
  return {source, status: 'failed', file, artifacts: [], durationMs: 0}
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : describe(error)
}

async function buildPaper(source: PaperSource, context: Context): Promise<PaperResult> {
  const started = performance.now()
  const hit = await fromCache(source, context)
  if (hit) return {...hit, durationMs: performance.now() - started}
  // Likely to render: start the browser while the paper loads (it takes about
  // as long), unless another machine may have rendered it already.
  // An HTML page alone (--to html) needs no browser.
  const browserNeeded = (context.options.formats ?? ['pdf']).some((format) => format !== 'html')
  if (!context.remote && browserNeeded) context.browser.warm()

  const {renderArtifacts, citations} = await context.stages()
  const working = Date.now()
  // Remote images are kept beside the papers' cache (`<cache>/images`), none without a cache.
  const imageCache = context.cache && join(context.cache.folder, 'images')
  const limit = context.settings.timeout ?? 60_000
  // A remote image's fetch ends a second before the paper's time limit (--timeout), so it fails with its own message.
  const remoteTimeout = context.options.timeout && Math.min(Math.max(context.options.timeout - 1000, 1000), defaultRemoteTimeout)
  const loaded = await prepareOrFail(context.pool, source, {maxImagePixels: context.options.maxImagePixels, offline: context.options.offline, imageCache: imageCache || undefined, remoteTimeout, timeout: limit})
  if (loaded instanceof VFile) return {source, status: 'failed', file: loaded, artifacts: [], durationMs: performance.now() - started}
  const loading = Date.now() - working
  const {paper} = loaded
  const counts = countMessages(paper.file)
  const failed = (): PaperResult => ({source, status: 'failed', file: paper.file, meta: paper.meta, artifacts: [], durationMs: performance.now() - started})
  if (counts.errors > 0 || (context.options.strict && counts.warnings > 0)) return failed()

  // Configs that would govern the paper if they appeared count as inputs too.
  const inputs = [...loaded.inputs, join(source.folder, 'series.yaml'), join(dirname(source.folder), 'series.yaml')]
  const key = await context.cache?.keyFor(inputs, source.path)
  const shared = key && context.remote ? await fromRemote(source, key, context) : undefined
  if (shared) return {...shared, durationMs: performance.now() - started}
  let files: RenderedFile[]
  try {
    // The time limit counts the paper's loading, and not its wait for the browser.
    files = await renderTwice(async (attempt) => {
      await context.options.onRender?.(source, attempt)
      return renderArtifacts(loaded, context.browser, {...context.settings, citations}, Date.now() - (attempt === 1 ? loading : 0))
    }, context.browser)
    await context.output.write(files)
  } catch (error) {
    const written = (error as Error | undefined)?.name === 'OutputError'
    report(paper.file, {reason: written ? (error as Error).message : renderFailure(error, context.settings.timeout), ruleId: written ? 'output-write' : 'render-failed', severity: 'error'})
    return failed()
  }
  const stored = await context.cache
    ?.store(
      source,
      {
        key: key!,
        inputs,
        meta: paper.meta,
        messages: paper.file.messages.map((m) => ({line: m.line ?? 1, column: m.column ?? 1, ruleId: m.ruleId ?? 'offprint', severity: severityOf(m), reason: m.reason}))
      },
      files
    )
    .catch(() => undefined) // A cache that cannot be written only costs time.
  if (stored && context.remote) {
    const bytes = files.map((file) => (typeof file.data === 'string' ? Buffer.from(file.data) : file.data))
    await context.remote.put(stored, stored.artifacts.map((artifact, index) => ({sha256: artifact.sha256, data: bytes[index]!})))
  }
  return {
    source,
    status: 'built',
    cache: 'rendered',
    file: paper.file,
    meta: paper.meta,
    artifacts: files.map((file) => ({
      format: file.format,
      path: join(context.output.path, file.name),
      bytes: typeof file.data === 'string' ? Buffer.byteLength(file.data) : file.data.byteLength,
      pages: file.pages
    })),
    durationMs: performance.now() - started
  }
}

/**
 * Render a paper, and once more if the first try was cut short: by a
 * browser fault (a crash, a closed target, a lost connection: the browser is
 * relaunched, once for all the papers that saw it, and the paper tried on a
 * fresh page), or by its time limit (the browser is replaced, since a stuck
 * page holds it, and the paper tried again alone in it, so that a paper
 * held up by another is not blamed; one that had the browser to itself
 * is not tried again). Only a paper that fails twice fails.
 */
async function renderTwice<T>(render: (attempt: 1 | 2) => Promise<T>, browser: SharedBrowser): Promise<T> {
  const generation = browser.generation
  const first = await browser.use(async () => {
    const tried = await browser.sharing(() => render(1))
    // A browser stuck or broken is replaced before anyone else may use it.
    if ('error' in tried && stepKind(tried.error) !== 'page') await browser.recover(generation, {stuck: stepKind(tried.error) === 'timeout'})
    return tried
  })
  if ('result' in first) return first.result
  const kind = stepKind(first.error)
  // Another paper's fault replaced the browser under this one: not its fault either.
  if (kind === 'page' && browser.generation === generation) throw tried(first.error, 1)
  // Over its time limit with the browser to itself: no one else to blame, no second try.
  if (kind === 'timeout' && !first.shared) throw tried(first.error, 1)
  const again = browser.generation
  return browser.use(
    () =>
      render(2).catch(async (error: unknown) => {
        // Failed for good; a browser it left stuck or broken is replaced before anyone else may use it.
        const kind = stepKind(error)
        if (kind !== 'page') await browser.recover(again, {stuck: kind === 'timeout'})
        throw tried(error, 2)
      }),
    {alone: kind === 'timeout'}
  )
}

/** The error, noting how many tries the paper had (for its message). */
function tried(error: unknown, attempts: 1 | 2): unknown {
  if (error instanceof Error) Object.assign(error, {attempts})
  return error
}

/** A RenderStepError's kind (by name: its class is not loaded here until a paper renders). */
function stepKind(error: unknown): 'timeout' | 'browser' | 'page' {
  const kind = (error as {name?: string; kind?: string} | undefined)?.name === 'RenderStepError' ? (error as {kind: string}).kind : undefined
  return kind === 'timeout' || kind === 'browser' ? kind : (error as Error | undefined)?.name === 'TimeoutError' ? 'timeout' : 'page'
}

/** The message of a paper that failed to render or to be written: what failed, at which step, and why. */
function renderFailure(error: unknown, timeout: number | undefined): string {
  const step = (error as {step?: string} | undefined)?.step
  const kind = stepKind(error)
  const twice = (error as {attempts?: number} | undefined)?.attempts === 2 ? ', tried twice' : ''
  if (kind === 'timeout') return `Unexpected paper still rendering after ${Math.round((timeout ?? 60_000) / 1000)} s (${step ?? 'rendering'}${twice}), expected it within the time limit (--timeout)`
  const cause = (error as {cause?: unknown} | undefined)?.cause ?? error
  const why = cause instanceof Error ? cause.message.split('\n')[0] : describe(cause)
  return `Unexpected failure ${step ? `while ${step}` : 'while rendering'} (${why}${twice}), expected the paper to render`
}

/**
 * A paper another machine has rendered from the same inputs: its entry and
 * artifacts fetched from the remote cache, verified, kept in the local cache
 * and written out. Undefined on any miss or fault.
 */
async function fromRemote(source: PaperSource, key: string, context: Context): Promise<Omit<PaperResult, 'durationMs'> | undefined> {
  const stored = await context.remote!.entry(key)
  const entry = stored && usable(stored, source, context.options.formats)
  if (!entry || !context.cache) return undefined
  const files: Array<{name: string; data: Uint8Array}> = []
  for (const artifact of entry.artifacts) {
    const data = await context.remote!.artifact(artifact)
    if (!data) return undefined
    files.push({name: artifact.name, data})
    await context.cache.keep(artifact, data).catch(() => undefined)
  }
  await context.output.write(files)
  await context.cache.remember(source, entry).catch(() => undefined)
  return replay(source, entry, context.output.path, 'remote')
}

/**
 * An entry's artifacts that this build wants (`formats`), or undefined when
 * one is missing or named for another slug (a build with `-o` names files
 * its own way; the inputs, and so the key, are the same).
 */
function usable(entry: CacheEntry, source: PaperSource, formats: ReadonlyArray<Format> = ['pdf', 'epub', 'html']): CacheEntry | undefined {
  const artifacts = formats.map((format) => entry.artifacts.find((artifact) => artifact.format === format))
  if (artifacts.some((artifact, index) => artifact?.name !== `${source.slug}.${formats[index]}`)) return undefined
  // The press edition (print.pdfx) goes with the PDF: written whenever the PDF is.
  const press = formats.includes('pdf') ? entry.artifacts.find((artifact) => artifact.format === 'press' && artifact.name === `${source.slug}-press.pdf`) : undefined
  return {...entry, artifacts: [...(artifacts as CacheEntry['artifacts']), ...(press ? [press] : [])]}
}

function replay(source: PaperSource, entry: CacheEntry, out: string, cache: 'hit' | 'remote'): Omit<PaperResult, 'durationMs'> {
  const file = new VFile({path: relative(process.cwd(), source.path) || source.path})
  for (const message of entry.messages) report(file, {reason: message.reason, ruleId: message.ruleId, severity: message.severity, place: {line: message.line, column: message.column}})
  return {
    source,
    status: 'built',
    cache,
    file,
    meta: entry.meta,
    artifacts: entry.artifacts.map((artifact) => ({format: artifact.format, path: join(out, artifact.name), bytes: artifact.bytes, pages: artifact.pages}))
  }
}

/**
 * A paper whose inputs are unchanged: its artifacts are in the output folder
 * already (checked by hash) or restored from the cache store, and its
 * warnings are said again. Undefined when anything is missing.
 */
async function fromCache(source: PaperSource, context: Context): Promise<Omit<PaperResult, 'durationMs'> | undefined> {
  const entry: CacheEntry | undefined = await context.cache?.lookup(source)
  if (!entry || !context.cache) return undefined
  if (context.options.strict && entry.messages.some((m) => m.severity === 'warning')) return undefined
  const wanted = usable(entry, source, context.options.formats)
  if (!wanted) return undefined
  const restore: Array<{name: string; data: Uint8Array}> = []
  for (const artifact of wanted.artifacts) {
    const current = await readFile(join(context.output.path, artifact.name)).catch(() => undefined)
    if (current && current.byteLength === artifact.bytes && sha256(current) === artifact.sha256) continue
    const data = await context.cache.read(artifact)
    if (!data) return undefined
    restore.push({name: artifact.name, data})
  }
  if (restore.length > 0) await context.output.write(restore)
  return replay(source, wanted, context.output.path, 'hit')
}
