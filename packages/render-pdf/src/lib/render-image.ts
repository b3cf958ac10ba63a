import type {Browser} from 'puppeteer-core'
import {withClosedPage} from './closed-page.js'

export interface ImageOptions {
  /** Size of the picture in CSS pixels. Default: 1200 × 1800 (a 2:3 ebook cover). */
  width?: number | undefined
  height?: number | undefined
  /** `jpeg` (smaller, for covers) or `png`. Default: `jpeg`. */
  type?: 'jpeg' | 'png' | undefined
  /** Time limit in milliseconds. Default: 30 s. */
  timeout?: number | undefined
}

/** A picture of a self-contained HTML document (an EPUB cover), in the same closed page as the PDF. */
export async function renderImage(browser: Browser, html: string, options: ImageOptions = {}): Promise<Uint8Array> {
  const width = options.width ?? 1200
  const height = options.height ?? 1800
  const type = options.type ?? 'jpeg'
  return withClosedPage(browser, html, {timeout: options.timeout ?? 30_000}, async (page, step) => {
    step('taking the cover picture')
    const viewport = page.viewport()
    await page.setViewport({width, height, deviceScaleFactor: 1})
    const image = await page.screenshot({type, ...(type === 'jpeg' ? {quality: 88} : {}), fullPage: false, optimizeForSpeed: false})
    // The page is kept for the next document: give it back as it was.
    if (viewport) await page.setViewport(viewport)
    return image
  })
}
