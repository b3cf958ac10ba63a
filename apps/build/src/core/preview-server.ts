import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createDevSession, type RebuildEvent} from './dev-session.js'
import {watchFolders} from './dev-watch.js'
import type {PaperSource} from './find-papers.js'
import type {PreparedPaper} from './prepare-paper.js'
import {errorPage, indexPage, page, sideBySidePage} from './preview-page.js'
import {SharedBrowser} from './shared-browser.js'

export type {RebuildEvent} from './dev-session.js'

export interface DevOptions {
  /** Port on 127.0.0.1; `0` picks a free one. Default: `4321`. */
  port?: number | undefined
  /** Quiet time after a change before rebuilding, in ms; one save is often several events. Default: `100`. */
  debounce?: number | undefined
  /** Gets each line for people (`↻ slug (12 ms)`). Default: none. */
  say?: ((line: string) => void) | undefined
  /** Gets each message line (`file:line:column: …`). Default: none. */
  report?: ((line: string) => void) | undefined
  /** Chromium to print the PDF preview with. Default: PUPPETEER_EXECUTABLE_PATH or /usr/bin/chromium. */
  executablePath?: string | undefined
}

export interface DevServer {
  /** `http://127.0.0.1:PORT/`. */
  url: string
  /** Call `listener` after every rebuild; returns a function that stops it. */
  onRebuild(listener: (event: RebuildEvent) => void): () => void
  /** Stop watching and serving; resolves once every rebuild in flight is done. */
  close(): Promise<void>
}

/**
 * Load the papers, serve their live preview on 127.0.0.1 and rebuild each
 * one when a file it depends on changes; open pages reload by Server-Sent
 * Events. Rejects when the port cannot be had (`EADDRINUSE`).
 */
export async function startDev(sources: ReadonlyArray<PaperSource>, options: DevOptions = {}): Promise<DevServer> {
  const say = options.say ?? (() => {})
  // The PDF preview is the build's own print: the same renderer, in one browser started on first request.
  let browser: SharedBrowser | undefined
  const print = async (loaded: PreparedPaper): Promise<Uint8Array> => {
    browser ??= new SharedBrowser(options.executablePath)
    const [{renderArtifacts}, {readPagedBundle}] = await Promise.all([import('./render-artifacts.js'), import('@offprint/render-pdf')])
    const [file] = await renderArtifacts(loaded, browser, {formats: ['pdf'], pagedBundle: readPagedBundle})
    return file!.data as Uint8Array
  }
  const session = createDevSession(sources, {report: options.report ?? (() => {}), print})
  const listeners = new Set<(event: RebuildEvent) => void>()
  const streams = new Set<ServerResponse>()
  let closed = false

  const publish = (event: RebuildEvent) => {
    if (closed) return
    const sign = event.kind === 'added' ? '+' : event.kind === 'removed' ? '−' : '↻'
    const problems = event.errors > 0 ? `: ${event.errors} error${event.errors === 1 ? '' : 's'}, preview shows them` : ''
    say(event.kind === 'removed' ? `${sign} ${event.slug} (removed)` : `${sign} ${event.slug} (${Math.round(event.durationMs)} ms)${problems}`)
    for (const stream of streams) stream.write(`event: rebuild\ndata: ${event.slug}\n\n`)
    for (const listener of listeners) listener(event)
  }

  // Rebuilds run one at a time, in order; changes meanwhile wait for the next turn.
  let queue: Promise<unknown> = session.loadAll()
  const watcher = watchFolders((paths) => {
    queue = queue.then(async () => {
      if (closed) return
      for (const event of await session.changed(paths)) publish(event)
      watcher.set(session.folders())
    }).catch((error: unknown) => options.report?.(`offprint dev: internal error while rebuilding: ${String(error)}`))
  }, options.debounce ?? 100)
  await queue
  watcher.set(session.folders())

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, errorPage('offprint dev', [`Unexpected failure while serving ${request.url ?? ''}: ${String(error)}`]))
      else response.end()
    })
  })

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    // Only this machine's names: a page elsewhere must not read papers through DNS rebinding.
    const port = (server.address() as AddressInfo).port
    if (request.headers.host !== `127.0.0.1:${port}` && request.headers.host !== `localhost:${port}`) return send(response, 403, page('Forbidden', '<p>Use 127.0.0.1.</p>'))
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, page('Method not allowed', '<p>Only GET.</p>'), {allow: 'GET, HEAD'})
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    if (path === '/events') return openStream(response)
    if (path === '/') {
      const entries = session.papers().map((paper) => ({slug: paper.source.slug, title: paper.loaded?.paper.meta.title ?? paper.source.slug, errors: paper.errors, warnings: paper.warnings}))
      return send(response, 200, indexPage(entries))
    }
    const match = /^\/([^/]+)(\/?)(print\.pdf|side-by-side)?$/.exec(path)
    const slug = match && safeDecode(match[1]!)
    const paper = slug === undefined || slug === null ? undefined : session.paper(slug)
    if (!paper) return send(response, 404, page('Not found', `<p>No paper here. <a href="/">All papers</a></p>`))
    if (!match![2]) return send(response, 308, '', {location: `/${encodeURIComponent(paper.source.slug)}/${match![3] ?? ''}`})
    if (match![3] === 'side-by-side') return send(response, 200, sideBySidePage(paper.source.slug, paper.loaded?.paper.meta.title ?? paper.source.slug))
    if (match![3] === 'print.pdf') {
      const pdf = session.pdf(paper)
      // A paper with errors has no print: its problems instead, as on its HTML page.
      if (!pdf) return send(response, 200, await session.html(paper))
      const data = await pdf.catch((error: unknown) => error as Error)
      if (data instanceof Error) return send(response, 500, errorPage(paper.source.slug, [`Unexpected failure while printing the PDF: ${data.message.split('\n')[0]}`]))
      return send(response, 200, data, {'content-type': 'application/pdf'})
    }
    send(response, 200, await session.html(paper))
  }

  const openStream = (response: ServerResponse) => {
    response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive'})
    // `retry` keeps reconnection quick after a restart; `hello` lets a page tell a restart apart.
    response.write('retry: 500\nevent: hello\ndata: \n\n')
    streams.add(response)
    response.on('close', () => streams.delete(response))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4321, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((error: unknown) => {
    watcher.close()
    throw error
  })
  const {port} = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    onRebuild(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    async close() {
      if (closed) return
      closed = true
      watcher.close()
      for (const stream of streams) stream.end()
      streams.clear()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await queue.catch(() => {})
      await browser?.close()
      listeners.clear()
    }
  }
}

function send(response: ServerResponse, status: number, body: string | Uint8Array, headers: Record<string, string> = {}) {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers
  })
  response.end(response.req.method === 'HEAD' ? undefined : body)
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}
