#!/usr/bin/env node
// The `offprint` command. It lives outside dist/ so that npm links it at
// `npm ci`, before anything is built; in a fresh clone of the repository the
// first run builds the packages (turbo, once), then the CLI runs.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const cli = join(here, '..', 'dist', 'cli.js')
const repository = join(here, '..', '..', '..')
if (!existsSync(cli) && existsSync(join(repository, 'turbo.json'))) {
  process.stderr.write('offprint: building the packages first (once, in this checkout)…\n')
  const built = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: repository,
    // turbo's lines go to stderr: stdout is the command's own (`--version`, `--json`).
    stdio: ['ignore', 2, 2],
    env: {...process.env, TURBO_TELEMETRY_DISABLED: '1'}
  })
  if (built.status !== 0) process.exit(70)
}
if (!existsSync(cli)) {
  process.stderr.write(`offprint: internal error: ${cli} is missing (the package was installed without its build)\n`)
  process.exit(70)
}
await import(cli)
