// What Offprint needs from the system, and the Debian package that brings
// each thing: one table for `offprint doctor` (shipped in @offprint/build) and
// for this repository's scripts/bootstrap.mjs, which imports it by relative
// path before `npm ci` has run. Hence plain JavaScript with node:* imports only.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'

/**
 * Whether a command is on the PATH (of `env`, default this process's).
 * @param {string} command
 * @param {NodeJS.ProcessEnv} [env]
 */
export function has(command, env = process.env) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], {stdio: 'ignore', env}).status === 0
}

/**
 * The font families fontconfig knows, one a line ('' without fc-list).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function fontFamilies(env = process.env) {
  if (!has('fc-list', env)) return ''
  try {
    return execFileSync('fc-list', [':', 'family'], {encoding: 'utf8', env})
  } catch {
    return ''
  }
}

/** @param {string} list @param {string} family */
const hasFamily = (list, family) => list.split('\n').some((line) => line.split(',').some((name) => name.trim() === family))

/**
 * @typedef {object} Probe
 * @property {NodeJS.ProcessEnv} env
 * @property {() => string} families fc-list's families (read once, again after an install)
 *
 * @typedef {object} Requirement
 * @property {string} id stable name, for --json
 * @property {string} what what a person is told
 * @property {string} package the Debian package that brings it
 * @property {'system' | 'font' | 'tool'} kind
 * @property {string[]} [langs] language subtags whose papers need it (fonts by language)
 * @property {(probe: Probe) => boolean} present
 */

/**
 * The Chromium path as packages/render-pdf's findChromium looks for it.
 * @param {NodeJS.ProcessEnv} env
 */
export function chromiumPath(env = process.env) {
  const candidates = [env.PUPPETEER_EXECUTABLE_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  return candidates.find((path) => Boolean(path) && existsSync(/** @type {string} */ (path)))
}

/** @type {Requirement} */
export const chromium = {id: 'chromium', what: 'Chromium', package: 'chromium', kind: 'system', present: ({env}) => Boolean(chromiumPath(env))}

/** @type {Requirement} */
export const fontconfig = {id: 'fontconfig', what: 'fontconfig (fc-list)', package: 'fontconfig', kind: 'system', present: ({env}) => has('fc-list', env)}

/**
 * The TrueType families the theme sets (render-html's theme/print.css): one
 * entry a family, the languages that need it (none: every paper), and its
 * package. TrueType, because Chromium embeds CFF (OpenType/PostScript) faces
 * as Type 3 fonts, which print badly and fail PDF/UA checks.
 * @type {Requirement[]}
 */
export const fonts = [
  {id: 'eb-garamond', what: 'EB Garamond 12 (TrueType, body text)', package: 'fonts-ebgaramond-extra', kind: 'font', present: ({families}) => hasFamily(families(), 'EB Garamond 12')},
  {id: 'noto-sans', what: 'Noto Sans (TrueType, headings)', package: 'fonts-noto-core', kind: 'font', present: ({families}) => hasFamily(families(), 'Noto Sans')},
  {id: 'noto-serif', what: 'Noto Serif (TrueType, Greek, Cyrillic and other scripts)', package: 'fonts-noto-core', kind: 'font', present: ({families}) => hasFamily(families(), 'Noto Serif')},
  // The math face: TeX Gyre Bonum's; Debian's STIX Two and Latin Modern Math are CFF.
  {id: 'dejavu-math', what: 'DejaVu Math TeX Gyre (TrueType, math)', package: 'fonts-dejavu-extra', kind: 'font', present: ({families}) => hasFamily(families(), 'DejaVu Math TeX Gyre')},
  {id: 'ipaex', what: 'IPAexMincho and IPAexGothic (TrueType, Japanese)', package: 'fonts-ipaexfont', kind: 'font', langs: ['ja'], present: ({families}) => hasFamily(families(), 'IPAexMincho') && hasFamily(families(), 'IPAexGothic')},
  {id: 'ar-pl-uming', what: 'AR PL UMing (TrueType, Chinese body text)', package: 'fonts-arphic-uming', kind: 'font', langs: ['zh'], present: ({families}) => hasFamily(families(), 'AR PL UMing CN')},
  {id: 'wqy-zenhei', what: 'WenQuanYi Zen Hei (TrueType, Chinese headings)', package: 'fonts-wqy-zenhei', kind: 'font', langs: ['zh'], present: ({families}) => hasFamily(families(), 'WenQuanYi Zen Hei')},
  {id: 'nanum', what: 'NanumMyeongjo and NanumGothic (TrueType, Korean)', package: 'fonts-nanum', kind: 'font', langs: ['ko'], present: ({families}) => hasFamily(families(), 'NanumMyeongjo') && hasFamily(families(), 'NanumGothic')},
  // CFF, so never printed: the HTML and EPUB fall back to it on readers' machines and in the dev preview.
  {id: 'noto-cjk', what: 'Noto Sans CJK (HTML preview of CJK text)', package: 'fonts-noto-cjk', kind: 'font', langs: ['ja', 'zh', 'ko'], present: ({families}) => families().includes('Noto Sans CJK')}
]

/** @type {Requirement} The press edition's colour engine, with the CMYK profile libgs10-common brings. */
export const ghostscript = {
  id: 'ghostscript',
  what: 'Ghostscript (gs), for press editions (print.pdfx)',
  package: 'ghostscript',
  kind: 'tool',
  present: ({env}) => has(env.OFFPRINT_GHOSTSCRIPT || 'gs', env)
}

/** @type {Requirement[]} Validating an EPUB: Debian's epubcheck, and the Java that runs it. */
export const epubcheck = [
  {id: 'java', what: 'Java (runs epubcheck)', package: 'default-jre-headless', kind: 'tool', present: ({env}) => has('java', env)},
  {id: 'epubcheck', what: 'epubcheck (/usr/share/java/epubcheck.jar)', package: 'epubcheck', kind: 'tool', present: () => existsSync('/usr/share/java/epubcheck.jar')}
]

/**
 * A probe of this machine: fc-list is read once, and again after `refresh()`
 * (an install may just have brought fontconfig or a font).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Probe & {refresh(): void}}
 */
export function probeSystem(env = process.env) {
  /** @type {string | undefined} */
  let list
  return {
    env,
    families: () => (list ??= fontFamilies(env)),
    refresh: () => {
      list = undefined
    }
  }
}

/**
 * The packages of some requirements, each once, in order.
 * @param {Requirement[]} needs
 */
export function packagesOf(needs) {
  return [...new Set(needs.map((need) => need.package))]
}

/**
 * The command a person runs to install packages.
 * @param {string[]} packages
 */
export function installCommand(packages) {
  return `sudo apt-get install -y ${packages.join(' ')}`
}

/**
 * How apt-get can be run here: directly as root, through sudo when it asks
 * no password (CI runners), or not at all.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string[] | undefined} the prefix to run apt-get with
 */
export function aptPrefix(env = process.env) {
  if (!has('apt-get', env)) return undefined
  if (process.getuid?.() === 0) return []
  if (has('sudo', env) && spawnSync('sudo', ['-n', 'true'], {stdio: 'ignore', env}).status === 0) return ['sudo', '-n']
  return undefined
}

/**
 * apt-get update, then install: output on stderr (stdout may be a report).
 * @param {string[]} packages
 * @param {string[]} prefix from aptPrefix
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {boolean} whether both succeeded
 */
export function aptInstall(packages, prefix, env = process.env) {
  const run = (/** @type {string[]} */ args) => {
    const [command = 'apt-get', ...rest] = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]
    return spawnSync(command, rest, {stdio: ['ignore', 2, 2], env}).status === 0
  }
  return run(['update', '-qq']) && run(['install', '-y', '-qq', ...packages])
}
