import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {makePng} from '../apps/build/test/helpers/png.js'
import {describe, expect, it} from 'vitest'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')
const strace = spawnSync('strace', ['-V'], {encoding: 'utf8'})
// ptrace may be denied (a container without CAP_SYS_PTRACE): strace then cannot attach.
const traceable = strace.status === 0 && spawnSync('strace', ['-f', '-o', '/dev/null', 'true']).status === 0

/** What the build's processes tried on the network, read off `strace -f -yy` lines. */
function networkAttempts(trace: string): {outside: string[]; routeLookups: string[]} {
  const outside: string[] = []
  const routeLookups: string[] = []
  for (const line of trace.split('\n')) {
    const call = /^\d+\s+(connect|sendto|sendmsg|sendmmsg|write)\((\d+)(?:<((?:->|[^>])*)>)?,/.exec(line)
    if (!call) continue
    const [, name, , socket = ''] = call
    // The peer the socket is connected to (-yy: `TCP:[a:p->b:q]`, `UDPv6:[[a]:p->[b]:q]`).
    const peer = /->\[?([0-9a-f.:]+?)\]?:(\d+)\]$/i.exec(socket)
    // The address given in the call itself (connect, or sendto/sendmsg to an address).
    const address = /inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"/.exec(line)
    const port = /sin6?_port=htons\((\d+)\)/.exec(line)?.[1]
    const target = address ? (address[1] ?? address[2]!) : undefined
    if (name === 'connect') {
      if (!target || isLoopback(target)) continue
      // A UDP connect sends nothing: it asks the kernel for a route (Chromium's
      // IPv6 reachability check does this). DNS is the exception: port 53 is a query about to go.
      if (/^UDP/.test(socket) && port !== '53') routeLookups.push(line)
      else outside.push(line)
      continue
    }
    if (target && !isLoopback(target)) outside.push(line)
    else if (peer && /^(TCP|UDP)/.test(socket) && !isLoopback(peer[1]!)) outside.push(line)
  }
  return {outside, routeLookups}
}

function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address) || address === '0.0.0.0' || address === '::'
}

describe('the build and its browser', () => {
  it('parses strace lines: DNS, TCP and sends to outside addresses count, loopback and route lookups do not', () => {
    const trace = [
      '12 connect(3<UDP:[39501]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
      '12 sendto(3<UDP:[192.0.2.2:36401->10.255.255.53:53]>, "%\\327\\1\\0clients2\\6google\\3com"..., 37, MSG_NOSIGNAL, NULL, 0) = 37',
      '13 connect(130<UDPv6:[41]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      '14 connect(7<TCP:[52]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("142.250.1.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
      '14 connect(8<TCP:[53]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '14 write(9<TCP:[10.0.0.2:5000->142.250.1.1:443]>, "GET / HTTP/1.1", 14) = 14',
      '14 write(10<TCP:[127.0.0.1:5000->127.0.0.1:8080]>, "GET / HTTP/1.1", 14) = 14',
      '15 connect(4<UNIX-STREAM:[1]>, {sa_family=AF_UNIX, sun_path="/run/dbus/system_bus_socket"}, 29) = -1 ENOENT'
    ].join('\n')
    const {outside, routeLookups} = networkAttempts(trace)
    expect(outside.map((line) => line.split(' ')[1]!.slice(0, 12))).toEqual(['connect(3<UD', 'sendto(3<UDP', 'connect(7<TC', 'write(9<TCP:'])
    expect(routeLookups).toHaveLength(1)
  })

  it.skipIf(!traceable)(
    'sends no packet but to loopback while building PDF, EPUB and HTML (strace -f)',
    () => {
      const root = mkdtempSync(join(tmpdir(), 'offprint-offline-'))
      cpSync(join(process.cwd(), 'papers'), join(root, 'papers'), {recursive: true})
      // A raster figure as well: it moves the build to the multi-process browser.
      writeFileSync(join(root, 'papers', 'municipal-water-tariffs', 'chart.png'), makePng(40, 20))
      const paper = join(root, 'papers', 'municipal-water-tariffs', 'index.md')
      writeFileSync(paper, readFileSync(paper, 'utf8') + '\n\n![A grey chart](chart.png "Figure 9. A chart")\n\nSee <https://example.org/report> and [the site](https://www.example.com).\n')
      const trace = join(root, 'trace.txt')
      const out = join(root, 'dist')
      const result = spawnSync(
        'strace',
        ['-f', '-yy', '-e', 'trace=connect,sendto,sendmsg,sendmmsg,write', '-e', 'signal=none', '-o', trace, process.execPath, cli, 'build', '--no-cache', '--out', out, join(root, 'papers', 'municipal-water-tariffs'), join(root, 'papers', 'short-brief.md')],
        {encoding: 'utf8', timeout: 110_000}
      )
      expect(result.status, result.stderr).toBe(0)
      expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['municipal-water-tariffs.epub', 'municipal-water-tariffs.html', 'municipal-water-tariffs.pdf', 'short-brief.pdf']))
      const text = readFileSync(trace, 'utf8')
      // The trace followed Chromium too: its processes talk over UNIX sockets.
      expect(text).toContain('UNIX-STREAM')
      const {outside} = networkAttempts(text)
      expect(outside, outside.slice(0, 5).join('\n')).toEqual([])
      expect(text).not.toMatch(/google|gstatic|gvt1/)
    },
    120_000
  )
})
