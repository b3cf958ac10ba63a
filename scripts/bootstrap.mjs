#!/usr/bin/env node
// Set-up that `npm start` and `npm test` run first, with no dependency of its
// own: install node_modules when missing or stale, and the system tools the
// pipeline drives (Chromium, fonts; for tests also epubcheck, poppler, qpdf, xmllint and
// Ghostscript, which a press edition needs;
// for the benchmark pandoc)
// with apt-get when running as root, or say exactly what to install.
import {createHash} from 'node:crypto'
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {aptInstall, aptPrefix, chromium, epubcheck, fontconfig, fonts, ghostscript, has, installCommand, packagesOf, probeSystem} from '../apps/build/system/requirements.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const forTests = process.argv.includes('--for-tests')
const forBench = process.argv.includes('--for-bench')
const say = (text) => process.stderr.write(`bootstrap: ${text}\n`)

// 1. node_modules, from the lock file.
const lock = join(root, 'package-lock.json')
const stamp = join(root, 'node_modules', '.offprint-lock-sha256')
const lockHash = createHash('sha256').update(readFileSync(lock)).digest('hex')
if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== lockHash) {
  say('installing node_modules (npm ci)…')
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    // Ace's full puppeteer (a devDependency) must not fetch a browser: we drive the system Chromium.
    env: {...process.env, PUPPETEER_SKIP_DOWNLOAD: '1'}
  })
  if (result.status !== 0) {
    say('npm ci failed; see above')
    process.exit(result.status ?? 1)
  }
  writeFileSync(stamp, lockHash + '\n')
}

// 2. System tools: what is missing, and the Debian package that brings it.
// What a build needs is one table with `offprint doctor` (shipped in
// @offprint/build); what only this repository's tests and benchmark drive is here.
const testTools = [
  ...epubcheck,
  {what: 'poppler-utils (pdftotext, pdfinfo, pdffonts)', package: 'poppler-utils', present: () => has('pdftotext') && has('pdfinfo') && has('pdffonts')},
  {what: 'qpdf', package: 'qpdf', present: () => has('qpdf')},
  // The press edition's colour engine, and the CMYK profile its tests print with (libgs10-common, a dependency).
  {...ghostscript, what: 'Ghostscript (gs) and its CMYK profile', present: (probe) => ghostscript.present(probe) && existsSync('/usr/share/color/icc/ghostscript/default_cmyk.icc')},
  {what: 'strace', package: 'strace', present: () => has('strace')},
  {what: 'xmllint (libxml2-utils)', package: 'libxml2-utils', present: () => has('xmllint')}
]
// The benchmark compares Offprint's EPUB stage with pandoc's.
const benchTools = [{what: 'pandoc', package: 'pandoc', present: () => has('pandoc')}]
const needs = [
  chromium,
  fontconfig,
  ...fonts,
  ...(forTests ? testTools : []),
  ...(forBench ? benchTools : [])
]
const probe = probeSystem()
const missing = needs.filter((need) => !need.present(probe))
if (missing.length === 0) process.exit(0)

const packages = packagesOf(missing)
const prefix = aptPrefix()
if (prefix) {
  say(`installing ${missing.map((need) => need.what).join(', ')} with apt-get…`)
  if (aptInstall(packages, prefix)) {
    probe.refresh()
    const still = needs.filter((need) => !need.present(probe))
    if (still.length === 0) process.exit(0)
    say(`still missing after apt-get: ${still.map((need) => need.what).join(', ')}`)
  } else {
    say('apt-get failed; see above')
  }
  process.exit(1)
}
say(`missing ${missing.map((need) => need.what).join(', ')}.`)
say(`Install them, then run this again:\n\n  ${installCommand(packages)}\n`)
say('(Or point PUPPETEER_EXECUTABLE_PATH at a Chromium you have.)')
process.exit(1)
