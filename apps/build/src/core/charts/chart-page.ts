import {readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import type {OwnedBrowser} from '@offprint/render-pdf'
import type {SharedBrowser} from '../shared-browser.js'

type Browser = OwnedBrowser['browser']
type Page = Awaited<ReturnType<Browser['newPage']>>
export type PageLibrary = 'plotly' | 'mermaid'

const require = createRequire(import.meta.url)
const libraryFiles: Readonly<Record<PageLibrary, string>> = {plotly: 'plotly.js-dist-min/plotly.min.js', mermaid: 'mermaid/dist/mermaid.min.js'}

/** The libraries' code, read once per process (they are megabytes, and never change under a build). */
const sources = new Map<PageLibrary, Promise<string>>()
function librarySource(library: PageLibrary): Promise<string> {
  let source = sources.get(library)
  if (!source) sources.set(library, (source = readFile(require.resolve(libraryFiles[library]), 'utf8')))
  return source
}

/**
 * Where a paper's charts are drawn: a `ChartPage` on this thread, or (in a
 * worker of the paper pool, which has no browser) a stand-in that asks the
 * build's thread to draw in its page. Only plain data crosses.
 */
export interface ChartDrawer {
  run<T>(library: PageLibrary, seed: number, draw: string, input: unknown, timeout: number): Promise<T>
  close(): Promise<void>
}

/**
 * A Chromium page where Plotly and Mermaid draw, which need a DOM. It is
 * not the paper's print page (that one runs no script): a blank page with
 * JavaScript on, every request refused but `data:` (a spec cannot fetch),
 * the libraries loaded from node_modules as code, and `Math.random` seeded
 * before each chart so the ids and jitter they draw repeat exactly.
 *
 * The page is opened on first use, in the build's browser when there is
 * one, else in a browser of its own, and closed (with that browser) by
 * `close()`. Charts are drawn one at a time.
 */
export class ChartPage implements ChartDrawer {
  private page: Promise<Page> | undefined
  private owned: OwnedBrowser | undefined
  private loaded = new Set<PageLibrary>()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly shared?: SharedBrowser | undefined) {}

  /** Run `draw` in the page, with `library` loaded and the random numbers reseeded from `seed`. */
  run<T>(library: PageLibrary, seed: number, draw: string, input: unknown, timeout: number): Promise<T> {
    const turn = this.queue.then(() => this.runNow<T>(library, seed, draw, input, timeout))
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async runNow<T>(library: PageLibrary, seed: number, draw: string, input: unknown, timeout: number): Promise<T> {
    let page = await (this.page ??= this.open()).catch((error: unknown) => {
      // A launch that failed is tried again by the next chart.
      this.page = undefined
      throw error
    })
    // The build's browser was replaced (a fault, or one for raster images): a new page in the new one.
    if (page.isClosed()) {
      this.page = undefined
      this.loaded = new Set()
      page = await (this.page = this.open())
    }
    if (!this.loaded.has(library)) {
      await page.evaluate(await librarySource(library))
      this.loaded.add(library)
    }
    await page.evaluate((value: number) => (globalThis as unknown as {reseed(seed: number): void}).reseed(value), seed)
    const work = page.evaluate(`(${draw})(${JSON.stringify(input)})`) as Promise<T>
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the chart took over ${Math.round(timeout / 1000)} s to draw`)), timeout)
    })
    try {
      return await Promise.race([work, late])
    } catch (error) {
      // A page stuck in a chart is no use to the next one.
      if (!page.isClosed()) await page.close().catch(() => undefined)
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  private async open(): Promise<Page> {
    let browser: Browser
    if (this.shared) browser = await this.shared.get()
    else {
      const {launchBrowser} = await import('@offprint/render-pdf')
      browser = (this.owned ??= await launchBrowser({singleProcess: true})).browser
    }
    const page = await browser.newPage()
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue()
      else void request.abort('blockedbyclient')
    })
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0"></body></html>')
    // A small seeded generator (mulberry32) in place of Math.random.
    await page.evaluate(() => {
      let state = 1
      const scope = globalThis as unknown as {reseed(seed: number): void}
      scope.reseed = (seed: number) => {
        state = seed >>> 0 || 1
      }
      Math.random = () => {
        state = (state + 0x6d2b79f5) >>> 0
        let t = state
        t = Math.imul(t ^ (t >>> 15), t | 1)
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296
      }
    })
    return page
  }

  /** Close the page, and the browser if it is the page's own. */
  async close(): Promise<void> {
    await this.queue
    const page = await this.page?.catch(() => undefined)
    const owned = this.owned
    this.page = undefined
    this.owned = undefined
    this.loaded = new Set()
    if (page && !page.isClosed()) await page.close().catch(() => undefined)
    await owned?.close()
  }
}

