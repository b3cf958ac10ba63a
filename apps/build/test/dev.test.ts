import {createHash} from 'node:crypto'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {findPapers, run, startDev, type DevServer} from '@offprint/build'

const paper = (title: string, text: string) => `---\ntitle: ${title}\n---\n\n${text}\n`

/** An open `/events` stream, gathering what the server sends. */
function events(url: string) {
  const controller = new AbortController()
  let text = ''
  const ready = fetch(url + 'events', {signal: controller.signal}).then(async (response) => {
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    void (async () => {
      for (;;) {
        const {done, value} = await reader.read().catch(() => ({done: true, value: undefined}))
        if (done) return
        text += value
      }
    })()
  })
  return {
    ready,
    /** Resolves when `fragment` has arrived after `from` characters; rejects after 5 s. */
    async next(fragment: string, from: number): Promise<number> {
      const deadline = Date.now() + 5000
      while (Date.now() < deadline) {
        const at = text.indexOf(fragment, from)
        if (at >= 0) return at + fragment.length
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      throw new Error(`no \`${JSON.stringify(fragment)}\` on /events within 5 s; got ${JSON.stringify(text.slice(from))}`)
    },
    get length() {
      return text.length
    },
    close: () => controller.abort()
  }
}

async function get(url: string): Promise<{status: number; body: string}> {
  const response = await fetch(url)
  return {status: response.status, body: await response.text()}
}

describe('offprint dev', () => {
  let dev: DevServer | undefined
  afterEach(async () => {
    await dev?.close()
    dev = undefined
  })

  it('serves a live preview that follows edits, shows errors in place, and picks up new papers', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-dev-'))
    const file = join(folder, 'first.md')
    writeFileSync(file, paper('Greener Grids', 'The original wording.'))
    dev = await startDev(findPapers(folder), {port: 0})
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)

    const index = await get(dev.url)
    expect(index.body).toContain('<a href="/first/">Greener Grids</a>')

    const first = await get(dev.url + 'first/')
    expect(first.status).toBe(200)
    expect(first.body).toContain('<title>Greener Grids</title>')
    expect(first.body).toContain('The original wording.')
    // The reload script is there, and the page's policy allows exactly it.
    const script = /<script>([\s\S]*?)<\/script><\/body>/.exec(first.body)?.[1]
    expect(script).toContain("new EventSource('/events')")
    const hash = createHash('sha256').update(script!).digest('base64')
    const policies = first.body.match(/http-equiv="Content-Security-Policy"/gi) ?? []
    expect(policies).toHaveLength(1)
    expect(first.body).toMatch(new RegExp(`content="default-src 'none';[^"]*script-src 'sha256-${hash.replace(/[+/]/g, '\\$&')}'; connect-src 'self'"`))
    expect(first.body.match(/<script/g)).toHaveLength(1)

    const stream = events(dev.url)
    await stream.ready
    let seen = await stream.next('event: hello', 0)

    writeFileSync(file, paper('Greener Grids', 'The revised wording.'))
    seen = await stream.next('event: rebuild\ndata: first\n\n', seen)
    const revised = await get(dev.url + 'first/')
    expect(revised.body).toContain('The revised wording.')
    expect(revised.body).not.toContain('The original wording.')

    // A broken paper: its positioned messages, escaped, and still the reload script.
    writeFileSync(file, '---\ntitle: Greener Grids\ndate: <28/03/2025>\n---\n\nText.\n')
    seen = await stream.next('event: rebuild\ndata: first\n\n', seen)
    const broken = await get(dev.url + 'first/')
    expect(broken.body).toMatch(/first\.md:3:1: error: Unexpected `&lt;28\/03\/2025&gt;` for `date`, expected a date as YYYY-MM-DD \[front-matter-type\]/)
    expect(broken.body).not.toContain('<28/03/2025>')
    expect(broken.body).toContain("new EventSource('/events')")

    // Fixing it brings the preview back.
    writeFileSync(file, paper('Greener Grids', 'Fixed again.'))
    seen = await stream.next('event: rebuild\ndata: first\n\n', seen)
    expect((await get(dev.url + 'first/')).body).toContain('Fixed again.')

    // A new paper in the watched folder is picked up and listed.
    writeFileSync(join(folder, 'second.md'), paper('Second Thoughts', 'More.'))
    await stream.next('event: rebuild\ndata: second\n\n', seen)
    expect((await get(dev.url)).body).toContain('<a href="/second/">Second Thoughts</a>')
    expect((await get(dev.url + 'second/')).body).toContain('<title>Second Thoughts</title>')

    expect((await get(dev.url + 'nothing/')).status).toBe(404)
    stream.close()
    const {url} = dev
    await dev.close()
    dev = undefined
    await expect(fetch(url)).rejects.toThrow()
  }, 15_000)

  it('refuses a --port that is not a port', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-dev-'))
    writeFileSync(join(folder, 'a.md'), paper('A', 'Text.'))
    let stderr = ''
    const code = await run(['dev', '--port', 'eighty', folder], {stdout: () => {}, stderr: (text) => void (stderr += text), cwd: folder, version: '0'})
    expect(code).toBe(2)
    expect(stderr).toContain('--port takes a whole number from 0 to 65535')
  })
})
