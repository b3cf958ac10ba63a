import {readFileSync, rmSync} from 'node:fs'
import {mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import puppeteer, {type Browser} from 'puppeteer-core'
import {adoptInitialPage} from './closed-page.js'
import {findChromium, type BrowserOptions} from './find-chromium.js'

export {ChromiumPathError, findChromium, type BrowserOptions} from './find-chromium.js'


/**
 * No traffic of the browser's own: without these, headless Chromium asks
 * DNS for clients2.google.com (component updates) and accounts.google.com
 * (sign-in) on every build. The background services are switched off one by
 * one (chrome-launcher's list, docs/chrome-flags-for-tools.md), and, in case a
 * future Chromium adds one, every host name resolves to "not found" and no
 * proxy is taken from the environment: nothing the browser does can leave the
 * machine. Documents load by setContent and every request but `data:` is
 * refused (closed-page.ts), so the browser needs no name resolved, not even
 * localhost.
 */
const offlineArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-breakpad',
  '--metrics-recording-only',
  '--no-pings',
  '--dns-prefetch-disable',
  '--disable-quic',
  '--no-proxy-server',
  '--host-resolver-rules=MAP * ~NOTFOUND'
]

/** Features that talk to Google in the background and that the flags above do not cover. */
const offlineFeatures = [
  'Translate',
  'MediaRouter',
  'DialMediaRouteProvider',
  'OptimizationHints',
  'OptimizationGuideModelDownloading',
  'InterestFeedContentSuggestions',
  'CertificateTransparencyComponentUpdater',
  'AutofillServerCommunication',
  'PrivacySandboxSettings4',
  'NetworkTimeServiceQuerying',
  'SafeBrowsingEnhancedProtection'
]

const profilePrefix = 'offprint-chromium-'
const ownerFile = '.offprint-owner'

/**
 * Profiles of builds that were killed (their close never ran): those whose
 * owning process is gone, or, without an owner file, a minute old (the
 * owner is written right after the folder is made; one without it was left
 * by a Chromium that wrote into its profile while it was being removed).
 */
async function removeStaleProfiles(): Promise<void> {
  const names = (await readdir(tmpdir()).catch(() => [] as string[])).filter((name) => name.startsWith(profilePrefix))
  await Promise.all(
    names.map(async (name) => {
      const folder = join(tmpdir(), name)
      const owner = Number(await readFile(join(folder, ownerFile), 'utf8').catch(() => ''))
      const stale = owner > 0 ? !isAlive(owner) : Date.now() - (await stat(folder).then((info) => info.mtimeMs, () => Date.now())) > 60_000
      if (stale) await rm(folder, {recursive: true, force: true}).catch(() => undefined)
    })
  )
}

/**
 * Profiles in use by this process, and their browsers: removed on every
 * way out, a SIGINT's `process.exit` included. An 'exit' listener may only
 * do synchronous work, so the browser is killed, awaited and its profile
 * removed without yielding.
 */
const liveProfiles = new Map<string, {pid?: number | undefined}>()
let exitHandlerInstalled = false

function removeProfilesOnExit(): void {
  if (exitHandlerInstalled) return
  exitHandlerInstalled = true
  process.on('exit', () => {
    for (const [folder, owner] of liveProfiles) {
      if (owner.pid) {
        try {
          process.kill(owner.pid, 'SIGKILL')
        } catch {
          // Already gone.
        }
        waitForDeathSync(owner.pid, 2000)
      }
      try {
        rmSync(folder, {recursive: true, force: true, maxRetries: 3})
      } catch {
        // Best effort on the way out; the next launch removes what is left.
      }
    }
    liveProfiles.clear()
  })
}

/**
 * Wait, blocking, until a killed child is dead (a zombie or gone): a
 * Chromium still dying recreates folders in the profile being removed.
 */
function waitForDeathSync(pid: number, ms: number): void {
  const until = Date.now() + ms
  const pause = new Int32Array(new SharedArrayBuffer(4))
  while (Date.now() < until) {
    let state: string | undefined
    try {
      state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[1]
    } catch {
      return // no /proc entry: gone
    }
    if (state === 'Z' || state === 'X') return
    Atomics.wait(pause, 0, 0, 10)
  }
}

/** Until a browser process has exited (at most `ms`). */
function exited(browser: Browser, ms: number): Promise<void> {
  const child = browser.process()
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    timer.unref()
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })
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
  const owner: {pid?: number | undefined} = {}
  liveProfiles.set(userDataDir, owner)
  removeProfilesOnExit()
  await writeFile(join(userDataDir, ownerFile), String(process.pid))
  // Chromium's own temporary folders (org.chromium.Chromium.*) go inside the
  // profile: a killed browser leaves them behind, and they go with it.
  const temporary = join(userDataDir, 'tmp')
  await mkdir(temporary)
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
      env: {...process.env, TMPDIR: temporary},
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        ...offlineArgs,
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
        '--disable-features=' + [...offlineFeatures, 'SpareRendererForSitePerProcess', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI'].join(',')
      ]
    })
  } catch (error) {
    liveProfiles.delete(userDataDir)
    await rm(userDataDir, {recursive: true, force: true})
    throw error
  }
  owner.pid = browser.process()?.pid
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
          // Removed once Chromium is gone: while it lives it writes into the profile again.
          await exited(browser, 5000)
          await rm(userDataDir, {recursive: true, force: true, maxRetries: 3})
          liveProfiles.delete(userDataDir)
        }
      })()
      return closing
    }
  }
}
