import {readFileSync} from 'node:fs'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {makePng} from '../../apps/build/test/helpers/png.js'

/** A web server on 127.0.0.1 for remote images: what it was asked, and how to answer. */
export interface ImageServer {
  port: number
  /** `127.0.0.1:port`, as `images.remote` lists it. */
  host: string
  /** Every path asked for, in order. */
  requests: string[]
  close(): Promise<void>
}

const jpeg = readFileSync(join(process.cwd(), 'apps/build/test/fixtures/tiny.jpg'))

/**
 * Serve pictures: a path ending in .jpg (or whose hash is odd) gets a small
 * JPEG, any other a small PNG, unless `answer` handles the request first
 * (a redirect, a server that never answers, a huge body…).
 */
export async function startImageServer(answer?: (request: IncomingMessage, response: ServerResponse) => boolean): Promise<ImageServer> {
  const requests: string[] = []
  const png = makePng(48, 32)
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '')
    if (answer?.(request, response)) return
    const path = request.url ?? ''
    const asJpeg = /\.jpe?g$/i.test(path) || (!/\.png$/i.test(path) && [...path].reduce((sum, character) => sum + character.charCodeAt(0), 0) % 2 === 1)
    response.writeHead(200, {'content-type': asJpeg ? 'image/jpeg' : 'image/png'})
    response.end(asJpeg ? jpeg : png)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
