import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {coverDocument} from '@offprint/render-html'
import {launchBrowser, type OwnedBrowser} from '@offprint/render-pdf'

// The generated ebook cover (issue 29): no line of the series band, the title or
// the subtitle may end with one word alone. Titles of the length policy papers
// have, measured in Chromium as the build draws the cover.
const titles = [
  'Buying Flexibility: How Councils Should Procure Grid-Scale Battery Storage',
  'Open Doors, Open Networks',
  'Municipal Water Tariffs and the Price of a Fair Share',
  'Grid-Scale Storage Procurement in Regional Electricity Markets after the 2025 Reforms'
]

describe('the generated cover', () => {
  let owned: OwnedBrowser
  beforeAll(async () => {
    owned = await launchBrowser()
  }, 60_000)
  afterAll(() => owned?.close())

  it.each(titles)('leaves no word alone on a last line: %s', async (title) => {
    const page = await owned.browser.newPage()
    try {
      await page.setViewport({width: 1200, height: 1800})
      const meta = {title, subtitle: 'Library opening hours as a digital inclusion policy for councils and their partners', series: {name: 'Harbourside Institute Policy Papers on Infrastructure', number: 14}, authors: [{name: 'Priya Castellano'}], lang: 'en'}
      await page.setContent(coverDocument(meta as never))
      const lastLines = await page.evaluate(() =>
        ['.band', '.title', '.subtitle'].map((selector) => {
          const element = document.querySelector(selector)!
          // Each word's line, by the top of its box.
          const tops: number[] = []
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent ?? ''
            for (const match of text.matchAll(/\S+/g)) {
              const range = document.createRange()
              range.setStart(node, match.index)
              range.setEnd(node, match.index + match[0].length)
              tops.push(Math.round(range.getClientRects()[0]!.top))
            }
          }
          const lines = [...new Set(tops)]
          return {selector, lines: lines.length, last: tops.filter((top) => top === lines.at(-1)).length}
        })
      )
      for (const {selector, lines, last} of lastLines) if (lines > 1) expect(last, `${selector} of “${title}”`).toBeGreaterThan(1)
    } finally {
      await page.close()
    }
  })
})
