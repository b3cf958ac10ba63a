import {existsSync} from 'node:fs'
import {ChromiumPathError, findChromium} from '@offprint/render-pdf/find'
import {join, relative, resolve} from 'node:path'
import type {PaperResult} from '../core/build-series.js'
import type {CitationCache} from '@offprint/cite/notes'
import {checkPaperList, findPapers, resolvePaperArguments, type PaperSource} from '../core/find-papers.js'
import {countMessages, jsonReport} from '../core/format-messages.js'
import type {OutputFolder} from '../core/output-folder.js'
import {inShard, parseShard} from '../core/shard.js'
import {outputTarget, TargetError, type OutputTarget} from './output-target.js'
import {parseArguments, usageLines, type Flags} from './parse-args.js'
import {Progress} from './progress.js'
import {describeMessages, plain} from './terminal.js'
import type {Terminal} from './terminal.js'
import {usage} from './usage.js'
import {VFile} from 'vfile'
// The modules a command needs beyond its arguments (the series pipeline,
// the series config's schema, the output folder's lock, the catalog) are
// imported when it runs: `--version`, `--help` and a usage error load none
// of them, and `check` none of the build's (start-up is paid on every save).
export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** A terminal line to redraw in place (a TTY, not CI), or undefined for plain output. */
  progress?: ((line: string) => void) | undefined
  /** What stderr allows: colour, code frames. Default: neither. */
  terminal?: Terminal | undefined
  /** The whole of stdin, for `offprint build -`. Default: none (a usage error). */
  readStdin?: (() => Promise<string>) | undefined
  /** Open a URL in the user's browser (`dev --open`); true when something took it. */
  openUrl?: ((url: string) => Promise<boolean>) | undefined
  cwd: string
  version: string
}

class UsageError extends Error {}

/** Run the CLI with its arguments; resolves to the exit status. */
export async function run(argv: ReadonlyArray<string>, io: Io): Promise<number> {
  const parsed = parseArguments(argv)
  if (parsed.kind === 'help') return io.stdout(usage), 0
  if (parsed.kind === 'version') return io.stdout(io.version + '\n'), 0
  if (parsed.kind === 'usage') return io.stderr(`offprint: ${parsed.message}\nUsage: ${parsed.usage}\nRun \`offprint --help\` for more.\n`), 2
  const {command, paths, flags} = parsed
  try {
    if (flags.quiet && flags.verbose) throw new UsageError('--quiet and --verbose contradict each other, expected one of them')
    // The browser a build or preview would drive, named wrongly: say so before any work.
    if (command === 'build' || command === 'dev') findChromium()
    if (command === 'build') return await build(paths, flags, io)
    if (command === 'check') return await check(paths, flags, io)
    if (command === 'catalog') return await (await import('./catalog.js')).runCatalog(paths, flags, io)
    if (command === 'init') return await (await import('./init.js')).runInit(paths, flags, io)
    if (command === 'doctor') return await (await import('./doctor.js')).runDoctor(paths, flags, io)
    if (command === 'import') return await (await import('./import.js')).runImport(paths, flags, io)
    if (command === 'crossref') return await (await import('./crossref.js')).runCrossref(await papersFrom(paths, flags, io), paths, flags, io)
    // A paper on stdin has no file to watch.
    if (paths.includes('-')) throw new UsageError('`offprint dev` watches files; `-` (stdin) cannot be previewed, expected paths')
    const {sources} = await papersFrom(paths, flags, io)
    return await (await import('./dev.js')).runDev(sources, flags, io)
  } catch (error) {
    if (error instanceof ChromiumPathError) return io.stderr(`offprint: ${error.message}\n`), 2
    if (error instanceof ConfigError) {
      // CI reading --json learns why nothing was built, with the config's messages.
      if (flags.json) io.stdout(JSON.stringify(jsonReport([], io.cwd, 0, io.version, error.files), null, 2) + '\n')
      return io.stderr(`offprint: ${error.message}\n`), 2
    }
    // The output folder cannot be used: no paper could be written (exit 1, as for a failed paper).
    if (error instanceof (await import('../core/output-folder.js')).OutputError) return io.stderr(`offprint: error: ${error.message}\n`), 1
    if (!(error instanceof UsageError || error instanceof TargetError)) throw error
    io.stderr(`offprint: ${error.message}\nUsage: ${usageLines[command]}\nRun \`offprint --help\` for more.\n`)
    return 2
  }
}

class ConfigError extends Error {
  constructor(
    message: string,
    readonly files: VFile[] = []
  ) {
    super(message)
  }
}

/** Print a file's messages on stderr, as --quiet and the terminal allow. */
function tell(io: Io, flags: Flags, file: Parameters<typeof describeMessages>[0]): void {
  for (const line of describeMessages(file, io.terminal ?? plain, flags.quiet)) io.stderr(line + '\n')
}

/** `-` among the paths: the paper comes from stdin, named `<stdin>`, its images relative to the working folder. */
async function stdinPaper(paths: string[], io: Io): Promise<PaperSource | undefined> {
  if (!paths.includes('-')) return undefined
  if (paths.length > 1) throw new UsageError('`-` (a paper on stdin) cannot be mixed with other paths')
  if (!io.readStdin) throw new UsageError('`-` reads a paper from stdin, but there is none')
  return {path: join(io.cwd, '<stdin>'), slug: 'stdin', folder: io.cwd, text: await io.readStdin()}
}

/**
 * The papers to work on, each with its series config; a bad config stops
 * everything. Papers refused as a whole (two with one slug) are left out and
 * counted in `refused`, so the build still fails.
 */
async function papersFrom(paths: string[], flags: Flags, io: Io): Promise<{sources: PaperSource[]; refused: number; stdin: boolean; configs: VFile[]}> {
  const piped = await stdinPaper(paths, io)
  const {attachSeriesConfigs} = await import('../core/series-config.js')
  if (piped) {
    const configs = await attachSeriesConfigs([piped], {allowOutsidePlugins: flags.allowOutsidePlugins})
    return {sources: [piped], refused: 0, stdin: true, configs: checkConfigs(configs, flags, io)}
  }
  const skipped: string[] = []
  // A path that does not exist is a typo, not a paper with errors: say so before anything else.
  const missing = paths.filter((path) => !existsSync(resolve(io.cwd, path)))
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`)
  // Paths are the caller's, relative to its working folder (io.cwd).
  const found = paths.length > 0 ? resolvePaperArguments(paths.map((path) => resolve(io.cwd, path)), skipped) : findPapers(resolve(io.cwd, 'papers'), skipped)
  if (found.length === 0) throw new UsageError(paths.length > 0 ? `no papers in ${paths.join(', ')}` : 'no papers found in papers/ (give paths to build)')
  const list = checkPaperList(found, skipped)
  for (const file of list.files) tell(io, flags, file)
  const {sources} = list
  const refused = list.files.filter((file) => countMessages(file).errors > 0).length
  const configs = checkConfigs(await attachSeriesConfigs(sources, {allowOutsidePlugins: flags.allowOutsidePlugins}), flags, io)
  if (flags.verbose) for (const source of sources) io.stderr(`offprint: paper ${source.slug} ← ${relative(io.cwd, source.path)}${source.config ? ` (series ${relative(io.cwd, source.config.path)})` : ''}\n`)
  return {sources, refused, stdin: false, configs}
}

/**
 * Say the series configs' messages and stop on their errors (with --strict,
 * their warnings too: a typo in series.yaml must not pass CI). Returns the
 * configs' files, whose messages the summary and --json count.
 */
function checkConfigs(configs: ReadonlyArray<{file: VFile}>, flags: Flags, io: Io): VFile[] {
  const files = configs.map((config) => config.file)
  for (const file of files) tell(io, flags, file)
  const broken = files.filter((file) => countMessages(file).errors > 0)
  if (broken.length > 0) throw new ConfigError(`series config ${broken.map((file) => file.path).join(', ')} has errors; nothing was built`, files)
  const warned = flags.strict ? files.filter((file) => countMessages(file).warnings > 0) : []
  if (warned.length > 0) throw new ConfigError(`series config ${warned.map((file) => file.path).join(', ')} has warnings, which --strict makes errors; nothing was built`, files)
  return files
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${name} takes a whole number of at least 1, not \`${value}\``)
  return number
}

async function build(paths: string[], flags: Flags, io: Io): Promise<number> {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard)
  if (flags.shard !== undefined && !shard) throw new UsageError(`--shard takes k/n with 1 ≤ k ≤ n, not \`${flags.shard}\``)
  // Options are checked before the paths: a bad option is the first thing to say.
  const timeout = positiveInteger(flags.timeout, 'timeout')
  const concurrency = positiveInteger(flags.concurrency, 'concurrency')
  outputTarget(flags.out, flags.to, 1, io.cwd)
  const {sources: all, refused, stdin, configs} = await papersFrom(paths, flags, io)
  const target = outputTarget(flags.out, flags.to, all.length, io.cwd)
  // -o naming a file: the paper's artifacts take its stem (the slug is the name artifacts take).
  const named = target.stem === undefined ? all : all.map((source) => ({...source, slug: target.stem!}))
  const sources = named.filter((source) => !shard || inShard(source.slug, shard))
  const progress = new Progress(sources.length, flags.quiet ? undefined : io.progress)
  const {OutputFolder} = await import('../core/output-folder.js')
  const output = await OutputFolder.open(target.folder, {
    onWait: (lock) => io.stderr(`offprint: another build is writing into ${relative(io.cwd, target.folder) || '.'}/; waiting for it to finish (lock: ${lock})\n`)
  })
  // A paper on stdin has no file whose content would key the cache.
  const cache = flags.cache === false || stdin ? false : flags.cache
  if (flags.verbose) {
    io.stderr(`offprint: ${sources.length} paper${sources.length === 1 ? '' : 's'} → ${relative(io.cwd, target.folder) || '.'}/ as ${target.formats.join(', ')}; cache ${cache === false ? 'off' : (cache ?? '.offprint-cache')}\n`)
  }
  try {
    const whole = !stdin && target.stem === undefined && !shard && paths.every((path) => !/\.(md|markdown)$/i.test(path) && !existsSync(join(resolve(io.cwd, path), 'index.md')))
    return (await buildInto(output, sources, {whole, target, cache, timeout, concurrency, progress, configs}, flags, io)) || (refused > 0 ? 1 : 0)
  } finally {
    await output.close()
  }
}

interface BuildPlan {
  /** Write the series catalog (the whole series was built, not some files of it). */
  whole: boolean
  target: OutputTarget
  cache: string | false | undefined
  timeout: number | undefined
  concurrency: number | undefined
  progress: Progress
  /** The series configs read, for the --json report. */
  configs: VFile[]
}

async function buildInto(output: OutputFolder, sources: PaperSource[], plan: BuildPlan, flags: Flags, io: Io): Promise<number> {
  // With --json, stdout carries only the report; people's lines go to stderr.
  const say = flags.quiet ? () => {} : flags.json ? io.stderr : io.stdout
  const {progress} = plan
  const {buildSeries} = await import('../core/build-series.js')
  const result = await buildSeries(sources, {
    output,
    strict: flags.strict,
    offline: flags.offline,
    concurrency: plan.concurrency,
    timeout: plan.timeout && plan.timeout * 1000,
    cache: plan.cache,
    formats: plan.target.formats,
    catalog: plan.whole,
    onRemoteUnavailable: (reason) => io.stderr(`offprint: warning: the remote cache cannot be used (${reason}); rendering locally\n`),
    onStart: (source) => progress.start(source.slug),
    onPaper: (paper) => {
      progress.clear()
      tell(io, flags, paper.file)
      say(paperLine(paper, io.cwd) + '\n')
      if (flags.verbose) for (const line of paperDetails(paper, io.cwd)) io.stderr(line + '\n')
      progress.done(paper.source.slug)
    }
  })
  progress.clear()
  if (plan.whole && result.papers.some((paper) => paper.meta)) {
    const {writeCatalog, writeCitationFiles} = await import('../core/write-catalog.js')
    // “Cite this paper” files beside each paper's artifacts, cached or not, as the series is published.
    await writeCitationFiles(output, result.papers)
    const catalog = await writeCatalog(output, result.papers, {onMessages: (file) => tell(io, flags, file)})
    say(`catalog → ${relative(io.cwd, catalog)}\n`)
  }
  const failed = result.papers.filter((paper) => paper.status === 'failed').length
  const built = result.papers.length - failed
  const configWarnings = plan.configs.reduce((sum, file) => sum + countMessages(file).warnings, 0)
  say(`${built} built, ${failed} failed in ${(result.durationMs / 1000).toFixed(1)} s → ${relative(io.cwd, result.out) || '.'}/${configWarnings ? `; series config: ${configWarnings} warning${configWarnings === 1 ? '' : 's'}` : ''}\n`)
  if (flags.json) io.stdout(JSON.stringify(jsonReport(result.papers, io.cwd, result.durationMs, io.version, plan.configs), null, 2) + '\n')
  return failed > 0 ? 1 : 0
}

async function check(paths: string[], flags: Flags, io: Io): Promise<number> {
  const say = flags.quiet ? () => {} : flags.json ? io.stderr : io.stdout
  const {sources, refused, configs} = await papersFrom(paths, flags, io)
  const results: PaperResult[] = []
  const timeout = (positiveInteger(flags.timeout, 'timeout') ?? 60) * 1000
  const {PaperPool, prepareOrFail} = await import('../core/paper-pool.js')
  let citations: CitationCache | undefined
  // The tree stages in a worker, as in a build: --timeout bounds a runaway paper here too.
  // The pipeline is loaded here only where no worker runs (from the TypeScript sources).
  const pool = new PaperPool(1, async (source, options) => {
    const [{preparePaper}, {createCitationCache}] = await Promise.all([import('../core/prepare-paper.js'), import('@offprint/cite/notes')])
    citations ??= createCitationCache()
    return preparePaper(source, {...options, citations})
  })
  // Remote images checked are kept where a build looks for them: a build after a check fetches nothing.
  const imageCache = join(resolve(io.cwd, '.offprint-cache'), 'images')
  const started = performance.now()
  let bad = 0
  // A series config's messages count as a paper's do (its errors stopped the run already).
  let errors = 0
  let warnings = configs.reduce((sum, file) => sum + countMessages(file).warnings, 0)
  try {
    for (const source of sources) {
      const paperStarted = performance.now()
      // The same stages as a build, short of the browser: the same messages.
      const prepared = await prepareOrFail(pool, source, {offline: flags.offline, imageCache, timeout})
      const paper = prepared instanceof VFile ? {file: prepared, meta: undefined} : prepared.paper
      const counts = countMessages(paper.file)
      errors += counts.errors
      warnings += counts.warnings
      const failed = counts.errors > 0 || (flags.strict && counts.warnings > 0)
      if (failed) bad++
      results.push({source, status: failed ? 'failed' : 'checked', file: paper.file, meta: paper.meta, artifacts: [], durationMs: performance.now() - paperStarted})
      tell(io, flags, paper.file)
      if (flags.verbose) io.stderr(`offprint: ${failed ? '✗' : '✓'} ${source.slug}  ${counts.errors} error${counts.errors === 1 ? '' : 's'}, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'} (${relative(io.cwd, source.path)})\n`)
    }
  } finally {
    await pool.close()
  }
  if (flags.json) io.stdout(JSON.stringify(jsonReport(results, io.cwd, performance.now() - started, io.version, configs), null, 2) + '\n')
  say(`${sources.length} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${bad ? `; ${bad} paper${bad === 1 ? '' : 's'} would not build` : ''}\n`)
  return bad > 0 || refused > 0 ? 1 : 0
}

/** --verbose: where a paper came from and each file it left. */
function paperDetails(paper: PaperResult, cwd: string): string[] {
  const from = paper.cache === 'hit' ? 'from the local cache' : paper.cache === 'remote' ? 'from the remote cache' : paper.status === 'failed' ? 'not rendered' : 'rendered'
  return [
    `offprint: ${paper.source.slug} ← ${relative(cwd, paper.source.path)}, ${from} in ${(paper.durationMs / 1000).toFixed(2)} s`,
    ...paper.artifacts.map((artifact) => `offprint:   ${relative(cwd, artifact.path)}  ${artifact.bytes} bytes${artifact.pages ? `, ${artifact.pages} pages` : ''}`)
  ]
}

function paperLine(paper: PaperResult, cwd: string): string {
  const seconds = (paper.durationMs / 1000).toFixed(1)
  if (paper.status === 'failed') {
    const {errors} = countMessages(paper.file)
    return `✗ ${paper.source.slug}  failed: ${errors} error${errors === 1 ? '' : 's'} in ${relative(cwd, paper.source.path)}`
  }
  if (paper.cache === 'hit') return `✓ ${paper.source.slug}  unchanged (cached)`
  const parts = paper.artifacts.map((artifact) => `${artifact.format} ${kilobytes(artifact.bytes)}${artifact.pages ? ` ${artifact.pages} pp` : ''}`)
  return `✓ ${paper.source.slug}  ${parts.join(' · ')}  (${seconds} s)`
}

function kilobytes(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`
}
