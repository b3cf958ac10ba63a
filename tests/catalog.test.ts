import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {describe, expect, inject, it} from 'vitest'
import {findPapers} from '@offprint/build'
import {launchBrowser} from '@offprint/render-pdf'

const samples = inject('samples')

describe('the series catalog built with the samples', () => {
  it('renders in Chromium, lists every paper, and every link resolves to a file that exists', async () => {
    const index = join(samples.out, 'index.html')
    expect(existsSync(index)).toBe(true)
    const owned = await launchBrowser()
    try {
      const page = await owned.browser.newPage()
      await page.goto(pathToFileURL(index).href, {waitUntil: 'load'})
      expect(await page.title()).toBe('Offprint Policy Papers')
      const titles = await page.$$eval('article h2, article h3', (nodes) => nodes.map((node) => node.textContent?.trim()))
      for (const title of ['Fair Tariffs for Ageing Pipes', '高齢化する地方における公共交通の再設計', 'Open Doors, Open Networks']) expect(titles).toContain(title)
      const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href))
      const local = links.filter((href) => href.startsWith('file:'))
      // Every paper's page is linked (a translation's from its original's card), counted from the folder so that adding one breaks nothing.
      for (const paper of findPapers('papers')) expect(local.some((href) => href.endsWith(`/${paper.slug}.html`)), paper.slug).toBe(true)
      for (const href of local) expect(existsSync(fileURLToPath(href)), href).toBe(true)
    } finally {
      await owned.close()
    }
  })
})
