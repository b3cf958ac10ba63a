import {readFile, stat} from 'node:fs/promises'
import {relative} from 'node:path'
import type {CitationCache, Paper} from '@offprint/cite/notes'
import {report} from '@offprint/parse/report'
import type {RenderedPaper} from '@offprint/render-html'
import type {PressProfile} from '@offprint/render-pdf/profile'
import {VFile} from 'vfile'
import type {PaperSource} from './find-papers.js'
import {loadCover, loadImages, type ImageOptions, type PaperImage} from './load-images.js'
import {isStylePath, resolveStyle} from './paper-paths.js'
import {processorFor, runProcessor} from './paper-processor.js'
import {RemoteImageCache} from './remote-image-cache.js'
import type {ChartDrawer} from './charts/chart-page.js'
import type {SharedBrowser} from './shared-browser.js'

export {fileImages, inlineImages, type PaperImage} from './load-images.js'

export interface LoadedPaper {
  source: PaperSource
  paper: Paper
  /**
   * The paper as the series' processor left it, images as written (map them
   * with `fileImages`/`inlineImages`); undefined when a stage could not finish.
   */
  rendered?: RenderedPaper | undefined
  /** Images by the URL written in the markdown. */
  images: Map<string, PaperImage>
  /** Every file the paper's output depends on (for the cache key). */
  inputs: string[]
  /** The paper's own EPUB cover (front matter `cover`), when it names one. */
  cover?: {data: Buffer; mediaType: 'image/jpeg' | 'image/png'} | undefined
  /** The printer's profile, when `print.pdfx` asks for a press edition. */
  pressProfile?: PressProfile | undefined
}

export interface LoadOptions {
  /** Largest paper accepted, in bytes. Default: 5 MiB. */
  maxBytes?: number | undefined
  /**
   * Largest raster image accepted, in pixels (width × height); a larger one is
   * an `image-too-large` error, as decoding it would exhaust the browser.
   * Default: 50 000 000 (50 megapixels).
   */
  maxImagePixels?: number | undefined
  /** Largest image file or remote picture accepted, in bytes; larger is an `image-too-large` error. Default: 50 000 000 (50 MB). */
  maxImageBytes?: number | undefined
  /**
   * Fetch no remote image (`--offline`): a picture the cache keeps from an
   * earlier build is used, any other is an `image-offline` error. Default: false.
   */
  offline?: boolean | undefined
  /**
   * The folder remote images are kept in between builds, by URL and content
   * hash (the build puts it in its cache folder: `<cache>/images`); each kept
   * picture keys the papers that show it. Default: none (fetched every time).
   */
  imageCache?: string | undefined
  /** A remote image's time limit (whole fetch, redirects included), in ms. Default: 20 000. */
  remoteTimeout?: number | undefined
  /** CSL engines shared by every paper of a build (building one takes a second). */
  citations?: CitationCache | undefined
  /** The build's browser, where Plotly and Mermaid charts are drawn. Default: a browser of the paper's own, if it has such charts. */
  browser?: SharedBrowser | undefined
  /** Where the charts are drawn instead (a worker's stand-in for the build's page). Default: a page of `browser`. */
  chartDrawer?: (() => ChartDrawer) | undefined
}

/**
 * Read a paper and everything it refers to, and run the series' processor
 * over it (every tree stage, from markdown to the article's hast, the
 * series' plugins included). Problems land as messages on `paper.file`;
 * nothing is thrown for bad input or for a plugin that fails.
 */
export async function loadPaper(source: PaperSource, options: LoadOptions = {}): Promise<LoadedPaper> {
  const file = new VFile({path: relative(process.cwd(), source.path) || source.path})
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024
  try {
    if (source.text === undefined) {
      const info = await stat(source.path)
      // Refuse before reading: a huge file must not be pulled into memory.
      file.value = info.size > maxBytes ? Buffer.alloc(maxBytes + 1) : await readFile(source.path)
    } else {
      const data = Buffer.from(source.text)
      file.value = data.byteLength > maxBytes ? Buffer.alloc(maxBytes + 1) : data
    }
  } catch (error) {
    file.value = ''
    report(file, {
      reason: `Unexpected unreadable file (${(error as NodeJS.ErrnoException).code ?? String(error)}), expected a readable markdown file`,
      ruleId: 'input-unreadable',
      severity: 'error'
    })
    file.value = ''
  }
  const inputs = new Set<string>([source.path])
  for (const path of [source.config?.path, source.config?.themeCss, source.config?.logo]) if (path) inputs.add(path)
  // Plugins key the cache by their module (or their package's package.json: its version).
  for (const plugin of source.config?.plugins ?? []) if (plugin.input) inputs.add(plugin.input)
  const processor = await processorFor(source.config, {maxBytes})
  const {paper, rendered} = await runProcessor(processor, file, {source, inputs, cache: options.citations, browser: options.browser, chartDrawer: options.chartDrawer})
  // A style file is checked even when no bibliography uses it: a path out of the folder is an error either way.
  const csl = paper.meta.options.csl
  if (!paper.meta.options.bibliography && csl && isStylePath(csl)) await resolveStyle(paper.file, source, csl)
  const imageOptions: ImageOptions = {
    maxPixels: options.maxImagePixels,
    maxBytes: options.maxImageBytes,
    offline: options.offline,
    remoteCache: options.imageCache ? new RemoteImageCache(options.imageCache) : undefined,
    remoteLimits: {timeout: options.remoteTimeout}
  }
  const images = await loadImages(paper, source, inputs, imageOptions, rendered)
  const cover = paper.meta.options.cover ? await loadCover(paper.meta.options.cover, paper, source, inputs, imageOptions) : undefined
  const pressProfile = paper.meta.options.print?.pdfx ? await (await import('./load-press-profile.js')).loadPressProfile(paper, source, inputs) : undefined
  return {source, paper, rendered, images, inputs: [...inputs], cover, pressProfile}
}

