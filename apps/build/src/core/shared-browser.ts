type Browser = OwnedBrowser['browser']
import type {OwnedBrowser} from '@offprint/render-pdf'
import {onInterrupt} from './interrupt.js'

/**
 * The one browser of a build: launched on first use, relaunched once for
 * each fault (a crash, an OOM kill, a stuck page), closed once at the end on
 * every exit path.
 *
 * Papers use it shared; a paper tried again after a time-out uses it alone
 * (`use(…, {alone: true})`), so that a paper stuck in layout cannot make the
 * others in flight time out with it, and a retry tells whose fault it was.
 */
export class SharedBrowser {
  private current: Promise<OwnedBrowser> | undefined
  /** How many times the browser was launched; a restart makes it 2 or more. */
  launches = 0
  /** How many times the browser was dropped: a paper that saw it change was cut short, not at fault. */
  generation = 0
  private readonly gate = new Gate()
  /** Whether the browser may run as one process: until a document with a raster image. */
  private lean = true

  constructor(
    private readonly executablePath: string | undefined,
    private readonly onLaunch?: ((browser: Browser) => void) | undefined,
    /** How long a launch may take before it is given up (the process killed): a browser that never answers must not hold the build. */
    private readonly launchTimeout = 30_000
  ) {}

  /**
   * The browser, for a document with or without raster images. It starts
   * as one process (~300 MB less memory); the first document with a raster
   * image, which would crash Chromium run that way, replaces it with a
   * multi-process one for the rest of the build (papers in flight in the old
   * one are tried again, as after any fault).
   */
  async get(options: {raster?: boolean} = {}): Promise<Browser> {
    if (options.raster && this.lean) {
      this.lean = false
      if (this.current) await this.recover(this.generation)
    }
    const singleProcess = this.lean
    // puppeteer is loaded with the first launch, not at start-up.
    this.current ??= this.launch(singleProcess).then((owned) => {
      this.launches++
      // Interrupted: the browser must not outlive the build.
      const dispose = onInterrupt(() => owned.browser.process()?.kill('SIGKILL'))
      const close = owned.close.bind(owned)
      owned.close = () => (dispose(), close())
      this.onLaunch?.(owned.browser)
      return owned
    })
    const owned = await this.current
    if (owned.browser.connected) return owned.browser
    await this.recover(this.generation)
    return this.get(options)
  }

  /**
   * Launch within `launchTimeout`, or fail with a LaunchTimeout (the
   * half-started process killed through puppeteer's abort signal). The
   * failed launch stays the current one: every paper waiting for it fails
   * at once instead of trying again.
   */
  private async launch(singleProcess: boolean): Promise<OwnedBrowser> {
    const {launchBrowser} = await import('@offprint/render-pdf')
    const abort = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort()
        reject(new LaunchTimeout(`the browser did not answer within ${Math.round(this.launchTimeout / 1000)} s of its launch`))
      }, this.launchTimeout)
    })
    const launching = launchBrowser({executablePath: this.executablePath, singleProcess, signal: abort.signal})
    // Started too late: closed at once.
    launching.then((owned) => void (abort.signal.aborted && owned.close()), () => undefined)
    try {
      return await Promise.race([launching, deadline])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Launch the browser now if it is not running, without waiting for it. */
  warm(): void {
    this.get().catch(() => undefined) // a failed launch is reported by the paper that needs it
  }

  /** Run `work` with the browser, shared with other papers or alone. */
  use<T>(work: () => Promise<T>, options: {alone?: boolean} = {}): Promise<T> {
    return this.gate.run(work, options.alone ?? false)
  }

  /**
   * Whether `work` shared the browser with another paper at any time while
   * it ran: if not, a time-out was its own (nothing else held the renderer).
   */
  async sharing<T>(work: () => Promise<T>): Promise<{result: T} | {error: unknown; shared: boolean}> {
    const before = this.gate.entered
    const crowded = this.gate.busy > 1
    try {
      return {result: await work()}
    } catch (error) {
      return {error, shared: crowded || this.gate.entered !== before}
    }
  }

  /**
   * After a fault seen while the browser was at `generation`: relaunch it,
   * once for every paper that saw the same fault (the first one to ask
   * drops it, the others find a new one already). A browser `stuck` in a
   * page's layout is killed at once: it would not answer a close.
   */
  async recover(generation: number, options: {stuck?: boolean} = {}): Promise<void> {
    if (generation !== this.generation) return
    const dead = await this.current?.catch(() => undefined)
    this.current = undefined
    this.generation++
    if (options.stuck) dead?.browser.process()?.kill('SIGKILL')
    await dead?.close()
  }

  async close(): Promise<void> {
    const owned = await this.current?.catch(() => undefined)
    this.current = undefined
    await owned?.close()
  }
}

/** The browser did not start within the launch deadline. */
export class LaunchTimeout extends Error {
  override name = 'LaunchTimeout'
}

/** Many shared users at a time, or one alone: those waiting to be alone go first. */
class Gate {
  /** Users in now, and how many have ever entered. */
  get busy(): number {
    return this.shared + (this.alone ? 1 : 0)
  }
  entered = 0
  private shared = 0
  private alone = false
  private readonly waiting: Array<{alone: boolean; go: () => void}> = []

  async run<T>(work: () => Promise<T>, alone: boolean): Promise<T> {
    await this.enter(alone)
    try {
      return await work()
    } finally {
      this.leave(alone)
    }
  }

  private enter(alone: boolean): Promise<void> {
    const free = alone ? !this.alone && this.shared === 0 : !this.alone && !this.waiting.some((w) => w.alone)
    if (free && this.waiting.length === 0) {
      this.take(alone)
      return Promise.resolve()
    }
    return new Promise((go) => this.waiting.push({alone, go}))
  }

  private take(alone: boolean): void {
    this.entered++
    if (alone) this.alone = true
    else this.shared++
  }

  private leave(alone: boolean): void {
    if (alone) this.alone = false
    else this.shared--
    // Let in the next one alone, or every shared one before the next alone.
    while (this.waiting.length > 0 && !this.alone) {
      const next = this.waiting[0]!
      if (next.alone && this.shared > 0) break
      this.waiting.shift()
      this.take(next.alone)
      next.go()
      if (next.alone) break
    }
  }
}
