import {existsSync} from 'node:fs'
import {ChromiumPathError, findChromium} from '@offprint/render-pdf/find'
import {
  aptInstall,
  aptPrefix,
  chromium,
  epubcheck,
  fontconfig,
  fonts,
  ghostscript,
  installCommand,
  packagesOf,
  probeSystem,
  type Requirement
} from '../../system/requirements.mjs'
import {paperNeeds, type PaperNeeds} from './paper-needs.js'
import type {Flags} from './parse-args.js'
import type {Io} from './run.js'

/** One thing a build may need, as doctor found it. */
export interface DoctorItem {
  id: string
  what: string
  ok: boolean
  /** Needed by these papers (or asked for with --for); a missing optional item fails nothing. */
  required: boolean
  /** What was found (a version, a path), or why it is missing. */
  detail: string
  /** The command that fixes it, when it is missing. */
  fix?: string | undefined
  /** The Debian package that brings it. */
  package?: string | undefined
}

/** The report `doctor --json` prints. */
export interface DoctorReport {
  ok: boolean
  langs: string[]
  press: boolean
  items: DoctorItem[]
}

const extras = ['epubcheck', 'press'] as const
type Extra = (typeof extras)[number]

class DoctorUsage extends Error {}

/**
 * `offprint doctor`: what the build needs on this machine — a Chromium that
 * starts, the TrueType fonts of the theme and of the papers' languages,
 * Ghostscript for press editions, Java and epubcheck when asked — one line
 * each with the command that fixes it; `--install` runs those commands.
 * Exit 0 only when the build can run.
 */
export async function runDoctor(paths: string[], flags: Flags, io: Io): Promise<number> {
  let asked: Extra[]
  try {
    asked = extrasOf(flags.for)
  } catch (error) {
    if (!(error instanceof DoctorUsage)) throw error
    io.stderr(`offprint: ${error.message}\nUsage: offprint doctor [paths…] [--install] [--json] [--for epubcheck,press]\n`)
    return 2
  }
  const needs = paperNeeds(paths, io.cwd)
  const say = flags.json ? io.stderr : io.stdout
  let report = await diagnose(needs, asked)
  if (flags.install && !report.ok) {
    const packages = [...new Set(report.items.filter((item) => item.required && !item.ok && item.package).map((item) => item.package!))]
    const prefix = packages.length > 0 ? aptPrefix() : undefined
    if (prefix) {
      say(`offprint: installing ${packages.join(' ')} with apt-get…\n`)
      if (!aptInstall(packages, prefix)) io.stderr('offprint: apt-get failed; see above\n')
      report = await diagnose(needs, asked)
    } else if (packages.length > 0) {
      io.stderr(`offprint: cannot run apt-get here (not root, no password-less sudo, or no apt-get); run:\n\n  ${installCommand(packages)}\n\n`)
    }
  }
  if (flags.json) io.stdout(JSON.stringify(report, null, 2) + '\n')
  if (!flags.quiet || !report.ok) for (const line of describe(report, needs)) say(line + '\n')
  return report.ok ? 0 : 1
}

function extrasOf(value: string | undefined): Extra[] {
  if (value === undefined) return []
  const names = value.split(',').map((name) => name.trim()).filter(Boolean)
  const wrong = names.find((name) => !(extras as readonly string[]).includes(name))
  if (wrong !== undefined || names.length === 0) throw new DoctorUsage(`--for takes epubcheck or press (comma-separated), not \`${value}\``)
  return names as Extra[]
}

/** Check everything, in the order a person reads it: browser, fonts, tools. */
export async function diagnose(needs: PaperNeeds, asked: ReadonlyArray<Extra> = []): Promise<DoctorReport> {
  const probe = probeSystem()
  const fix = (need: Requirement) => installCommand([need.package])
  const item = (need: Requirement, required: boolean, found: string): DoctorItem => {
    const ok = need.present(probe)
    return {id: need.id, what: need.what, ok, required, detail: ok ? found : `missing (Debian package ${need.package})`, fix: ok ? undefined : fix(need), package: need.package}
  }
  const items: DoctorItem[] = [await browserItem()]
  const fc = item(fontconfig, true, 'fc-list')
  items.push(fc)
  for (const font of fonts) {
    const required = !font.langs || font.langs.some((lang) => needs.langs.includes(lang))
    const made = item(font, required, 'found by fc-list')
    // Without fc-list nothing can be said of the fonts beyond "install fontconfig first".
    if (!fc.ok) made.detail = `unknown: fc-list is missing (${installCommand(packagesOf([fontconfig]))})`
    items.push(made)
  }
  items.push(item(ghostscript, needs.press || asked.includes('press'), 'gs'))
  for (const need of epubcheck) items.push(item(need, asked.includes('epubcheck'), need.id))
  return {ok: items.every((each) => each.ok || !each.required), langs: needs.langs, press: needs.press, items}
}

/** Chromium: found where render-pdf looks, and started headless (then closed) to read its version. */
async function browserItem(): Promise<DoctorItem> {
  const base = {id: chromium.id, what: chromium.what, required: true, package: chromium.package}
  const named = process.env.PUPPETEER_EXECUTABLE_PATH
  const install = installCommand([chromium.package])
  let path: string | undefined
  try {
    path = findChromium()
  } catch (error) {
    // A named browser that is missing, a folder or not executable: the build would refuse to start.
    if (!(error instanceof ChromiumPathError)) throw error
    return {...base, ok: false, detail: `PUPPETEER_EXECUTABLE_PATH names ${named}, which ${named && existsSync(named) ? 'cannot be run' : 'does not exist'}`, fix: `unset PUPPETEER_EXECUTABLE_PATH, or point it at a Chromium (${install})`}
  }
  if (!path) return {...base, ok: false, detail: 'none found (/usr/bin/chromium, chromium-browser, google-chrome)', fix: install}
  const {launchBrowser} = await import('@offprint/render-pdf')
  try {
    const owned = await withTimeout(launchBrowser({executablePath: path}), 60_000)
    try {
      return {...base, ok: true, detail: `${await owned.browser.version()} (${path}), started headless`}
    } finally {
      await owned.close()
    }
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    return {...base, ok: false, detail: `${path} does not start headless: ${reason}`, fix: named ? `point PUPPETEER_EXECUTABLE_PATH at a Chromium that starts, or unset it (${install})` : install}
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
  }
}

/** One line per item, then what to do. */
function describe(report: DoctorReport, needs: PaperNeeds): string[] {
  const lines = report.items.map((item) => {
    if (item.ok) return `✓ ${item.what}: ${item.detail}`
    if (!item.required) return `- ${item.what}: not installed; not needed here (${why(item)})`
    return `✗ ${item.what}: ${item.detail}\n    fix: ${item.fix}`
  })
  const papers = needs.papers === 1 ? '1 paper' : `${needs.papers} papers`
  lines.push(`(${papers}; languages: ${needs.langs.join(', ') || 'none'}; press edition: ${needs.press ? 'yes' : 'no'})`)
  const missing = report.items.filter((item) => item.required && !item.ok)
  if (missing.length === 0) lines.push('The build can run.')
  else {
    const packages = [...new Set(missing.flatMap((item) => (item.package && item.fix?.includes(item.package) ? [item.package] : [])))]
    lines.push(`${missing.length} missing: the build cannot run.${packages.length > 0 ? ` Fix them all: ${installCommand(packages)} (or offprint doctor --install)` : ''}`)
  }
  return lines
}

function why(item: DoctorItem): string {
  const font = fonts.find((each) => each.id === item.id)
  if (font?.langs) return `only for papers in ${font.langs.join(', ')}`
  if (item.id === ghostscript.id) return 'only for a press edition, print.pdfx; --for press'
  return 'only to validate EPUBs; --for epubcheck'
}
