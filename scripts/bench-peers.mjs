#!/usr/bin/env node
// The benchmark's npm peers, installed beside the repository's own modules but
// outside its lock file: md-to-pdf (the PDF peer of #31), driving the same system
// Chromium as Offprint (no browser download). `npm run prebench` runs this after
// bootstrap; scripts/bench-startup.mjs finds the peer here.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const version = '5.2.5'

/** Where the peers live: a folder of node_modules npm ci replaces (then this reinstalls them). */
export const peersFolder = (repository = root) => join(repository, 'node_modules', '.offprint-bench-peers')

/** How to run md-to-pdf on a file (append its path), or undefined when not installed. */
export function mdToPdfCommand(repository = root) {
  const cli = join(peersFolder(repository), 'node_modules', 'md-to-pdf', 'dist', 'cli.js')
  if (!existsSync(cli)) return undefined
  const chromium = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium'
  return {
    command: process.execPath,
    args: [cli, '--launch-options', JSON.stringify({executablePath: chromium, args: ['--no-sandbox']})],
    env: {PUPPETEER_EXECUTABLE_PATH: chromium}
  }
}

export function installPeers(repository = root) {
  if (mdToPdfCommand(repository)) return true
  const folder = peersFolder(repository)
  mkdirSync(folder, {recursive: true})
  process.stderr.write(`bench-peers: installing md-to-pdf@${version} into ${folder} (no browser download)…\n`)
  const result = spawnSync('npm', ['install', '--prefix', folder, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `md-to-pdf@${version}`], {
    stdio: ['ignore', 2, 2],
    env: {...process.env, PUPPETEER_SKIP_DOWNLOAD: '1'}
  })
  return result.status === 0 && mdToPdfCommand(repository) !== undefined
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // A peer missing is a figure missing, not a failed benchmark.
  if (!installPeers()) process.stderr.write('bench-peers: md-to-pdf could not be installed; the benchmark skips its figures\n')
}
