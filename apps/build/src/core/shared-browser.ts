type Browser = OwnedBrowser['browser']
import type {OwnedBrowser} from '@offprint/render-pdf'

/**
 * The one browser of a build: launched on first use, relaunched if it dies
 * (a crash, an OOM kill), closed once at the end on every exit path.
 */
export class SharedBrowser {
  private current: Promise<OwnedBrowser> | undefined
  /** How many times the browser was launched; a restart makes it 2 or more. */
  launches = 0
  /** How many times the browser was dropped: a paper that saw it change was cut short, not at fault. */
  generation = 0

  constructor(
    private readonly executablePath: string | undefined,
    private readonly onLaunch?: ((browser: Browser) => void) | undefined
  ) {}

  async get(): Promise<Browser> {
    // puppeteer is loaded with the first launch, not at start-up.
    this.current ??= import('@offprint/render-pdf').then(({launchBrowser}) => launchBrowser({executablePath: this.executablePath})).then((owned) => {
      this.launches++
      this.onLaunch?.(owned.browser)
      return owned
    })
    const owned = await this.current
    if (owned.browser.connected) return owned.browser
    await this.restart(owned)
    return this.get()
  }

  /** Launch the browser now if it is not running, without waiting for it. */
  warm(): void {
    this.get().catch(() => undefined) // a failed launch is reported by the paper that needs it
  }

  /** Whether the browser is gone (so a failure was its fault, not the paper's). */
  async isDead(): Promise<boolean> {
    const owned = await this.current?.catch(() => undefined)
    return owned !== undefined && !owned.browser.connected
  }

  /** Drop a dead browser; the next `get` launches a new one. */
  async restart(owned?: OwnedBrowser): Promise<void> {
    const dead = owned ?? (await this.current?.catch(() => undefined))
    this.current = undefined
    this.generation++
    await dead?.close()
  }

  async close(): Promise<void> {
    const owned = await this.current?.catch(() => undefined)
    this.current = undefined
    await owned?.close()
  }
}
