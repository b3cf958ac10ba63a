import {parentPort} from 'node:worker_threads'
import {createCitationCache} from '@offprint/cite/notes'
import type {ChartDrawer, PageLibrary} from './charts/chart-page.js'
import type {LoadOptions} from './load-paper.js'
import type {LoadedSeriesConfig} from './series-config.js'
import {paperToWire, sourceFromWire, type WirePaper, type WireSource} from './paper-transfer.js'
import {preparePaper} from './prepare-paper.js'

/**
 * A worker of the paper pool (see paper-pool.ts): takes a paper through
 * every tree stage (`preparePaper`) away from the build's thread, which can
 * then stop it at the paper's time limit or on a signal by terminating the
 * worker. One paper at a time; reused for the next.
 */

/** What a paper is loaded with that crosses to a worker: plain data (the citation cache is the worker's own). */
export type WireLoadOptions = Pick<LoadOptions, 'maxImagePixels' | 'offline' | 'imageCache' | 'remoteTimeout'>

export interface PrepareRequest {
  id: number
  source: WireSource
  options: WireLoadOptions
}

export type PrepareReply = {id: number; paper: WirePaper} | {id: number; error: {name: string; message: string; stack: string | undefined}}

/** A chart to draw, asked of the build's thread (which owns the browser) while paper `id` is prepared. */
export interface ChartCall {
  id: number
  chart: {call: number; library: PageLibrary; seed: number; draw: string; input: unknown; timeout: number}
}

/** The build's thread's answer to a ChartCall. */
export interface ChartAnswer {
  chartAnswer: {call: number; value?: unknown; error?: string | undefined}
}

/** Charts waiting for the build's thread, by call. */
const pendingCharts = new Map<number, {resolve: (value: unknown) => void; reject: (error: Error) => void}>()
let nextCall = 0

/** The worker's chart page: each chart is drawn by the build's thread, in its browser. */
class RemoteChartDrawer implements ChartDrawer {
  constructor(private readonly id: number) {}

  run<T>(library: PageLibrary, seed: number, draw: string, input: unknown, timeout: number): Promise<T> {
    const call = nextCall++
    return new Promise<T>((resolve, reject) => {
      pendingCharts.set(call, {resolve: resolve as (value: unknown) => void, reject})
      parentPort!.postMessage({id: this.id, chart: {call, library, seed, draw, input, timeout}} satisfies ChartCall)
    })
  }

  /** The build's thread closes its page when the paper is prepared. */
  async close(): Promise<void> {}
}

const citations = createCitationCache()
/**
 * Every paper's source arrives as a fresh copy; the series' processor is
 * made once per config object, so copies of one config are folded into the
 * first seen (its plugins load once per worker).
 */
const configs = new Map<string, LoadedSeriesConfig>()

parentPort?.on('message', (message: PrepareRequest | ChartAnswer) => {
  if ('chartAnswer' in message) {
    const {call, value, error} = message.chartAnswer
    const pending = pendingCharts.get(call)
    pendingCharts.delete(call)
    if (error !== undefined) pending?.reject(new Error(error))
    else pending?.resolve(value)
    return
  }
  const request = message
  const source = sourceFromWire(request.source)
  if (source.config) {
    const key = JSON.stringify(request.source.config)
    const known = configs.get(key)
    if (known) source.config = known
    else configs.set(key, source.config)
  }
  preparePaper(source, {...request.options, citations, chartDrawer: () => new RemoteChartDrawer(request.id)}).then(
    (prepared) => {
      let reply: PrepareReply
      try {
        reply = {id: request.id, paper: paperToWire(prepared)}
        parentPort!.postMessage(reply)
      } catch (error) {
        post(request.id, error)
      }
    },
    (error: unknown) => post(request.id, error)
  )
})

function post(id: number, error: unknown): void {
  const {name, message, stack} = error instanceof Error ? error : new Error(String(error))
  parentPort!.postMessage({id, error: {name, message, stack}} satisfies PrepareReply)
}

// Loaded: the pool starts a paper's clock from here, not from the worker's start.
parentPort?.postMessage({ready: true})
