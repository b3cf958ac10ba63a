#!/usr/bin/env node
// Set-up that `npm start` and `npm test` run first, with no dependency of its
// own: install node_modules when missing or stale, and the system tools the
// pipeline drives (Chromium, fonts; for tests also epubcheck, poppler, qpdf, xmllint and
// Ghostscript, which a press edition needs;
// for the benchmark pandoc)
// with apt-get when running as root, or say exactly what to install.
import {createHash} from 'node:crypto'
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const forTests = process.argv.includes('--for-tests')
const forBench = process.argv.includes('--for-bench')
const say = (text) => process.stderr.write(`bootstrap: ${text}\n`)

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'}).status === 0
}

function fontFamilies() {
  if (!has('fc-list')) return ''
  return execFileSync('fc-list', [':', 'family'], {encoding: 'utf8'})
}

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
// The font list is read again after apt-get (fontconfig itself may just have arrived).
let fontList
const families = () => (fontList ??= fontFamilies())
const needs = [
  {
    what: 'Chromium',
    package: 'chromium',
    present: () => Boolean(process.env.PUPPETEER_EXECUTABLE_PATH && existsSync(process.env.PUPPETEER_EXECUTABLE_PATH)) || existsSync('/usr/bin/chromium')
  },
  {what: 'fontconfig', package: 'fontconfig', present: () => has('fc-list')},
  {what: 'Noto fonts', package: 'fonts-noto-core', present: () => /Noto Sans\b/.test(families()) && /Noto Serif\b/.test(families())},
  {what: 'EB Garamond (TrueType)', package: 'fonts-ebgaramond-extra', present: () => families().includes('EB Garamond 12')},
  {what: 'IPAex Japanese fonts', package: 'fonts-ipaexfont', present: () => families().includes('IPAexMincho') && families().includes('IPAexGothic')},
  {what: 'Noto CJK fonts', package: 'fonts-noto-cjk', present: () => families().includes('Noto Sans CJK')},
  // TrueType CJK faces for print: Noto CJK is CFF, which Chromium embeds as Type 3.
  {what: 'AR PL UMing Chinese fonts (TrueType)', package: 'fonts-arphic-uming', present: () => families().includes('AR PL UMing CN')},
  {what: 'WenQuanYi Zen Hei Chinese fonts (TrueType)', package: 'fonts-wqy-zenhei', present: () => families().includes('WenQuanYi Zen Hei')},
  {what: 'Nanum Korean fonts (TrueType)', package: 'fonts-nanum', present: () => families().includes('NanumMyeongjo')},
  // The math face: TrueType (TeX Gyre Bonum's); Debian's STIX Two and Latin Modern Math are CFF (Type 3).
  {what: 'DejaVu Math TeX Gyre (TrueType math)', package: 'fonts-dejavu-extra', present: () => families().includes('DejaVu Math TeX Gyre')},
  ...(forTests
    ? [
        {what: 'epubcheck', package: 'epubcheck', present: () => existsSync('/usr/share/java/epubcheck.jar') && has('java')},
        {what: 'poppler-utils (pdftotext, pdfinfo, pdffonts)', package: 'poppler-utils', present: () => has('pdftotext') && has('pdfinfo') && has('pdffonts')},
        {what: 'qpdf', package: 'qpdf', present: () => has('qpdf')},
        {what: 'xmllint (Crossref deposit validation)', package: 'libxml2-utils', present: () => has('xmllint')},
        // The press edition's colour engine, and the CMYK profile its tests print with (libgs10-common, a dependency).
        {what: 'Ghostscript (gs) and its CMYK profile', package: 'ghostscript', present: () => has('gs') && existsSync('/usr/share/color/icc/ghostscript/default_cmyk.icc')}
      ]
    : []),
  // The benchmark compares Offprint's EPUB stage with pandoc's.
  ...(forBench ? [{what: 'pandoc', package: 'pandoc', present: () => has('pandoc')}] : [])
]
const missing = needs.filter((need) => !need.present())
if (missing.length === 0) process.exit(0)

const packages = missing.map((need) => need.package)
if (process.getuid?.() === 0 && has('apt-get')) {
  say(`installing ${missing.map((need) => need.what).join(', ')} with apt-get…`)
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'}
  const update = spawnSync('apt-get', ['update', '-qq'], {stdio: 'inherit', env})
  const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...packages], {stdio: 'inherit', env})
  if (install && install.status === 0) {
    fontList = undefined
    const still = needs.filter((need) => !need.present())
    if (still.length === 0) process.exit(0)
    say(`still missing after apt-get: ${still.map((need) => need.what).join(', ')}`)
  } else {
    say('apt-get failed; see above')
  }
  process.exit(1)
}
say(`missing ${missing.map((need) => need.what).join(', ')}.`)
say(`Install them, then run this again:\n\n  sudo apt-get install ${packages.join(' ')}\n`)
say('(Or point PUPPETEER_EXECUTABLE_PATH at a Chromium you have.)')
process.exit(1)
