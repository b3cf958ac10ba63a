import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {makePng} from '../apps/build/test/helpers/png.js'
import {startImageServer, type ImageServer} from './helpers/image-server.js'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

/** Run the CLI; resolves with its status, output and how long it took. */
function offprint(args: string[], cwd: string): Promise<{status: number | null; stdout: string; stderr: string; ms: number}> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {cwd})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (status) => resolve({status, stdout, stderr, ms: Date.now() - started}))
  })
}

/** A series folder: `papers/series.yaml` and the given papers (`name.md` → body after a title). */
function series(config: string, papers: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'offprint-remote-'))
  mkdirSync(join(root, 'papers'))
  if (config) writeFileSync(join(root, 'papers', 'series.yaml'), config)
  for (const [name, body] of Object.entries(papers)) writeFileSync(join(root, 'papers', name), `---\ntitle: ${name}\n---\n\n${body}\n`)
  return root
}

const good = 'A paper with no image, which builds.'

describe('remote images under images.remote: true', () => {
  let forbidden: ImageServer
  let allowed: ImageServer
  beforeAll(async () => {
    forbidden = await startImageServer()
    allowed = await startImageServer((request, response) => {
      const target = /^\/to\/(.+)$/.exec(request.url ?? '')?.[1]
      if (!target) return false
      response.writeHead(302, {location: decodeURIComponent(target)})
      response.end()
      return true
    })
  })
  afterAll(async () => {
    await forbidden.close()
    await allowed.close()
  })

  it('refuses loopback, private, metadata and names resolving to loopback, at each image, and no request reaches a listener', async () => {
    const root = series('images:\n  remote: true\n', {
      'ssrf.md': [
        'Text.',
        '',
        `![loopback](http://127.0.0.1:${forbidden.port}/a.png)`,
        '',
        '![private](http://10.0.0.1/b.png)',
        '',
        'An inline one: ![metadata](http://169.254.169.254/latest/meta-data/c.png) here.',
        '',
        `![named](http://localhost:${forbidden.port}/d.png)`
      ].join('\n'),
      'good.md': good
    })
    const result = await offprint(['build', '--no-cache', '--out', 'dist', 'papers'], root)
    expect(result.status).toBe(1)
    const lines = result.stderr.split('\n').filter((line) => line.includes('[image-remote-address]'))
    expect(lines).toEqual([
      `papers/ssrf.md:7:1: error: Unexpected remote image \`http://127.0.0.1:${forbidden.port}/a.png\` at a loopback address 127.0.0.1, expected a public address (\`images.remote: true\` never reaches loopback, private, link-local, metadata, multicast or reserved addresses; list the host to allow it) [image-remote-address]`,
      expect.stringMatching(/^papers\/ssrf\.md:9:1: error: Unexpected remote image `http:\/\/10\.0\.0\.1\/b\.png` at a private address 10\.0\.0\.1, expected a public address/),
      expect.stringMatching(/^papers\/ssrf\.md:11:16: error: Unexpected remote image `http:\/\/169\.254\.169\.254\/latest\/meta-data\/c\.png` at a metadata address 169\.254\.169\.254, expected/),
      expect.stringMatching(/^papers\/ssrf\.md:13:1: error: Unexpected remote image `http:\/\/localhost:\d+\/d\.png` at a loopback address (127\.0\.0\.1|::1), which localhost resolves to, expected/)
    ])
    expect(forbidden.requests).toEqual([])
    // The other paper built; nothing of the refused one was written.
    expect(readdirSync(join(root, 'dist')).filter((name) => /\.(pdf|epub|html)$/.test(name)).sort()).toEqual(['good.epub', 'good.html', 'good.pdf', 'index.html'])
  })

  it('refuses a redirect from an allowed server to a host the list does not name, before connecting to it', async () => {
    const root = series(`images:\n  remote: ["${allowed.host}"]\n`, {
      'redirected.md': `Text.\n\n![moved](http://${allowed.host}/to/${encodeURIComponent(`http://127.0.0.1:${forbidden.port}/x.png`)})`
    })
    const result = await offprint(['build', '--no-cache', '--out', 'dist', 'papers'], root)
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(
      new RegExp(`papers/redirected\\.md:7:1: error: Unexpected remote image \`[^\`]+\` \\(host 127\\.0\\.0\\.1:${forbidden.port}, redirected to http://127\\.0\\.0\\.1:${forbidden.port}/x\\.png, which \`images\\.remote\` does not list\\), expected an http\\(s\\) URL on a host that \`images\\.remote\` allows \\[image-remote\\]`)
    )
    expect(allowed.requests).toHaveLength(1)
    expect(forbidden.requests).toEqual([])
  })
})

describe('remote images: settings, limits, cache and --offline', () => {
  let server: ImageServer
  let variant = 0
  beforeAll(async () => {
    server = await startImageServer((request, response) => {
      if (request.url === '/slow.png') return true // never answers
      if (request.url === '/huge.png') {
        // A picture that says it is 3 GB, and starts sending them (a body that never ends is apps/build's unit test).
        response.writeHead(200, {'content-type': 'image/png', 'content-length': String(3e9)})
        response.write(Buffer.alloc(64 * 1024))
        return true
      }
      if (request.url === '/changing.png') {
        response.end(makePng(20 + variant, 10))
        return true
      }
      return false
    })
  })
  afterAll(() => server.close())

  it('refuses remote images without `images.remote`, naming the setting, and `images` in a paper’s front matter', async () => {
    const root = series('', {'web.md': `Text.\n\n![chart](http://${server.host}/a.png)`})
    writeFileSync(join(root, 'papers', 'own.md'), `---\ntitle: Own\nimages:\n  remote: true\n---\n\nText.\n`)
    const result = await offprint(['check', 'papers'], root)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      `papers/web.md:7:1: error: Unexpected remote image \`http://${server.host}/a.png\`, expected a file inside the paper’s folder, or \`images.remote\` in series.yaml to fetch it [image-remote]`
    )
    expect(result.stderr).toContain('papers/own.md:3:1: error: Unexpected `images` in front matter, expected `images` in `series.yaml` (a paper cannot choose where its images come from) [front-matter-images]')
    expect(server.requests).toEqual([])
  })

  it('fails a paper whose image never answers within --timeout, and one whose image is over the size limit', async () => {
    const root = series(`images:\n  remote: ["${server.host}"]\n`, {
      'slow.md': `Text.\n\n![slow](http://${server.host}/slow.png)`,
      'huge.md': `Text.\n\n![huge](http://${server.host}/huge.png)`
    })
    const result = await offprint(['build', '--timeout', '3', '-j', '2', '--out', 'dist', 'papers'], root)
    expect(result.status).toBe(1)
    // The fetch ends a second before the paper's limit; on a loaded machine the worker's start-up may spend that second, and the paper's own time-out says it.
    const slow = result.stderr.split('\n').find((line) => line.startsWith('papers/slow.md:'))
    expect([
      `papers/slow.md:7:1: error: Unexpected remote image \`http://${server.host}/slow.png\` that could not be fetched (no answer within 2 s), expected the picture (HTTP 200, whole, within the time limit) [image-remote-failed]`,
      'papers/slow.md:1:1: error: Unexpected paper still being read after 3 s (parsing and turning it into HTML), expected it within the time limit (--timeout) [paper-timeout]'
    ]).toContain(slow)
    expect(result.stderr).toContain(`papers/huge.md:7:1: error: Unexpected remote image \`http://${server.host}/huge.png\` of 3.0 GB (over the 50.0 MB limit), expected a smaller picture [image-too-large]`)
    expect(result.ms).toBeLessThan(60_000)
    expect(readdirSync(join(root, 'dist')).filter((name) => /^(slow|huge)\./.test(name))).toEqual([])
    // Nothing half-written in the image cache either: no temporary file, no record of a failed picture.
    const cache = join(root, '.offprint-cache', 'images')
    const kept = existsSync(cache) ? readdirSync(cache, {recursive: true}).map(String) : []
    expect(kept.filter((name) => name.endsWith('.tmp') || name.endsWith('.json'))).toEqual([])
  })

  it('fetches once and keeps the picture: a rebuild and --offline fetch nothing, a changed picture renders the paper again', async () => {
    variant = 0
    const root = series(`images:\n  remote: ["${server.host}"]\n`, {'kept.md': `Text.\n\n![chart](http://${server.host}/changing.png)`})
    const build = (...flags: string[]) => offprint(['build', '--json', '--to', 'html', ...flags, '--out', 'dist', 'papers'], root)
    const status = (result: {stdout: string}) => (JSON.parse(result.stdout) as {papers: Array<{status: string; cache: string; messages: Array<{ruleId: string; line: number; column: number}>}>}).papers[0]!

    // Offline with nothing cached: refused at the image, nothing asked of the server.
    const offline = await build('--offline')
    expect(offline.status).toBe(1)
    expect(status(offline).messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['7:1 image-offline'])
    const before = server.requests.length

    const first = await build()
    expect(first.status).toBe(0)
    expect(status(first).cache).toBe('rendered')
    expect(server.requests.length).toBe(before + 1)
    const html = readFileSync(join(root, 'dist', 'kept.html'), 'utf8')
    expect(html).toContain(`src="data:image/png;base64,${makePng(20, 10).toString('base64')}"`)
    expect(html).not.toContain(server.host)

    const again = await build('--offline')
    expect(again.status).toBe(0)
    expect(status(again).cache).toBe('hit')
    expect(server.requests.length).toBe(before + 1)

    // The kept picture dropped (as a user refreshing it would), and changed on the server: fetched again, and the paper rendered again.
    rmSync(join(root, '.offprint-cache', 'images'), {recursive: true})
    variant = 1
    const changed = await build()
    expect(status(changed).cache).toBe('rendered')
    expect(readFileSync(join(root, 'dist', 'kept.html'), 'utf8')).toContain(makePng(21, 10).toString('base64'))
    expect(server.requests.length).toBe(before + 2)
  }, 300_000)
})

describe('site-absolute images under images.site-root', () => {
  it('finds /images/… inside the site root, and nothing outside it, symlinks included', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-site-'))
    mkdirSync(join(root, 'site', 'images', 'posts', 'x'), {recursive: true})
    mkdirSync(join(root, 'series', 'papers'), {recursive: true})
    writeFileSync(join(root, 'site', 'images', 'posts', 'x', 'chart.png'), makePng(30, 20))
    writeFileSync(join(root, 'secret.png'), makePng(4, 4))
    symlinkSync(join(root, 'secret.png'), join(root, 'site', 'images', 'link.png'))
    writeFileSync(join(root, 'series', 'papers', 'series.yaml'), 'images:\n  site-root: ../../site\n')
    const paper = (body: string) => `---\ntitle: Site\n---\n\n${body}\n`
    writeFileSync(join(root, 'series', 'papers', 'site.md'), paper('Text.\n\n![chart](/images/posts/x/chart.png)'))
    writeFileSync(join(root, 'series', 'papers', 'climb.md'), paper('Text.\n\n![up](/images/../../secret.png)\n\n![link](/images/link.png)\n\n![gone](/images/none.png)'))
    const result = await offprint(['build', '--to', 'html', '--no-cache', '--out', 'dist', 'papers'], join(root, 'series'))
    expect(result.status).toBe(1)
    expect(readFileSync(join(root, 'series', 'dist', 'site.html'), 'utf8')).toContain(`src="data:image/png;base64,${makePng(30, 20).toString('base64')}"`)
    expect(result.stderr).toMatch(/papers\/climb\.md:7:1: error: Unexpected image `\/images\/\.\.\/\.\.\/secret\.png` outside the site root \(`images\.site-root`\), expected a file inside \S*site \[image-outside\]/)
    expect(result.stderr).toMatch(/papers\/climb\.md:9:1: error: Unexpected image `\/images\/link\.png` outside the site root .*\[image-outside\]/)
    expect(result.stderr).toMatch(/papers\/climb\.md:11:1: error: Unexpected missing image `\/images\/none\.png`, expected a file inside \S*site \[image-missing\]/)
  })

  it('without site-root, refuses a site-absolute path and names the setting', async () => {
    const root = series('', {'abs.md': 'Text.\n\n![chart](/images/chart.png)'})
    const result = await offprint(['check', 'papers'], root)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('papers/abs.md:7:1: error: Unexpected image `/images/chart.png` outside the paper’s folder, expected a file inside papers, or `images.site-root` in series.yaml for site-absolute paths [image-outside]')
  })

  it('refuses a site-root that is not a folder, as a config error', async () => {
    const root = series('images:\n  site-root: ../nowhere\n', {'a.md': good})
    const result = await offprint(['check', 'papers'], root)
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/papers\/series\.yaml:1:1: error: Unexpected `images\.site-root` `\.\.\/nowhere` that is not a folder, expected a folder relative to series\.yaml \[series-path\]/)
  })
})
