import {accessSync, constants, existsSync, statSync} from 'node:fs'

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

/**
 * A Chromium named by the caller (`executablePath`) or by
 * `PUPPETEER_EXECUTABLE_PATH` that cannot be run. Never a silent fall-back
 * to another browser: the build would print with a Chromium nobody chose.
 */
export class ChromiumPathError extends Error {
  override name = 'ChromiumPathError'
}

/** Where the system Chromium is, or undefined when none is installed. A light entry (`@offprint/render-pdf/find`): no puppeteer. Throws a ChromiumPathError when the named one is unusable. */
export function findChromium(options: BrowserOptions = {}): string | undefined {
  const named = options.executablePath
    ? {path: options.executablePath, by: 'the Chromium path given'}
    : process.env.PUPPETEER_EXECUTABLE_PATH
      ? {path: process.env.PUPPETEER_EXECUTABLE_PATH, by: 'PUPPETEER_EXECUTABLE_PATH'}
      : undefined
  if (named) {
    const problem = unusable(named.path)
    if (problem) throw new ChromiumPathError(`Unexpected ${named.by} \`${named.path}\` (${problem}), expected the path of a Chromium executable (or unset it to use /usr/bin/chromium)`)
    return named.path
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) => existsSync(path))
}

/** Why a path cannot be run as a program, or undefined when it can. */
function unusable(path: string): string | undefined {
  let info
  try {
    info = statSync(path)
  } catch {
    return 'no such file'
  }
  if (!info.isFile()) return info.isDirectory() ? 'a folder' : 'not a regular file'
  try {
    accessSync(path, constants.X_OK)
  } catch {
    return 'not executable'
  }
  return undefined
}
