import {TimeoutError, type Browser, type CDPSession, type HTTPRequest, type Page} from 'puppeteer-core'

export interface ClosedPageOptions {
  /** Time limit for everything done on the page, in milliseconds. */
  timeout: number
  /** Let our own injected code run (the page's own script stays blocked by its CSP). Default: false. */
  script?: boolean | undefined
}

/** Name the step now running on the page, for the error should it fail. */
export type StepName = (name: string) => void

/**
 * A step on a page failed. `kind` says whose fault it likely was: `timeout`
 * (the time limit passed), `browser` (the browser or the page's target
 * crashed, closed or lost its connection: not the document's fault, worth
 * another try in a new browser) or `page` (anything else).
 */
export class RenderStepError extends Error {
  override name = 'RenderStepError'
  constructor(
    readonly step: string,
    readonly kind: 'timeout' | 'browser' | 'page',
    cause: unknown
  ) {
    super(`${kind === 'timeout' ? 'Timed out' : 'Failed'} ${step}: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, {cause})
  }
}

/** Messages of puppeteer and CDP for a page or browser that went away under us. */
const lostTarget = /target closed|session closed|connection closed|has been closed|detached|crashed|browser has disconnected|not attached|no target with given id|websocket is not open|pipe/i

function stepError(error: unknown, step: string, browser: Browser): RenderStepError {
  if (error instanceof RenderStepError) return error
  const name = error instanceof Error ? error.name : ''
  const kind =
    error instanceof TimeoutError || name === 'TimeoutError'
      ? 'timeout'
      : !browser.connected || name === 'TargetCloseError' || name === 'ConnectionClosedError' || (error instanceof Error && lostTarget.test(error.message))
        ? 'browser'
        : 'page'
  return new RenderStepError(step, kind, error)
}

/**
 * Run `use` on a page of the shared browser holding one untrusted document:
 * script off, and every request refused but `data:` — a paper can neither
 * reach the network nor read files. Fonts are loaded before `use` is called.
 * Every step (opening the page, loading the document, and those `use`
 * names) runs against one deadline; a failure is a RenderStepError naming its
 * step.
 *
 * Pages are kept for the next document (a new tab costs a renderer's start
 * and ~80 ms a paper): a document without script leaves nothing behind once
 * the next one replaces it. A page that ran script, or failed, is closed
 * instead, and so is one that has held many documents, to bound the memory
 * of its renderer.
 */
export async function withClosedPage<T>(browser: Browser, html: string, options: ClosedPageOptions, use: (page: Page, step: StepName) => Promise<T>): Promise<T> {
  const pool = poolOf(browser)
  const started = Date.now()
  const left = () => Math.max(0, options.timeout - (Date.now() - started))
  let step = 'opening a page'
  const acquiring = pool.acquire()
  const kept = await withinTime(acquiring, left(), step).catch((error: unknown) => {
    void acquiring.then((late) => pool.release(late, false), () => undefined) // a page that opens too late is closed
    throw stepError(error, step, browser)
  })
  let reusable = false
  try {
    const {page} = kept
    page.setDefaultTimeout(Math.max(1, left()))
    // Every step against one deadline: some CDP calls (a screenshot, a
    // memory signal) have no time limit of their own and would wait for a
    // stuck renderer for minutes.
    return await withinTime(
      (async () => {
        step = 'loading the document'
        await page.setJavaScriptEnabled(options.script ?? false)
        await page.setContent(html, {waitUntil: 'load', timeout: Math.max(1, left())})
        await page.evaluateHandle('document.fonts.ready').catch(() => undefined)
        step = 'rendering the document'
        const result = await use(page, (name) => (step = name))
        if (!options.script) reusable = await tidy(kept)
        return result
      })(),
      left(),
      'rendering the document'
    )
  } catch (error) {
    reusable = false
    throw stepError(error, step, browser)
  } finally {
    pool.release(kept, reusable)
  }
}

/** `work`, or puppeteer's TimeoutError once `ms` have passed (the work is then abandoned). */
function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`Timed out after ${ms} ms ${what}`)), Math.max(0, ms))
  })
  work.catch(() => undefined) // abandoned work may still fail later
  return Promise.race([work, expired]).finally(() => clearTimeout(timer))
}

/** Documents a page holds before it is replaced by a fresh one. */
const usesPerPage = 100
/** Idle pages kept per browser; more are closed. */
const maxIdle = 16

interface KeptPage {
  page: Page
  session: CDPSession
  uses: number
}

/**
 * Let go of the document just printed, then have Chromium hand back what it
 * no longer needs, as under critical memory pressure (caches, discardable
 * memory): a kept page otherwise holds the caches of every paper it has laid
 * out. Costs ~10 ms a paper; 'critical' holds Chromium's heap ~40 MB lower
 * than 'moderate' did, for no time we could measure (npm run bench). False
 * if the page is unfit.
 */
async function tidy(kept: KeptPage): Promise<boolean> {
  try {
    await kept.page.setContent('')
    await kept.session.send('Memory.simulatePressureNotification', {level: 'critical'})
    return true
  } catch {
    return false
  }
}

class PagePool {
  private readonly idle: KeptPage[] = []
  /** The blank tab the browser started with, used before opening another. */
  initial: Page | undefined

  constructor(private readonly browser: Browser) {}

  async acquire(): Promise<KeptPage> {
    for (let kept = this.idle.pop(); kept; kept = this.idle.pop()) {
      if (!kept.page.isClosed()) return kept
    }
    const initial = this.initial
    this.initial = undefined
    // Each page in a window of its own: a kept tab would sit behind the newer
    // ones, and a hidden page never paints, so its screenshot would hang.
    const page = await closePage(initial && !initial.isClosed() ? initial : await this.browser.newPage({type: 'window'}))
    return {page, session: await page.createCDPSession(), uses: 0}
  }

  release(kept: KeptPage, reusable: boolean): void {
    kept.uses++
    if (reusable && kept.uses < usesPerPage && this.idle.length < maxIdle && !kept.page.isClosed() && this.browser.connected) this.idle.push(kept)
    else {
      void kept.session.detach().catch(() => undefined)
      void kept.page.close().catch(() => undefined)
    }
  }
}

const pools = new WeakMap<Browser, PagePool>()

function poolOf(browser: Browser): PagePool {
  let pool = pools.get(browser)
  if (!pool) {
    pool = new PagePool(browser)
    pools.set(browser, pool)
  }
  return pool
}

/**
 * Let the pages of `browser` start with `page`, its first blank tab, rather
 * than leave it idle: each tab is a renderer process, ~100 MB.
 */
export function adoptInitialPage(browser: Browser, page: Page): void {
  poolOf(browser).initial = page
}

/** Make a blank tab refuse every request but `data:` (and the blank page it starts on). */
async function closePage(page: Page): Promise<Page> {
  try {
    await page.setRequestInterception(true)
    page.on('request', (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return
      const url = request.url()
      if (url.startsWith('data:') || url === 'about:blank') void request.continue()
      else void request.abort('blockedbyclient')
    })
    return page
  } catch (error) {
    await page.close().catch(() => undefined)
    throw error
  }
}
