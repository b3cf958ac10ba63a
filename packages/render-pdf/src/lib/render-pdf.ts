import type {Browser, HTTPRequest} from 'puppeteer'

export interface PdfOptions {
  /** Give up on a paper after this long, in milliseconds. Default: 60 s. */
  timeout?: number | undefined
}

const emptyOptions: Readonly<PdfOptions> = Object.freeze({})

/**
 * Print one self-contained HTML document to a tagged PDF with bookmarks, on a
 * fresh page of a shared browser. The page may load nothing from outside:
 * every request but `data:` is refused, so a paper can neither reach the
 * network nor read files.
 */
export async function renderPdf(browser: Browser, html: string, options: PdfOptions = emptyOptions): Promise<Uint8Array> {
  const timeout = options.timeout ?? 60_000
  const page = await browser.newPage()
  try {
    page.setDefaultTimeout(timeout)
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return
      const url = request.url()
      if (url.startsWith('data:') || url === 'about:blank') void request.continue()
      else void request.abort('blockedbyclient')
    })
    await page.setContent(html, {waitUntil: 'load', timeout})
    await page.evaluateHandle('document.fonts.ready').catch(() => undefined)
    return await page.pdf({
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: false,
      tagged: true,
      outline: true,
      timeout
    })
  } finally {
    await page.close().catch(() => undefined)
  }
}
