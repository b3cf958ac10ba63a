import {existsSync} from 'node:fs'
import {join, relative, resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {buildSeries, type PaperResult} from '../core/build-series.js'
import {checkPaperList, findPapers, resolvePaperArguments, type PaperSource} from '../core/find-papers.js'
import {countMessages, formatMessages, jsonReport} from '../core/format-messages.js'
import {OutputError, OutputFolder} from '../core/output-folder.js'
import {writeCatalog} from '../core/write-catalog.js'
import {inShard, parseShard} from '../core/shard.js'
import {attachSeriesConfigs} from '../core/series-config.js'
import {Progress} from './progress.js'
import {usage} from './usage.js'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** A terminal line to redraw in place (a TTY, not CI), or undefined for plain output. */
  progress?: ((line: string) => void) | undefined
  cwd: string
  version: string
}

class UsageError extends Error {}

/** Run the CLI with its arguments; resolves to the exit status. */
export async function run(argv: ReadonlyArray<string>, io: Io): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: {type: 'string', short: 'o'},
        concurrency: {type: 'string', short: 'j'},
        timeout: {type: 'string'},
        strict: {type: 'boolean'},
        json: {type: 'boolean'},
        cache: {type: 'string'},
        port: {type: 'string'},
        shard: {type: 'string'},
        'no-cache': {type: 'boolean'},
        help: {type: 'boolean', short: 'h'},
        version: {type: 'boolean', short: 'v'}
      }
    })
  } catch (error) {
    io.stderr(`offprint: ${(error as Error).message}\nRun \`offprint --help\` for usage.\n`)
    return 2
  }
  const {values, positionals} = parsed
  if (values.help) return io.stdout(usage), 0
  if (values.version) return io.stdout(io.version + '\n'), 0
  const [command, ...paths] = positionals
  try {
    if (command === 'build') return await build(paths, values, io)
    if (command === 'check') return await check(paths, values, io)
    if (command === 'catalog') return await (await import('./catalog.js')).runCatalog(paths, values, io)
    if (command === 'dev') return await (await import('./dev.js')).runDev((await papersFrom(paths, io)).sources, {port: values.port, out: values.out}, io)
    throw new UsageError(command ? `unknown command \`${command}\`, expected build, check, catalog or dev` : 'missing command, expected build, check, catalog or dev')
  } catch (error) {
    if (error instanceof ConfigError) return io.stderr(`offprint: ${error.message}\n`), 2
    // The output folder cannot be used: no paper could be written (exit 1, as for a failed paper).
    if (error instanceof OutputError) return io.stderr(`offprint: error: ${error.message}\n`), 1
    if (!(error instanceof UsageError)) throw error
    io.stderr(`offprint: ${error.message}\nRun \`offprint --help\` for usage.\n`)
    return 2
  }
}

class ConfigError extends Error {}

/**
 * The papers to work on, each with its series config; a bad config stops
 * everything. Papers refused as a whole (two with one slug) are left out and
 * counted in `refused`, so the build still fails.
 */
async function papersFrom(paths: string[], io: Io): Promise<{sources: PaperSource[]; refused: number}> {
  const skipped: string[] = []
  // A path that does not exist is a typo, not a paper with errors: say so before anything else.
  const missing = paths.filter((path) => !existsSync(resolve(io.cwd, path)))
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`)
  const found = paths.length > 0 ? resolvePaperArguments(paths, skipped) : findPapers('papers', skipped)
  if (found.length === 0) throw new UsageError(paths.length > 0 ? `no papers in ${paths.join(', ')}` : 'no papers found in papers/ (give paths to build)')
  const list = checkPaperList(found, skipped)
  for (const file of list.files) for (const line of formatMessages(file)) io.stderr(line + '\n')
  const {sources} = list
  const refused = list.files.filter((file) => countMessages(file).errors > 0).length
  const configs = await attachSeriesConfigs(sources)
  for (const config of configs) for (const line of formatMessages(config.file)) io.stderr(line + '\n')
  const broken = configs.filter((config) => countMessages(config.file).errors > 0)
  if (broken.length > 0) throw new ConfigError(`series config ${broken.map((c) => c.file.path).join(', ')} has errors; nothing was built`)
  return {sources, refused}
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${name} takes a whole number of at least 1, not \`${value}\``)
  return number
}

interface Flags {
  shard?: string
  cache?: string
  'no-cache'?: boolean
  out?: string
  concurrency?: string
  timeout?: string
  strict?: boolean
  json?: boolean
}

async function build(paths: string[], values: Flags, io: Io): Promise<number> {
  const shard = values.shard === undefined ? undefined : parseShard(values.shard)
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard takes k/n with 1 ≤ k ≤ n, not \`${values.shard}\``)
  // Options are checked before the paths: a bad option is the first thing to say.
  const timeout = positiveInteger(values.timeout, 'timeout')
  positiveInteger(values.concurrency, 'concurrency')
  const {sources: all, refused} = await papersFrom(paths, io)
  const sources = all.filter((source) => !shard || inShard(source.slug, shard))
  const progress = new Progress(sources.length, io.progress)
  const output = await OutputFolder.open(resolve(io.cwd, values.out ?? 'dist'), {
    onWait: (lock) => io.stderr(`offprint: another build is writing into ${relative(io.cwd, resolve(io.cwd, values.out ?? 'dist')) || '.'}/; waiting for it to finish (lock: ${lock})\n`)
  })
  try {
    return (await buildInto(output, sources, paths, shard, timeout, progress, values, io)) || (refused > 0 ? 1 : 0)
  } finally {
    await output.close()
  }
}

async function buildInto(
  output: OutputFolder,
  sources: PaperSource[],
  paths: string[],
  shard: ReturnType<typeof parseShard>,
  timeout: number | undefined,
  progress: Progress,
  values: Flags,
  io: Io
): Promise<number> {
  // With --json, stdout carries only the report; people's lines go to stderr.
  const say = values.json ? io.stderr : io.stdout
  const result = await buildSeries(sources, {
    output,
    strict: values.strict,
    concurrency: positiveInteger(values.concurrency, 'concurrency'),
    timeout: timeout && timeout * 1000,
    cache: values['no-cache'] ? false : values.cache,
    onRemoteUnavailable: (reason) => io.stderr(`offprint: warning: the remote cache cannot be used (${reason}); rendering locally\n`),
    onStart: (source) => progress.start(source.slug),
    onPaper: (paper) => {
      progress.clear()
      for (const line of formatMessages(paper.file)) io.stderr(line + '\n')
      say(paperLine(paper, io.cwd) + '\n')
      progress.done(paper.source.slug)
    }
  })
  progress.clear()
  // A catalog of the series, unless only some files of it were named.
  const wholeSeries = paths.every((path) => !/\.(md|markdown)$/i.test(path) && !existsSync(join(path, 'index.md')))
  if (wholeSeries && !shard && result.papers.some((paper) => paper.meta)) {
    const catalog = await writeCatalog(output, result.papers)
    say(`catalog → ${relative(io.cwd, catalog)}\n`)
  }
  const failed = result.papers.filter((paper) => paper.status === 'failed').length
  const built = result.papers.length - failed
  say(`${built} built, ${failed} failed in ${(result.durationMs / 1000).toFixed(1)} s → ${relative(io.cwd, result.out) || '.'}/\n`)
  if (values.json) io.stdout(JSON.stringify(jsonReport(result.papers, io.cwd, result.durationMs), null, 2) + '\n')
  return failed > 0 ? 1 : 0
}

async function check(paths: string[], values: Flags, io: Io): Promise<number> {
  const say = values.json ? io.stderr : io.stdout
  const {sources, refused} = await papersFrom(paths, io)
  const results: PaperResult[] = []
  const [{loadPaper}, {createCitationCache}] = await Promise.all([import('../core/load-paper.js'), import('@offprint/cite/notes')])
  const citations = createCitationCache()
  const started = performance.now()
  let bad = 0
  let errors = 0
  let warnings = 0
  for (const source of sources) {
    const paperStarted = performance.now()
    const {paper} = await loadPaper(source, {citations})
    const counts = countMessages(paper.file)
    errors += counts.errors
    warnings += counts.warnings
    const failed = counts.errors > 0 || (values.strict && counts.warnings > 0)
    if (failed) bad++
    results.push({source, status: failed ? 'failed' : 'checked', file: paper.file, artifacts: [], durationMs: performance.now() - paperStarted})
    for (const line of formatMessages(paper.file)) io.stderr(line + '\n')
  }
  if (values.json) io.stdout(JSON.stringify(jsonReport(results, io.cwd, performance.now() - started), null, 2) + '\n')
  say(`${sources.length} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${bad ? `; ${bad} paper${bad === 1 ? '' : 's'} would not build` : ''}\n`)
  return bad > 0 || refused > 0 ? 1 : 0
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
