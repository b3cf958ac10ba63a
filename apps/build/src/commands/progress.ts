/**
 * A one-line progress bar with the papers in flight, redrawn in place on a
 * terminal; silent when there is no terminal to draw on (CI, pipes), where
 * the per-paper lines are the progress.
 */
export class Progress {
  private finished = 0
  private readonly running = new Set<string>()

  constructor(
    private readonly total: number,
    private readonly draw: ((line: string) => void) | undefined
  ) {}

  start(name: string): void {
    this.running.add(name)
    this.render()
  }

  done(name: string): void {
    this.running.delete(name)
    this.finished++
    this.render()
  }

  /** Erase the bar before other output is written. */
  clear(): void {
    this.draw?.('')
  }

  private render(): void {
    if (!this.draw || this.finished === this.total) return this.clear()
    const width = 24
    const filled = Math.round((this.finished / this.total) * width)
    const names = [...this.running].join(', ')
    this.draw(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.finished}/${this.total} ${names.length > 50 ? names.slice(0, 49) + '…' : names}`)
  }
}
