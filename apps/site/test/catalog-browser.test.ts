import {existsSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {launchBrowser, type OwnedBrowser} from '@offprint/render-pdf'
import {renderCatalog, type CatalogEntry} from '@offprint/site'
import {entry, sample} from './fixtures.js'

type Page = Awaited<ReturnType<OwnedBrowser['browser']['newPage']>>

/**
 * Every link that is not to the web (http, https), resolved by the browser
 * against the page as a reader's click would be, and not found on disk.
 */
async function missingTargets(page: Page): Promise<string[]> {
  const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => ({raw: a.getAttribute('href') ?? '', url: (a as HTMLAnchorElement).href})))
  const missing: string[] = []
  for (const {raw, url} of links) {
    const target = new URL(url)
    if (target.protocol === 'http:' || target.protocol === 'https:') continue
    target.hash = ''
    if (target.protocol !== 'file:' || !existsSync(fileURLToPath(target))) missing.push(raw)
  }
  return missing
}

/** Write the catalog and the files it lists (the ones named in `skip` left out) into `folder`. */
async function writeSite(folder: string, name: string, entries: CatalogEntry[], skip: ReadonlyArray<string> = []): Promise<string> {
  for (const {files} of entries) {
    for (const file of files) if (!skip.includes(file.href)) await writeFile(join(folder, file.href), Buffer.alloc(file.bytes))
  }
  const path = join(folder, name)
  await writeFile(path, renderCatalog(entries))
  return path
}

/** Open a page in a fresh browser; the browser is closed however `run` ends. */
async function withPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
  const owned = await launchBrowser()
  try {
    const page = await owned.browser.newPage()
    return await run(page)
  } finally {
    await owned.close()
  }
}

describe('the catalog in headless Chromium', {timeout: 60_000}, () => {
  let folder: string
  // A file name a bare href would break (space, `#`), to prove links are encoded.
  const entries = [...sample, entry('annual review #3', {title: 'Annual Review', date: '2025-12-01', lang: 'en-GB'}, {pdf: 2_000, epub: 1_500, html: 900})]

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'offprint-site-'))
  })
  afterAll(async () => {
    await rm(folder, {recursive: true, force: true})
  })

  it('renders every paper, requests nothing but the page, and every link resolves to a file', async () => {
    const index = await writeSite(folder, 'index.html', entries)
    await withPage(async (page) => {
      const requests: string[] = []
      const errors: string[] = []
      page.on('request', (request) => requests.push(request.url()))
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
      page.on('pageerror', (error) => errors.push(String(error)))
      await page.setViewport({width: 360, height: 740})
      await page.goto(pathToFileURL(index).href, {waitUntil: 'load'})

      expect(await page.title()).toBe('Offprint Policy Papers')
      expect(await page.$$eval('article', (articles) => articles.length)).toBe(4)
      expect(await page.$eval('#paper-grid h2', (title) => (title as HTMLElement).innerText)).toBe('Buying Flexibility')
      expect(await page.$eval('#paper-grid .downloads', (list) => (list as HTMLElement).innerText.replace(/\s+/g, ' ').trim())).toBe(
        'PDF · 312 kB · 7 pages EPUB · 20 kB'
      )
      expect(requests).toEqual([pathToFileURL(index).href])
      expect(errors).toEqual([])

      // Responsive: nothing wider than a small phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      // Japanese is never slanted; the English subtitle is.
      const styles = await page.evaluate(() =>
        ['#paper-ja-transport .paper-subtitle', '#paper-grid .paper-subtitle'].map((selector) => getComputedStyle(document.querySelector(selector)!).fontStyle)
      )
      expect(styles).toEqual(['normal', 'italic'])

      expect(await page.$$eval('a[href]', (anchors) => anchors.length)).toBe(13)
      expect(await missingTargets(page)).toEqual([])
    })
  })

  it('detects a link to a file that does not exist', async () => {
    const broken = await writeSite(folder, 'broken.html', [entry('lost', {title: 'Lost'})], ['lost.epub'])
    await withPage(async (page) => {
      await page.goto(pathToFileURL(broken).href, {waitUntil: 'load'})
      expect(await missingTargets(page)).toEqual(['lost.epub'])
    })
  })
})
