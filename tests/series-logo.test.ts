import {spawnSync} from 'node:child_process'
import {createServer, type Server} from 'node:http'
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

describe('a series logo with outside references', () => {
  let server: Server
  let requests = 0
  let base = ''
  beforeAll(async () => {
    server = createServer((_, response) => {
      requests++
      response.end('')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('is sanitized like a figure: every paper builds, one warning at the logo line, nothing of it points out', () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-logo-'))
    mkdirSync(join(root, 'papers'))
    writeFileSync(join(root, 'papers', 'series.yaml'), 'series: {name: Logo Series}\nlogo: brand.svg\n')
    writeFileSync(
      join(root, 'papers', 'brand.svg'),
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">` +
        `<style>@\\69mport "${base}/logo.css"; rect { fill: navy }</style><rect width="10" height="10"/>` +
        `<image xlink:href="${base}/logo.png" width="5" height="5"/><script>fetch("${base}/s")</script></svg>\n`
    )
    for (const name of ['one', 'two']) writeFileSync(join(root, 'papers', `${name}.md`), `---\ntitle: Paper ${name}\n---\n\nText.\n`)
    const result = spawnSync(process.execPath, [cli, 'build', '--no-cache', '--out', 'dist', 'papers'], {cwd: root, encoding: 'utf8'})
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain('2 built, 0 failed')
    const warnings = result.stderr.split('\n').filter((line) => line.includes('[image-svg-unsafe]'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^papers\/series\.yaml:2:1: warning: Unexpected .*xlink:href="http:\/\/127\.0\.0\.1.* in SVG logo `brand\.svg`, expected a picture without script or outside references \(removed\)/)
    expect(requests).toBe(0)
    for (const name of ['one', 'two']) {
      const html = readFileSync(join(root, 'dist', `${name}.html`), 'utf8')
      const logos = [...html.matchAll(/<img class="logo" src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/g)].map((match) => Buffer.from(match[1]!, 'base64').toString('utf8'))
      expect(logos).toHaveLength(1)
      expect(logos[0]).toContain('fill:navy')
      expect(logos[0]).not.toMatch(/127\.0\.0\.1|<script|href=|@import|\\69/)
    }
  }, 120_000)
})
