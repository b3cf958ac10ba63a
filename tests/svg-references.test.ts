import {spawnSync} from 'node:child_process'
import {createServer, type Server} from 'node:http'
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import JSZip from 'jszip'
import puppeteer, {type Browser} from 'puppeteer-core'
import {findChromium} from '@offprint/render-pdf/find'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

/** An SVG figure carrying each class of CSS the review got past the old sanitizer, all aimed at `base`. */
function hostileSvg(base: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 20" width="400" height="200">
<style>
@\\69mport "${base}/import.css";
rect.a { fill: u\\72l(${base}/escaped.svg#p) }
rect.b { fill: teal; background-image: image-set("${base}/image-set.png" 1x) }
rect.c { fill: url("${base}/quoted)paren.svg#p") }
rect.d { filter: U/**/RL(${base}/comment.svg#f) }
@font-face { font-family: leak; src: url(${base}/font.woff); unicode-range: U+0041 }
text { font-family: leak }
</style>
<rect class="a" width="10" height="20"/><rect class="b" x="10" width="10" height="20"/><rect class="c" x="20" width="10" height="20"/><rect class="d" x="30" width="10" height="20" fill="navy"/>
<circle cx="5" cy="5" r="3" style="fill: u\\72l(${base}/style-attr.svg#p)" stroke="URL(${base}/presentation.svg#p)"/>
<image href="${base}/image.png" width="4" height="4"/><use href="${base}/use.svg#x"/>
<text x="2" y="18">A</text>
</svg>
`
}

describe('an SVG figure whose CSS reaches out', () => {
  let server: Server
  const requests: string[] = []
  let base = ''
  let browser: Browser
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '')
      response.end('')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // A reader's browser: script on, no request blocked, nothing of the build's own set-up.
    browser = await puppeteer.launch({executablePath: findChromium()!, headless: true, pipe: true, args: ['--no-sandbox', '--allow-file-access-from-files']})
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  /** Open a file as a reader would, let it load, and return the requests the server saw meanwhile. */
  async function open(path: string): Promise<string[]> {
    const before = requests.length
    const page = await browser.newPage()
    await page.goto(pathToFileURL(path).href, {waitUntil: 'networkidle0', timeout: 20_000}).catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await page.close()
    return requests.slice(before)
  }

  it('builds HTML, EPUB and PDF that reference nothing outside, and a browser opening them asks the server for nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-svg-css-'))
    writeFileSync(join(folder, 'figure.svg'), hostileSvg(base))
    writeFileSync(join(folder, 'paper.md'), '---\ntitle: Styled figure\n---\n\nText.\n\n![Four bars](figure.svg "Figure 1. Bars")\n')
    // The control: the figure as submitted does reach the server when opened.
    expect(await open(join(folder, 'figure.svg'))).not.toEqual([])

    const out = join(folder, 'dist')
    const result = spawnSync(process.execPath, [cli, 'build', '--no-cache', '--out', out, join(folder, 'paper.md')], {encoding: 'utf8'})
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/paper\.md:7:1: warning: Unexpected .*@import.* in SVG `figure\.svg`, expected a picture without script or outside references \(removed\) \[image-svg-unsafe\]/)
    const host = base.replace('http://', '')

    const html = readFileSync(join(out, 'paper.html'), 'utf8')
    const pdf = readFileSync(join(out, 'paper.pdf'), 'latin1')
    const epub = await JSZip.loadAsync(readFileSync(join(out, 'paper.epub')))
    const unpacked = join(folder, 'unpacked')
    let packedSvg = ''
    for (const entry of Object.values(epub.files)) {
      if (entry.dir) continue
      const data = await entry.async('nodebuffer')
      mkdirSync(join(unpacked, entry.name, '..'), {recursive: true})
      writeFileSync(join(unpacked, entry.name), data)
      if (entry.name.endsWith('.svg')) packedSvg = data.toString('utf8')
    }
    expect(packedSvg).toContain('teal')
    // The inlined figure of the HTML and PDF is a data: URI: decode it to grep it.
    const inlined = [...html.matchAll(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g)].map((match) => Buffer.from(match[1]!, 'base64').toString('utf8'))
    expect(inlined.length).toBeGreaterThan(0)
    // The page's own faces (embedded subsets, data: URIs) are the one @font-face it may have.
    const ownFaces = /@font-face \{ font-family: "[^"]+"; font-weight: \d+; font-style: \w+; font-display: block; src: url\(data:font\/woff2;base64,[A-Za-z0-9+/=]+\) format\("woff2"\); \}/g
    expect(html).toMatch(ownFaces)
    for (const text of [packedSvg, html.replace(ownFaces, ''), pdf, ...inlined]) {
      expect(text).not.toContain(host)
      expect(text).not.toMatch(/@import|image-set|@font-face|\\72|\\69/i)
    }

    const xhtml = Object.keys(epub.files).filter((name) => name.endsWith('.xhtml'))
    expect(xhtml.length).toBeGreaterThan(0)
    const svgName = Object.keys(epub.files).find((name) => name.endsWith('.svg'))!
    for (const path of [join(out, 'paper.html'), ...xhtml.map((name) => join(unpacked, name)), join(unpacked, svgName)]) {
      expect(await open(path), path).toEqual([])
    }
  }, 120_000)
})
