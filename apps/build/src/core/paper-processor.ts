import type {CitationCache, Paper} from '@offprint/cite/notes'
import type {ChartKind, PaperProcessor, RenderedPaper} from '@offprint/render-html'
import type {PluggableList} from 'unified'
import type {VFile} from 'vfile'
import type {ChartDrawer} from './charts/chart-page.js'
import type {ChartSession} from './charts/draw-chart.js'
import type {PaperSource} from './find-papers.js'
import type {SharedBrowser} from './shared-browser.js'
import type {LoadedSeriesConfig} from './series-config.js'
import {importPlugins, PluginError, pluginMessage} from './series-plugins.js'

/** What the citation stage needs to read one paper's bibliography (the files are read here, not in the stage). */
interface PaperContext {
  source: PaperSource
  inputs: Set<string>
  cache: CitationCache | undefined
  /** The build's browser, where charts are drawn; without one, a paper's charts get a browser of their own. */
  browser?: SharedBrowser | undefined
  /** Where charts are drawn instead of a page of `browser` (a worker asks the build's thread). */
  chartDrawer?: (() => ChartDrawer) | undefined
  /** The page the paper's charts draw in, opened by its first chart and closed when the run ends. */
  charts?: ChartSession | undefined
}

/** A series' processor, or why it could not be made (a plugin that does not load), with one made without its plugins. */
export interface SeriesProcessor {
  processor: PaperProcessor
  failure?: PluginError | undefined
}

const contexts = new WeakMap<VFile, PaperContext>()
const built = new WeakMap<object, Map<number, Promise<SeriesProcessor>>>()
/** Papers without a series config share one processor. */
const noSeries = {}

/**
 * The one frozen processor of a series, made on first use and reused for
 * every paper of it: Offprint's stages with the series' plugins, its
 * defaults under each paper's front matter. The render modules load with it.
 */
export function processorFor(config: LoadedSeriesConfig | undefined, options: {maxBytes: number}): Promise<SeriesProcessor> {
  const key = config ?? noSeries
  let byLimit = built.get(key)
  if (!byLimit) built.set(key, (byLimit = new Map()))
  let made = byLimit.get(options.maxBytes)
  if (!made) {
    made = makeProcessor(config, options.maxBytes)
    byLimit.set(options.maxBytes, made)
  }
  return made
}

async function makeProcessor(config: LoadedSeriesConfig | undefined, maxBytes: number): Promise<SeriesProcessor> {
  const {createPaperProcessor} = await import('@offprint/render-html')
  const make = (plugins?: {remark: PluggableList; rehype: PluggableList}) => {
    return createPaperProcessor({
      paper: {maxBytes, defaults: config?.defaults},
      citations: {load: loadCitations},
      charts: {renderer: {render: renderChart}},
      remarkPlugins: plugins?.remark,
      rehypePlugins: plugins?.rehype
    })
  }
  if (!config?.plugins?.length) return {processor: make()}
  try {
    const plugins = await importPlugins(config.plugins, config.path)
    const processor = make(plugins)
    // Attachers run now, once: one that throws fails the series' papers with its message.
    processor.freeze()
    return {processor}
  } catch (error) {
    if (!(error instanceof PluginError)) throw error
    return {processor: make(), failure: error}
  }
}

/** The citation options of a paper that names a bibliography (its files read by load-citations). */
async function loadCitations(file: VFile) {
  const context = contexts.get(file)
  const meta = file.data.meta
  if (!context || !meta?.options.bibliography) return undefined
  const {citationOptions} = await import('./load-citations.js')
  return citationOptions(meta.options, meta.lang, context.source, file, context.cache, context.inputs)
}

/** Draw one chart block of a paper (its data files read inside the paper's folder, as images are). */
async function renderChart(kind: ChartKind, source: string, {file, index}: {file: VFile; index: number}) {
  const context = contexts.get(file)
  if (!context) return {error: {reason: `Unexpected ${kind} block outside a build, expected a paper of a series`, ruleId: 'chart-invalid'}}
  const [{drawChart}, {ChartPage}] = await Promise.all([import('./charts/draw-chart.js'), import('./charts/chart-page.js')])
  context.charts ??= {folder: context.source.folder, inputs: context.inputs, page: context.chartDrawer?.() ?? new ChartPage(context.browser)}
  return drawChart(kind, source, index, context.charts)
}

/**
 * Run a series' processor over one paper's file. A plugin that fails (or
 * did not load) fails this paper alone: its message names the plugin; the
 * paper keeps what the stages before it found.
 */
export async function runProcessor(made: SeriesProcessor, file: VFile, context: PaperContext): Promise<{paper: Paper; rendered: RenderedPaper | undefined}> {
  contexts.set(file, context)
  const {processor, failure} = made
  try {
    await processor.run(processor.parse(file), file)
  } catch (error) {
    if (!(error instanceof PluginError)) throw error
    file.messages.push(pluginMessage(error, file))
  } finally {
    contexts.delete(file)
    // Closed at once, even in the build's browser: a page left open there
    // keeps the print pages of a one-process Chromium from painting.
    await context.charts?.page.close()
  }
  if (failure) file.messages.push(pluginMessage(failure, file))
  const data = file.data
  const paper: Paper = {
    meta: data.meta!,
    tree: data.mdast ?? {type: 'root', children: []},
    notes: data.notes ?? [],
    file,
    bibliography: data.bibliography
  }
  return {paper, rendered: failure ? undefined : data.rendered}
}
