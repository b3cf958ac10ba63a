import {readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import type {OwnedBrowser} from '@offprint/render-pdf'

type Page = Awaited<ReturnType<OwnedBrowser['browser']['newPage']>>
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
 * A Chromium page where Plotly and Mermaid draw, which need a DOM. It is
 * not the paper's print page (that one runs no script): a blank page with
 * JavaScript on, every request refused but `data:` (a spec cannot fetch),
 * the libraries loaded from node_modules as code, and `Math.random` seeded
 * before each chart so the ids and jitter they draw repeat exactly.
 *
 * The page is opened on first use and closed with `close()`, with the
 * browser when it launched its own.
 */
export class ChartPage {
  private page: Promise<Page> | undefined
  private owned: OwnedBrowser | undefined
  private readonly loaded = new Set<PageLibrary>()

  constructor(private readonly executablePath?: string | undefined) {}

  /** Run `draw` in the page, with `library` loaded and the random numbers reseeded from `seed`. */
  async run<T>(library: PageLibrary, seed: number, draw: string, input: unknown, timeout: number): Promise<T> {
    const page = await (this.page ??= this.open())
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
    } finally {
      clearTimeout(timer)
    }
  }

  private async open(): Promise<Page> {
    const {launchBrowser} = await import('@offprint/render-pdf')
    this.owned = await launchBrowser({executablePath: this.executablePath, singleProcess: true})
    const page = await this.owned.browser.newPage()
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

  async close(): Promise<void> {
    const owned = this.owned
    this.page = undefined
    this.owned = undefined
    this.loaded.clear()
    await owned?.close()
  }
}
