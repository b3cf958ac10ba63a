import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {cpSync, existsSync, mkdtempSync, readFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import puppeteer, {type Browser, type Page} from 'puppeteer-core'
import {findChromium} from '@offprint/render-pdf/find'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {pdfText} from './helpers/tools.js'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')
const fixture = join(process.cwd(), 'tests/fixtures/web-page')
/** Screenshots of the page, to look at: `<tmp>/offprint-web-page-{375,1200}.png`. */
const shots = join(tmpdir(), 'offprint-web-page')

function build(args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'offprint-web-out-'))
  const result = spawnSync(process.execPath, [cli, 'build', '--no-cache', '--out', out, ...args], {encoding: 'utf8', env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}})
  expect(result.status, result.stderr).toBe(0)
  return out
}

/** The page's `@font-face` rules: family, weight, style and the bytes of each. */
function embeddedFaces(html: string): Array<{family: string; weight: string; style: string; bytes: Buffer}> {
  return [...html.matchAll(/@font-face \{ font-family: "([^"]+)"; font-weight: (\d+); font-style: (\w+);[^}]*?url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\)/g)].map((match) => ({
    family: match[1]!,
    weight: match[2]!,
    style: match[3]!,
    bytes: Buffer.from(match[4]!, 'base64')
  }))
}

describe('the web page (<slug>.html) stands alone', () => {
  let folder: string
  let out: string
  let browser: Browser
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'offprint-web-src-'))
    cpSync(fixture, folder, {recursive: true})
    out = build([folder])
    browser = await puppeteer.launch({executablePath: findChromium()!, headless: true, pipe: true, args: ['--no-sandbox']})
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
  })

  /** Open the built page at a width; every request but the page's own is recorded and refused. */
  async function open(width: number): Promise<{page: Page; requests: string[]}> {
    const page = await browser.newPage()
    const requests: string[] = []
    const own = pathToFileURL(join(out, 'narrow-screen.html')).href
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      if (request.url() === own || request.url().startsWith('data:')) return void request.continue()
      requests.push(request.url())
      void request.abort()
    })
    await page.setViewport({width, height: 900, deviceScaleFactor: 1})
    await page.goto(own, {waitUntil: 'load'})
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    return {page, requests}
  }

  /** The faces Chromium drew an element's text with (DevTools' platform fonts): family and whether it came from an @font-face. */
  async function fontsOf(page: Page, selector: string): Promise<Array<{familyName: string; isCustomFont: boolean}>> {
    const session = await page.createCDPSession()
    await session.send('DOM.enable')
    await session.send('CSS.enable')
    const {root} = await session.send('DOM.getDocument')
    const {nodeId} = await session.send('DOM.querySelector', {nodeId: root.nodeId, selector})
    expect(nodeId, selector).toBeGreaterThan(0)
    const {fonts} = await session.send('CSS.getPlatformFontsForNode', {nodeId})
    await session.detach()
    return fonts
  }

  it('embeds subset WOFF2 faces of the theme, only those the page uses', () => {
    const html = readFileSync(join(out, 'narrow-screen.html'), 'utf8')
    const faces = embeddedFaces(html)
    expect(faces.map((face) => `${face.family} ${face.weight} ${face.style}`).sort()).toEqual([
      'EB Garamond 12 400 italic',
      'EB Garamond 12 400 normal',
      'Noto Sans 400 normal',
      'Noto Sans 700 normal',
      'Noto Sans Mono 400 normal'
    ])
    for (const face of faces) {
      expect(face.bytes.subarray(0, 4).toString('latin1')).toBe('wOF2')
      // A subset: the installed faces are ~500 kB each.
      expect(face.bytes.length).toBeLessThan(30_000)
    }
    // No math in the paper, no math face.
    expect(html).not.toContain('DejaVu Math TeX Gyre";')
  })

  it('is readable at 375 px: no horizontal scroll, text flush left, the embedded faces drawn, nothing requested', async () => {
    const {page, requests} = await open(375)
    const layout = await page.evaluate(() => {
      const paragraph = document.querySelector('.paper-body p')!
      return {
        scrollWidth: document.documentElement.scrollWidth,
        align: getComputedStyle(paragraph).textAlign,
        hyphens: getComputedStyle(paragraph).hyphens,
        faces: [...document.fonts].map((face) => `${face.family.replace(/"/g, '')}:${face.status}`)
      }
    })
    await page.screenshot({path: `${shots}-375.png`, fullPage: true})
    expect(layout.scrollWidth).toBeLessThanOrEqual(375)
    expect(layout.align).toBe('left')
    expect(layout.hyphens).toBe('manual')
    expect(layout.faces).toContain('EB Garamond 12:loaded')
    expect(layout.faces.every((face) => face.endsWith(':loaded'))).toBe(true)
    // Running text, headings, strong text, tables and code, each in a face of the page's own.
    for (const [selector, family] of [
      ['.paper-body p', 'EB Garamond 12'],
      ['.paper-body h2', 'Noto Sans'],
      ['.paper-body strong', 'Noto Sans'],
      ['.paper-body td', 'Noto Sans'],
      ['.paper-body code', 'Noto Sans Mono'],
      ['.abstract p', 'EB Garamond 12'],
      ['.affiliation', 'EB Garamond 12']
    ] as const) {
      // The element's own text and its descendants' (emphasis, strong), most glyphs first.
      const fonts = await fontsOf(page, selector)
      expect(fonts[0], selector).toMatchObject({familyName: family, isCustomFont: true})
      expect(fonts.filter((font) => !font.isCustomFont), selector).toEqual([])
    }
    expect(requests).toEqual([])
    await page.close()
  })

  it('is justified, with the browser hyphenating, on a wide screen', async () => {
    const {page} = await open(1200)
    const style = await page.evaluate(() => {
      const paragraph = document.querySelector('.paper-body p')!
      return {align: getComputedStyle(paragraph).textAlign, hyphens: getComputedStyle(paragraph).hyphens, lang: document.documentElement.lang}
    })
    await page.screenshot({path: `${shots}-1200.png`, fullPage: true})
    expect(style).toEqual({align: 'justify', hyphens: 'auto', lang: 'en-GB'})
    await page.close()
  })

  it('links the PDF, the EPUB and the catalog this build wrote, relatively, with localised labels', () => {
    const html = readFileSync(join(out, 'narrow-screen.html'), 'utf8')
    const nav = /<nav class="page-nav" aria-label="Formats and series">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? ''
    const links = [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((match) => [match[1], match[2]])
    expect(links).toEqual([
      ['narrow-screen.pdf', 'PDF'],
      ['narrow-screen.epub', 'EPUB'],
      ['index.html', 'All papers']
    ])
    for (const [href] of links) expect(existsSync(join(out, href!)), href).toBe(true)
    // The print edition has neither the links nor the faces.
    expect(pdfText(join(out, 'narrow-screen.pdf'))).not.toContain('All papers')
  })

  it('links only what a build with --to html writes: the catalog of a whole series, nothing for a single file', () => {
    const series = build(['--to', 'html', folder])
    const page = readFileSync(join(series, 'narrow-screen.html'), 'utf8')
    expect(page).toContain('<nav class="page-nav" aria-label="Formats and series"><ul><li><a href="index.html" rel="index">All papers</a></li></ul></nav>')
    expect(existsSync(join(series, 'index.html'))).toBe(true)
    const single = build(['--to', 'html', join(folder, 'narrow-screen.md')])
    expect(readdirSync(single).filter((name) => !name.startsWith('.'))).toEqual(['narrow-screen.html'])
    const alone = readFileSync(join(single, 'narrow-screen.html'), 'utf8')
    expect(alone).not.toContain('page-nav"')
    // Still with its faces: the page stands alone without a series around it.
    expect(embeddedFaces(alone).length).toBeGreaterThan(0)
    // Byte-identical across builds (the subsets are deterministic).
    const again = build(['--to', 'html', join(folder, 'narrow-screen.md')])
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
    expect(sha(join(again, 'narrow-screen.html'))).toBe(sha(join(single, 'narrow-screen.html')))
  }, 120_000)
})
