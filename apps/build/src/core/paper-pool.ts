import {existsSync} from 'node:fs'
import {relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {PaperSource} from './find-papers.js'
import {report} from '@offprint/parse/report'
import {VFile} from 'vfile'
import {onInterrupt} from './interrupt.js'
import type {LoadOptions} from './load-paper.js'
import {paperFromWire, sourceToWire} from './paper-transfer.js'
import type {ChartAnswer, ChartCall, PrepareReply, PrepareRequest, WireLoadOptions} from './paper-worker.js'
import {ChartPage} from './charts/chart-page.js'
import type {SharedBrowser} from './shared-browser.js'
import type {PreparedPaper} from './prepare-paper.js'

/** A paper's tree stages ran past its time limit and were stopped. */
export class PrepareTimeout extends Error {
  override name = 'PrepareTimeout'
}

/** The worker preparing a paper died (out of memory, a crash of its own). */
export class PrepareCrash extends Error {
  override name = 'PrepareCrash'
}

const workerUrl = new URL('./paper-worker.js', import.meta.url)

interface Slot {
  worker: Worker
  /** True once the worker has loaded its modules (false: it died first). */
  ready: Promise<boolean>
  busy: boolean
}

/** A worker that loads its modules longer than this is taken for dead. */
const startLimit = 120_000

/**
 * The tree stages of a build's papers (parse, notes, citations, HTML: the
 * CPU-bound part), each run in a worker thread so that a paper that runs
 * away (pathological markdown, a plugin in a loop) can be stopped at its
 * time limit or on a signal: its worker is terminated and replaced, and
 * the others go on. Workers are made as papers need them, up to `size`,
 * and reused (each keeps its processors and citation engines warm).
 *
 * Run from the TypeScript sources (tests of the library), there is no
 * worker file: papers are prepared on the calling thread, unbounded.
 */
export class PaperPool {
  private readonly slots: Slot[] = []
  private readonly waiting: Array<() => void> = []
  private next = 0
  private closed = false
  private readonly dispose: () => void
  /**
   * Where the workers' charts are drawn: one page, in a Chromium of its own
   * (a page left open in the build's one-process Chromium stops another
   * paper's cover picture), opened at the first chart and kept for the
   * build, so Plotly's and Mermaid's megabytes load once, not per paper.
   */
  private charts: ChartPage | undefined

  constructor(
    private readonly size: number,
    private readonly prepareHere: (source: PaperSource, options: LoadOptions) => Promise<PreparedPaper>,
    /** The build's browser, for papers prepared on this thread (where no worker runs). */
    private readonly browser?: SharedBrowser | undefined
  ) {
    // Interrupted: no worker may keep the process alive.
    this.dispose = onInterrupt(() => this.terminateAll())
  }

  static available(): boolean {
    return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl))
  }

  /**
   * Prepare a paper within `timeout` ms: its PreparedPaper, or a
   * PrepareTimeout / PrepareCrash / the error the stages threw.
   */
  async prepare(source: PaperSource, options: WireLoadOptions & {timeout: number}): Promise<PreparedPaper> {
    const {timeout, ...load} = options
    if (!PaperPool.available()) return this.prepareHere(source, {...load, browser: this.browser})
    const slot = await this.take()
    // A paper's time limit counts its own work, not a fresh worker loading the stages' modules
    // (seconds on a loaded machine, and the same for every paper).
    if (!(await started(slot.ready))) {
      this.replace(slot)
      this.give(slot)
      throw new PrepareCrash('the worker did not start')
    }
    const id = this.next++
    const request: PrepareRequest = {id, source: sourceToWire(source), options: load}
    try {
      return await new Promise<PreparedPaper>((resolve, reject) => {
        const {worker} = slot
        const done = () => {
          clearTimeout(timer)
          worker.off('message', onMessage)
          worker.off('error', onError)
          worker.off('exit', onExit)
        }
        const onMessage = (reply: PrepareReply | ChartCall) => {
          if (reply.id !== id) return
          if ('chart' in reply) return void this.drawChart(worker, reply, (this.charts ??= new ChartPage()))
          done()
          if ('paper' in reply) resolve(paperFromWire(reply.paper, source))
          else reject(Object.assign(new Error(reply.error.message), {name: reply.error.name, stack: reply.error.stack}))
        }
        const onError = (error: Error) => {
          done()
          this.replace(slot)
          reject(new PrepareCrash(error.message))
        }
        const onExit = (code: number) => {
          done()
          this.replace(slot)
          reject(new PrepareCrash(`the worker exited with code ${code}`))
        }
        const timer = setTimeout(() => {
          done()
          this.replace(slot)
          reject(new PrepareTimeout(`the paper took over ${Math.round(timeout / 1000)} s`))
        }, timeout)
        worker.on('message', onMessage)
        worker.on('error', onError)
        worker.on('exit', onExit)
        worker.postMessage(request)
      })
    } finally {
      this.give(slot)
    }
  }

  /** Draw a chart a worker asked for, and send back its SVG (or why not). */
  private drawChart(worker: Worker, {chart}: ChartCall, page: ChartPage): void {
    const answer = (result: ChartAnswer['chartAnswer']) => worker.postMessage({chartAnswer: result} satisfies ChartAnswer)
    page.run(chart.library, chart.seed, chart.draw, chart.input, chart.timeout).then(
      (value) => answer({call: chart.call, value}),
      (error: unknown) => answer({call: chart.call, error: error instanceof Error ? error.message : String(error)})
    )
  }

  /** Terminate every worker; the pool takes no more papers. */
  async close(): Promise<void> {
    this.closed = true
    this.dispose()
    await Promise.all([...this.slots.map((slot) => slot.worker.terminate()), this.charts?.close()])
    this.slots.length = 0
    this.charts = undefined
  }

  private terminateAll(): void {
    this.closed = true
    void this.charts?.close()
    for (const slot of this.slots) void slot.worker.terminate()
  }

  private async take(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new PrepareCrash('the build was stopped')
      const free = this.slots.find((slot) => !slot.busy)
      if (free) return (free.busy = true), free
      if (this.slots.length < this.size) {
        const slot = {...spawn(), busy: true}
        this.slots.push(slot)
        return slot
      }
      await new Promise<void>((go) => this.waiting.push(go))
    }
  }

  private give(slot: Slot): void {
    slot.busy = false
    this.waiting.shift()?.()
  }

  /** A worker that timed out or died: terminated (it may be spinning) and a fresh one put in its place. */
  private replace(slot: Slot): void {
    void slot.worker.terminate()
    if (!this.closed) Object.assign(slot, spawn())
  }
}

function spawn(): {worker: Worker; ready: Promise<boolean>} {
  const worker = new Worker(workerUrl)
  // An idle worker must not keep the process alive; one at work is awaited.
  worker.unref()
  const ready = new Promise<boolean>((resolve) => {
    const finish = (value: boolean) => {
      worker.off('message', onMessage)
      worker.off('error', onEnd)
      worker.off('exit', onEnd)
      resolve(value)
    }
    // The worker says so once its modules are loaded (its last statement); dying first is not ready.
    const onMessage = (message: {ready?: boolean} | undefined) => message?.ready === true && finish(true)
    const onEnd = () => finish(false)
    worker.on('message', onMessage)
    worker.on('error', onEnd)
    worker.on('exit', onEnd)
  })
  return {worker, ready}
}

/** Whether a worker got ready, waited for at most `startLimit` (the wait keeps the process alive). */
async function started(ready: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), startLimit)))
  try {
    return await Promise.race([ready, late])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * A paper taken through its tree stages within `options.timeout` ms, or its
 * file carrying why not, in our words and with no stack: `paper-timeout`
 * when it ran out of time, `build-failed` when the stages threw (a stack
 * overflow, a bug). `build` and `check` both go through it.
 */
export async function prepareOrFail(pool: PaperPool, source: PaperSource, options: WireLoadOptions & {timeout: number}): Promise<PreparedPaper | VFile> {
  return pool.prepare(source, options).catch((error: unknown) => {
    const file = new VFile({path: relative(process.cwd(), source.path) || source.path})
    const timedOut = (error as Error | undefined)?.name === 'PrepareTimeout'
    const reason = timedOut
      ? `Unexpected paper still being read after ${Math.round(options.timeout / 1000)} s (parsing and turning it into HTML), expected it within the time limit (--timeout)`
      : `Unexpected failure while reading the paper (${error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error)}), expected the paper to parse and render`
    report(file, {reason, ruleId: timedOut ? 'paper-timeout' : 'build-failed', severity: 'error'})
    return file
  })
}
