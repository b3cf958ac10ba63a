import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {LookupAddress} from 'node:dns'
import type {AddressInfo} from 'node:net'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parseListedHost} from '../src/core/address-policy.js'
import {fetchRemote, type FetchLimits, type RemotePolicy} from '../src/core/remote-images.js'
import {makePng} from './helpers/png.js'

interface Listener {
  port: number
  requests: string[]
  server: Server
}

async function listen(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<Listener> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    requests.push(request.url ?? '')
    answer(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {port: (server.address() as AddressInfo).port, requests, server}
}

const png = makePng(8, 8)
const listed = (...entries: string[]) => entries.map((entry) => parseListedHost(entry)!)

describe('fetchRemote', () => {
  let pictures: Listener
  let forbidden: Listener
  let slow: Listener
  beforeAll(async () => {
    forbidden = await listen((_, response) => response.end(png))
    slow = await listen(() => {
      // Never answers.
    })
    pictures = await listen((request, response) => {
      const url = request.url ?? ''
      const redirect = /^\/to\/(.+)$/.exec(url)?.[1]
      if (redirect) {
        response.writeHead(302, {location: decodeURIComponent(redirect)})
        response.end()
      } else if (url.startsWith('/loop/')) {
        const hops = Number(url.slice(6))
        response.writeHead(301, {location: `/loop/${hops + 1}`})
        response.end()
      } else if (url === '/declared-huge') {
        response.writeHead(200, {'content-length': String(10 ** 9)})
        response.write(Buffer.alloc(1024))
      } else if (url === '/endless') {
        response.writeHead(200)
        const more = () => {
          if (!response.destroyed && response.write(Buffer.alloc(64 * 1024))) setImmediate(more)
          else if (!response.destroyed) response.once('drain', more)
        }
        more()
      } else if (url === '/missing') {
        response.writeHead(404)
        response.end()
      } else response.end(png)
    })
  })
  afterAll(async () => {
    for (const listener of [pictures, forbidden, slow]) {
      listener.server.closeAllConnections()
      await new Promise((resolve) => listener.server.close(resolve))
    }
  })

  const base = () => `http://127.0.0.1:${pictures.port}`
  const listOnly = (): RemotePolicy => ({any: false, hosts: listed(`127.0.0.1:${pictures.port}`)})
  // `remote: true` with the test's own server listed: what a public CDN would be.
  const anyWithPictures = (): RemotePolicy => ({any: true, hosts: listed(`127.0.0.1:${pictures.port}`)})

  it('fetches a picture from a listed host', async () => {
    const result = await fetchRemote(`${base()}/chart.png`, listOnly())
    expect(result).toEqual({ok: true, data: png})
  })

  it('under remote: true, reaches no loopback, private, link-local or metadata address, written or resolved', async () => {
    const any: RemotePolicy = {any: true, hosts: []}
    const cases: Array<[string, RegExp]> = [
      [`http://127.0.0.1:${forbidden.port}/a.png`, /^loopback address 127\.0\.0\.1$/],
      [`http://[::ffff:127.0.0.1]:${forbidden.port}/a.png`, /^loopback address ::ffff:7f00:1$/],
      [`http://0x7f000001:${forbidden.port}/a.png`, /^loopback address 127\.0\.0\.1$/],
      ['http://10.1.2.3/a.png', /^private address 10\.1\.2\.3$/],
      ['http://192.168.0.10/a.png', /^private address 192\.168\.0\.10$/],
      ['http://169.254.169.254/latest/meta-data/a.png', /^metadata address 169\.254\.169\.254$/],
      ['http://[fe80::1]/a.png', /^link-local address fe80::1$/],
      [`http://localhost:${forbidden.port}/a.png`, /^loopback address (127\.0\.0\.1|::1), which localhost resolves to$/]
    ]
    for (const [url, detail] of cases) {
      const result = await fetchRemote(url, any)
      expect(result.ok, url).toBe(false)
      expect(result.ok === false && result.problem, url).toBe('address')
      expect(result.ok === false && result.detail, url).toMatch(detail)
    }
    expect(forbidden.requests).toEqual([])
  })

  it('checks the address the connection is made to: a name resolving to public and private addresses, or re-resolving, is refused', async () => {
    let lookups = 0
    // A rebinding resolver: public the first time, loopback after.
    const rebinding: FetchLimits['resolve'] = ((_: string, __: unknown, callback: (error: null, addresses: LookupAddress[]) => void) => {
      lookups++
      callback(null, lookups === 1 ? [{address: '93.184.216.34', family: 4}, {address: '127.0.0.1', family: 4}] : [{address: '127.0.0.1', family: 4}])
    }) as never
    const result = await fetchRemote(`http://rebind.test:${forbidden.port}/a.png`, {any: true, hosts: []}, {resolve: rebinding})
    expect(result).toEqual({ok: false, problem: 'address', detail: 'loopback address 127.0.0.1, which rebind.test resolves to'})
    expect(lookups).toBe(1)
    expect(forbidden.requests).toEqual([])
  })

  it('checks every redirect again: to a forbidden address, to an unlisted host, past three', async () => {
    const to = (target: string) => `${base()}/to/${encodeURIComponent(target)}`
    for (const [target, detail] of [
      [`http://127.0.0.1:${forbidden.port}/x.png`, `loopback address 127.0.0.1, redirected to http://127.0.0.1:${forbidden.port}/x.png`],
      ['http://169.254.169.254/latest/meta-data/', 'metadata address 169.254.169.254, redirected to http://169.254.169.254/latest/meta-data/'],
      ['http://10.0.0.7/x.png', 'private address 10.0.0.7, redirected to http://10.0.0.7/x.png'],
      [`http://localhost:${forbidden.port}/x.png`, undefined]
    ] as const) {
      const result = await fetchRemote(to(target), anyWithPictures())
      expect(result.ok === false && result.problem, target).toBe('address')
      if (detail) expect(result.ok === false && result.detail).toBe(detail)
    }
    const unlisted = await fetchRemote(to(`http://127.0.0.1:${forbidden.port}/x.png`), listOnly())
    expect(unlisted).toEqual({ok: false, problem: 'refused', detail: `host 127.0.0.1:${forbidden.port}, redirected to http://127.0.0.1:${forbidden.port}/x.png, which \`images.remote\` does not list`})
    const scheme = await fetchRemote(to('file:///etc/passwd'), anyWithPictures())
    expect(scheme).toEqual({ok: false, problem: 'refused', detail: 'a file: URL, redirected to file:///etc/passwd'})
    expect(forbidden.requests).toEqual([])
    // Three redirects are followed; a fourth is not.
    expect(await fetchRemote(`${base()}/to/${encodeURIComponent('/to/' + encodeURIComponent('/to/' + encodeURIComponent('/ok.png')))}`, listOnly())).toEqual({ok: true, data: png})
    expect(await fetchRemote(`${base()}/loop/0`, listOnly())).toEqual({ok: false, problem: 'failed', detail: 'more than 3 redirects'})
    expect(pictures.requests.filter((path) => path.startsWith('/loop/'))).toEqual(['/loop/0', '/loop/1', '/loop/2', '/loop/3'])
  })

  it('stops a server that never answers at the time limit', async () => {
    const started = Date.now()
    const result = await fetchRemote(`http://127.0.0.1:${slow.port}/a.png`, {any: false, hosts: listed(`127.0.0.1:${slow.port}`)}, {timeout: 500})
    expect(result).toEqual({ok: false, problem: 'failed', detail: 'no answer within 0.5 s'})
    expect(Date.now() - started).toBeLessThan(3000)
    expect(slow.requests).toEqual(['/a.png'])
  })

  it('stops a body past the size limit, declared or streamed, without reading it all', async () => {
    expect(await fetchRemote(`${base()}/declared-huge`, listOnly(), {maxBytes: 1_000_000})).toEqual({ok: false, problem: 'too-large', detail: '1.0 GB (over the 1.0 MB limit)'})
    const started = Date.now()
    expect(await fetchRemote(`${base()}/endless`, listOnly(), {maxBytes: 1_000_000})).toEqual({ok: false, problem: 'too-large', detail: 'more than 1.0 MB (the limit)'})
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('refuses other schemes and says what failed', async () => {
    expect(await fetchRemote('ftp://127.0.0.1/a.png', {any: true, hosts: []})).toEqual({ok: false, problem: 'refused', detail: 'a ftp: URL'})
    expect(await fetchRemote(`${base()}/missing`, listOnly())).toEqual({ok: false, problem: 'failed', detail: 'HTTP status 404'})
    expect(await fetchRemote('https://cdn.example.org/a.png', listOnly())).toEqual({ok: false, problem: 'refused', detail: 'host cdn.example.org, which `images.remote` does not list'})
  })
})
