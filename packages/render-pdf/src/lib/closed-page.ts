import type {Browser, HTTPRequest, Page} from 'puppeteer'

export interface ClosedPageOptions {
  /** Time limit for loading, in milliseconds. */
  timeout: number
  /** Let our own injected code run (the page's own script stays blocked by its CSP). Default: false. */
  script?: boolean | undefined
}

/**
 * A fresh page of the shared browser holding one untrusted document: script
 * off, and every request refused but `data:` — a paper can neither reach the
 * network nor read files. Fonts are loaded before it is returned. The caller
 * closes it.
 */
export async function openClosedPage(browser: Browser, html: string, options: ClosedPageOptions): Promise<Page> {
  const page = await browser.newPage()
  try {
    page.setDefaultTimeout(options.timeout)
    await page.setJavaScriptEnabled(options.script ?? false)
    await page.setRequestInterception(true)
    page.on('request', (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return
      const url = request.url()
      if (url.startsWith('data:') || url === 'about:blank') void request.continue()
      else void request.abort('blockedbyclient')
    })
    await page.setContent(html, {waitUntil: 'load', timeout: options.timeout})
    await page.evaluateHandle('document.fonts.ready').catch(() => undefined)
    return page
  } catch (error) {
    await page.close().catch(() => undefined)
    throw error
  }
}
