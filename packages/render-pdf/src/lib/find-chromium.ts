import {existsSync} from 'node:fs'

export interface BrowserOptions {
  /**
   * The Chromium to drive. Default: `PUPPETEER_EXECUTABLE_PATH`, else Debian's
   * `/usr/bin/chromium` (Offprint never downloads a browser).
   */
  executablePath?: string | undefined
  /**
   * Run Chromium as one process (`--single-process`: renderer and services
   * as threads of the browser), ~300 MB less summed RSS than the three
   * processes it otherwise takes. Only for documents without raster images:
   * Chromium 156 run this way crashes, the whole browser, after printing two
   * or three documents with a PNG or JPEG in them. Default: false.
   */
  singleProcess?: boolean | undefined
}

/** Where the system Chromium is, or undefined when none is installed. A light entry (`@offprint/render-pdf/find`): no puppeteer. */
export function findChromium(options: BrowserOptions = {}): string | undefined {
  const candidates = [
    options.executablePath,
    process.env.PUPPETEER_EXECUTABLE_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome'
  ]
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!))
}
