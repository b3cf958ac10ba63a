import {mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import puppeteer, {type Browser} from 'puppeteer-core'
import {adoptInitialPage} from './closed-page.js'
import {findChromium, type BrowserOptions} from './find-chromium.js'

export {findChromium, type BrowserOptions} from './find-chromium.js'


const profilePrefix = 'offprint-chromium-'
const ownerFile = '.offprint-owner'

/**
 * Profiles of builds that were killed (their close never ran): those whose
 * owning process is gone, or, from before owners were recorded, a day old.
 */
async function removeStaleProfiles(): Promise<void> {
  const names = (await readdir(tmpdir()).catch(() => [] as string[])).filter((name) => name.startsWith(profilePrefix))
  await Promise.all(
    names.map(async (name) => {
      const folder = join(tmpdir(), name)
      const owner = Number(await readFile(join(folder, ownerFile), 'utf8').catch(() => ''))
      const stale = owner > 0 ? !isAlive(owner) : Date.now() - (await stat(folder).then((info) => info.mtimeMs, () => Date.now())) > 86_400_000
      if (stale) await rm(folder, {recursive: true, force: true}).catch(() => undefined)
    })
  )
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A running browser and the way to close it (and clean its profile) once. */
export interface OwnedBrowser {
  browser: Browser
  close(): Promise<void>
}

/**
 * Launch headless Chromium with a fresh profile and no background traffic.
 * The caller owns it and must `close()` it; puppeteer also kills it if the
 * process exits or is interrupted first.
 */
export async function launchBrowser(options: BrowserOptions & {signal?: AbortSignal | undefined} = {}): Promise<OwnedBrowser> {
  const executablePath = findChromium(options)
  if (!executablePath) {
    throw new Error(
      'No Chromium found: install Debian’s chromium (apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH'
    )
  }
  await removeStaleProfiles()
  const userDataDir = await mkdtemp(join(tmpdir(), profilePrefix))
  await writeFile(join(userDataDir, ownerFile), String(process.pid))
  let browser: Browser
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      // DevTools over a pipe: if this process dies, even by SIGKILL, the pipe closes
      // and Chromium exits with it instead of living on as an orphan.
      pipe: true,
      // The caller decides what a signal means (the CLI cleans up and exits);
      // puppeteer's own handlers would close the browser and let the build
      // run on without it.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Aborted (the caller's launch deadline): the process is killed, the launch fails.
      signal: options.signal,
      userDataDir,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        '--no-default-browser-check',
        '--font-render-hinting=none',
        // As few processes as Chromium allows: each maps ~200 MB of its
        // binary, so a build's summed RSS is mostly how many there are
        // (npm run bench). No zygote, GPU and network in the browser process,
        // no extensions, one renderer for every page, no spare renderer and
        // no omnibox WebUI renderer preloaded. `--single-process` (one
        // process, ~300 MB less) only when asked: Chromium 156 run that way
        // crashes, the whole browser with it, after printing two or three
        // documents with a raster image (PNG, JPEG) in them.
        ...(options.singleProcess ? ['--single-process'] : []),
        '--no-zygote',
        '--in-process-gpu',
        '--disable-extensions',
        '--renderer-process-limit=1',
        '--enable-features=NetworkServiceInProcess2',
        '--disable-features=' +
          ['Translate', 'MediaRouter', 'OptimizationHints', 'SpareRendererForSitePerProcess', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI'].join(',')
      ]
    })
  } catch (error) {
    await rm(userDataDir, {recursive: true, force: true})
    throw error
  }
  const [initial] = await browser.pages().catch(() => [])
  if (initial) adoptInitialPage(browser, initial)
  let closing: Promise<void> | undefined
  return {
    browser,
    close() {
      closing ??= (async () => {
        try {
          // A renderer stuck in layout must not hold the close up.
          await Promise.race([browser.close(), new Promise((_, reject) => setTimeout(reject, 5000).unref())])
        } catch {
          browser.process()?.kill('SIGKILL')
        } finally {
          await rm(userDataDir, {recursive: true, force: true, maxRetries: 3})
        }
      })()
      return closing
    }
  }
}
