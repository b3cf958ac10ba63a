import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, isAbsolute, join, relative} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {report} from '@offprint/parse/report'
import type {SeriesConfig} from '@offprint/parse/config'
import type {PluggableList, Plugin, Processor, Transformer} from 'unified'
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {LineCounter, parseDocument} from 'yaml'
import {resolveInside} from './resolve-inside.js'

/** One plugin a series names in `series.yaml`, resolved to a module file. */
export interface SeriesPlugin {
  kind: 'remark' | 'rehype'
  /** As written: `./plugins/abbr.mjs`, or a package name. */
  name: string
  options?: Record<string, unknown> | undefined
  /** Where the entry is in series.yaml. */
  place: Point
  /** The module file to import; undefined when it could not be found. */
  module?: string | undefined
  /** Why it cannot be loaded, when it cannot. */
  problem?: string | undefined
  /** The file whose content keys the cache: the module itself, or its package's package.json (its version). */
  input?: string | undefined
}

/** A plugin that failed, at load or while it ran: the message names it and its entry in series.yaml. */
export class PluginError extends Error {
  override name = 'PluginError'
  constructor(
    readonly plugin: SeriesPlugin,
    readonly configPath: string,
    readonly reason: string,
    override readonly cause?: unknown
  ) {
    super(reason)
  }
}

/** A package name, optionally with a subpath (`@scope/pkg/plugin.js`), that climbs nowhere. */
const packageName = /^(?:@[a-z0-9~-][\w.~-]*\/)?[a-z0-9~-][\w.~-]*(?:\/(?!\.\.?(?:\/|$))[\w.~-]+)*$/i

/**
 * The `plugins` of a series config, each found: a path relative to
 * series.yaml goes through the one path resolver (inside the series folder),
 * a package name is resolved from the series folder. A module elsewhere (an
 * absolute path, a `file:` URL) is an error at its entry, as a plugin runs
 * with the build's rights: only `allowOutsidePlugins`
 * (`--allow-outside-plugins`) lets one load. Nothing is imported here; a
 * plugin that cannot be found is kept with its problem, so the papers of the
 * series fail with it (not the whole build).
 */
export async function resolvePlugins(lists: SeriesConfig['plugins'], file: VFile, folder: string, settings: {allowOutsidePlugins?: boolean | undefined} = {}): Promise<SeriesPlugin[]> {
  const places = entryPlaces(String(file.value))
  const found: SeriesPlugin[] = []
  for (const kind of ['remark', 'rehype'] as const) {
    for (const [index, entry] of (lists?.[kind] ?? []).entries()) {
      const [name, options] = typeof entry === 'string' ? [entry, undefined] : entry
      const plugin: SeriesPlugin = {kind, name, options, place: places(kind, index)}
      const outside = isAbsolute(name) ? name : /^file:/i.test(name) ? safeFileUrl(name) : undefined
      if (outside !== undefined && settings.allowOutsidePlugins) {
        plugin.module = outside
        plugin.input = outside
        if (!existsSync(outside)) plugin.problem = 'no such file'
      } else if (outside !== undefined || !(/^\.{1,2}\//.test(name) || packageName.test(name))) {
        plugin.problem = 'a module outside the series folder'
        report(file, {
          reason: `Unexpected ${kind} plugin \`${name}\` ${outside === undefined ? 'that is neither a relative path nor a package name' : 'outside the series folder'}, expected a path relative to series.yaml inside the series folder (\`./plugins/x.mjs\`) or an installed package name (\`--allow-outside-plugins\` lets an absolute path load)`,
          ruleId: 'series-path',
          severity: 'error',
          place: plugin.place
        })
      } else if (/^\.{1,2}\//.test(name)) {
        const result = await resolveInside(name, folder)
        if (result.ok) {
          plugin.module = result.path
          plugin.input = result.path
        } else plugin.problem = result.problem === 'missing' ? 'no such file' : `a path ${result.problem === 'remote' ? 'that is a URL' : 'outside the series folder'}`
      } else {
        try {
          plugin.module = createRequire(join(folder, 'series.yaml')).resolve(name)
          plugin.input = packageJsonOf(plugin.module)
        } catch {
          plugin.problem = 'no such package installed'
        }
      }
      found.push(plugin)
    }
  }
  return found
}

/** Where `plugins.<kind>[index]` is written in series.yaml (the `plugins` key when it cannot be told). */
function entryPlaces(text: string): (kind: string, index: number) => Point {
  const counter = new LineCounter()
  const document = parseDocument(text, {lineCounter: counter})
  return (kind, index) => {
    const node = (document.getIn(['plugins', kind, index], true) ?? document.getIn(['plugins'], true)) as {range?: [number, number, number]} | undefined
    const offset = node?.range?.[0]
    if (offset === undefined) return {line: 1, column: 1}
    const {line, col} = counter.linePos(offset)
    return {line, column: col}
  }
}

function safeFileUrl(name: string): string {
  try {
    return fileURLToPath(name)
  } catch {
    return name
  }
}

function packageJsonOf(module: string): string | undefined {
  for (let folder = dirname(module); folder !== dirname(folder); folder = dirname(folder)) {
    const path = join(folder, 'package.json')
    if (existsSync(path)) return path
  }
  return undefined
}

/**
 * Import a series' plugins: their default exports, each wrapped so that an
 * error it throws, at attach or while it runs, is a PluginError naming it.
 */
export async function importPlugins(plugins: ReadonlyArray<SeriesPlugin>, configPath: string): Promise<{remark: PluggableList; rehype: PluggableList}> {
  const lists = {remark: [] as PluggableList, rehype: [] as PluggableList}
  for (const plugin of plugins) {
    if (!plugin.module) throw new PluginError(plugin, configPath, `cannot be loaded (${plugin.problem})`)
    let exported: unknown
    try {
      exported = ((await import(pathToFileURL(plugin.module).href)) as {default?: unknown}).default
    } catch (error) {
      throw new PluginError(plugin, configPath, `cannot be loaded (${firstLine(error)})`, error)
    }
    if (typeof exported !== 'function') throw new PluginError(plugin, configPath, `has no default export that is a unified plugin (found ${exported === undefined ? 'none' : typeof exported})`)
    const guarded = guard(exported as Plugin, plugin, configPath)
    lists[plugin.kind].push(plugin.options === undefined ? guarded : [guarded, plugin.options])
  }
  return lists
}

/** The plugin, its attacher and its transformer made to throw PluginErrors that name it. */
function guard(plugin: Plugin, entry: SeriesPlugin, configPath: string): Plugin {
  const fail = (error: unknown) => (error instanceof PluginError ? error : new PluginError(entry, configPath, `threw (${firstLine(error)})`, error))
  return function (this: Processor, ...parameters: unknown[]) {
    let transformer: Transformer | void
    try {
      transformer = (plugin as (...parameters: unknown[]) => Transformer | void).apply(this, parameters)
    } catch (error) {
      throw fail(error)
    }
    if (typeof transformer !== 'function') return transformer
    const run = transformer
    // Three parameters: unified always passes `next`, whichever style the plugin uses.
    return (tree, file, next) => {
      const done = (error: unknown, value?: unknown) => (error ? next(fail(error)) : next(undefined, value as never))
      try {
        if (run.length > 2) return void run(tree, file, (error, value) => done(error, value))
        const result = (run as (tree: unknown, file: VFile) => unknown)(tree, file)
        if (result instanceof Error) done(result)
        else if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then((value) => done(undefined, value), (error: unknown) => done(error ?? new Error('rejected')))
        else done(undefined, result)
      } catch (error) {
        done(error)
      }
    }
  } as Plugin
}

/**
 * The message a paper gets when a plugin fails on it: at the place the plugin
 * gave (`file.message`/`file.fail` in the plugin), else at the plugin's own
 * line in its module (from the stack), else at its entry in series.yaml.
 */
export function pluginMessage(error: PluginError, paper: VFile): VFileMessage {
  const {plugin, configPath} = error
  const config = relative(process.cwd(), configPath) || configPath
  const reason = `Unexpected ${plugin.kind} plugin \`${plugin.name}\` (${config}:${plugin.place.line}:${plugin.place.column}) that ${error.reason}, expected it to ${plugin.module ? 'run on the paper' : 'load'}`
  const cause = error.cause
  const message = new VFileMessage(reason, {ruleId: 'plugin-failed', source: 'offprint', cause: cause instanceof Error ? cause : undefined})
  if (cause instanceof VFileMessage && cause.line) {
    Object.assign(message, {line: cause.line, column: cause.column ?? 1, place: cause.place})
    message.file = paper.path
  } else {
    const frame = plugin.module ? frameIn(cause, plugin.module) : undefined
    const at = frame ?? plugin.place
    message.line = at.line
    message.column = at.column
    message.file = frame ? relative(process.cwd(), plugin.module!) : config
  }
  message.fatal = true
  return message
}

/** The plugin's own line and column in an error's stack (as a file: URL, or a path when a loader wrote it so). */
function frameIn(error: unknown, module: string): Point | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : ''
  for (const line of stack.split('\n')) {
    for (const name of [pathToFileURL(module).href, module]) {
      const at = line.indexOf(name + ':')
      if (at === -1) continue
      const [row, column] = line.slice(at + name.length + 1).split(':').map((part) => Number.parseInt(part, 10))
      if (row && column) return {line: row, column}
    }
  }
  return undefined
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!
}
