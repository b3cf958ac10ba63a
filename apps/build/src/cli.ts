#!/usr/bin/env node
import {readFileSync} from 'node:fs'
import {run} from './commands/run.js'

const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}

run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  version,
  // Redraw a line in place only on a real terminal, never under CI.
  progress:
    process.stderr.isTTY && !process.env.CI
      ? (line) => process.stderr.write('\r\x1b[2K' + line.slice(0, Math.max(0, (process.stderr.columns ?? 80) - 1)))
      : undefined
}).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`offprint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 70
  }
)
