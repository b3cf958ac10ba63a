/**
 * What must be undone when the build is interrupted (SIGINT, SIGTERM): kill
 * the browser, remove the staging folder, release the lock. Synchronous, so
 * it runs in a signal handler right before the process exits. The CLI
 * installs the handlers (`handleInterrupts`); a library caller that wants
 * the same calls `interrupt()` from its own.
 */
const cleanups = new Set<() => void>()

/** Register a cleanup; returns the function that unregisters it. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

/** Run every registered cleanup once, newest first; a failing one does not stop the others. */
export function interrupt(): void {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup)
    try {
      cleanup()
    } catch {
      // Best effort on the way out.
    }
  }
}

/**
 * Stop within moments on SIGINT, SIGTERM or SIGHUP: clean up, say so, and
 * exit with 128 + the signal's number, as shells expect.
 */
export function handleInterrupts(say: (text: string) => void): void {
  const numbers: Record<string, number> = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15}
  for (const signal of Object.keys(numbers) as NodeJS.Signals[]) {
    process.once(signal, () => {
      say(`\noffprint: ${signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`}; nothing half-written was left in the output folder\n`)
      interrupt()
      process.exit(128 + numbers[signal]!)
    })
  }
}
