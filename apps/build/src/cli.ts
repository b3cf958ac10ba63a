#!/usr/bin/env node
import {readFileSync} from 'node:fs'
import module from 'node:module'
import {setFlagsFromString} from 'node:v8'

// V8's compiled code for our modules kept on disk (Node ≥ 22.1; absent on 20,
// where nothing changes): later runs skip compiling them. Enabled before the
// rest is imported, hence the dynamic imports below.
;(module as {enableCompileCache?: () => unknown}).enableCompileCache?.()
const [{run}, {openUrl}, {terminalOf}, {handleInterrupts}] = await Promise.all([
  import('./commands/run.js'),
  import('./commands/open-url.js'),
  import('./commands/terminal.js'),
  import('./core/interrupt.js')
])

// A build makes much short-lived garbage per paper (trees, strings, buffers);
// V8 by default lets the heap grow to ~2.5 times what is live before it
// collects. Pacing the collector closer to the live size holds the CLI's
// peak at ~130 MB instead of ~220 MB, for no time we could measure
// (npm run bench). Both flags only steer when the collector runs.
setFlagsFromString('--heap-growing-percent=20')
setFlagsFromString('--semi-space-growth-factor=1')

const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}

// SIGINT, SIGTERM: stop at once, with no browser, staging folder or lock left behind.
handleInterrupts((text) => process.stderr.write(text))

const terminal = terminalOf(process.stderr.isTTY, process.env)

run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  version,
  terminal,
  readStdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
  openUrl,
  // Redraw a line in place only on a real terminal that takes escape codes, never under CI.
  progress:
    process.stderr.isTTY && !process.env.CI && process.env.TERM !== 'dumb'
      ? (line) => process.stderr.write('\r\x1b[2K' + line.slice(0, Math.max(0, (process.stderr.columns ?? 80) - 1)))
      : undefined
}).then(
  (code) => exit(code),
  (error: unknown) => {
    process.stderr.write(`offprint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    exit(70)
  }
)

/**
 * The command is done: exit with its status once the event loop drains, or
 * after two seconds if something still holds it (a browser process that
 * would not die, a stuck worker): a finished build must never hang.
 */
function exit(code: number): void {
  process.exitCode = code
  setTimeout(() => process.exit(code), 2000).unref()
}
