import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import type {DoctorReport} from '../src/commands/doctor.js'

// Each run starts Chromium once (headless, then closed): seconds on a busy machine.
vi.setConfig({testTimeout: 90_000})

const cli = resolve('apps/build/dist/cli.js')

function series(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-doctor-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), {recursive: true})
    writeFileSync(join(folder, name), text)
  }
  return folder
}

function doctor(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PUPPETEER_')))
  return spawnSync(process.execPath, [cli, 'doctor', ...args], {cwd, encoding: 'utf8', env: {...base, CI: 'true', ...env}})
}

/** A fontconfig that knows no font at all. */
function bareFonts(): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-no-fonts-'))
  mkdirSync(join(folder, 'fonts'))
  const file = join(folder, 'fonts.conf')
  writeFileSync(file, `<?xml version="1.0"?>\n<fontconfig><dir>${folder}/fonts</dir><cachedir>${folder}/cache</cachedir></fontconfig>\n`)
  return file
}

const paper = (front: string) => `---\ntitle: T\n${front}---\n\nText.\n`

describe('offprint doctor', () => {
  it('on this machine: one ✓ line per item, Chromium with the version it reported, exit 0', () => {
    const folder = series({'papers/a.md': paper('')})
    const result = doctor([], folder)
    expect(result.status, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^✓ Chromium: \S*Chrom\S*\/\d+\.\d+\S* \(\/\S+\), started headless$/m)
    expect(result.stdout).toMatch(/^✓ EB Garamond 12 \(TrueType, body text\): found by fc-list$/m)
    expect(result.stdout).toMatch(/^✓ DejaVu Math TeX Gyre \(TrueType, math\)/m)
    expect(result.stdout).toContain('(1 paper; languages: en; press edition: no)')
    expect(result.stdout).toMatch(/The build can run\.\n$/)
  })

  it('--json: the report alone on stdout; fonts by the papers’ languages and Ghostscript for print.pdfx are required', () => {
    const folder = series({
      'papers/series.yaml': 'lang: ja\n',
      'papers/a.md': paper(''),
      'papers/b/index.md': paper('lang: zh-Hant\nprint: {pdfx: X-4, icc: press.icc}\n')
    })
    const result = doctor(['--json', '--for', 'epubcheck'], folder)
    expect(result.status, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as DoctorReport
    expect(report).toMatchObject({ok: true, langs: ['ja', 'zh'], press: true})
    const required = Object.fromEntries(report.items.map((item) => [item.id, item.required]))
    expect(required).toMatchObject({chromium: true, 'eb-garamond': true, ipaex: true, 'ar-pl-uming': true, 'wqy-zenhei': true, nanum: false, ghostscript: true, java: true, epubcheck: true})
    expect(result.stderr).toContain('The build can run.')
  })

  it('names each missing TrueType font and the apt-get line that brings it (FONTCONFIG_FILE with no fonts), exit 1', () => {
    const folder = series({'papers/a.md': paper('lang: ko\n')})
    const result = doctor([], folder, {FONTCONFIG_FILE: bareFonts()})
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('✗ EB Garamond 12 (TrueType, body text): missing (Debian package fonts-ebgaramond-extra)\n    fix: sudo apt-get install -y fonts-ebgaramond-extra\n')
    expect(result.stdout).toContain('✗ NanumMyeongjo and NanumGothic (TrueType, Korean): missing (Debian package fonts-nanum)\n    fix: sudo apt-get install -y fonts-nanum\n')
    // Japanese is not asked for by any paper: listed, but not a failure.
    expect(result.stdout).toMatch(/^- IPAexMincho and IPAexGothic \(TrueType, Japanese\): not installed; not needed here \(only for papers in ja\)$/m)
    expect(result.stdout).toMatch(/^✓ Chromium/m)
    expect(result.stdout).toMatch(/missing: the build cannot run\. Fix them all: sudo apt-get install -y fonts-ebgaramond-extra fonts-noto-core fonts-dejavu-extra fonts-nanum fonts-noto-cjk \(or offprint doctor --install\)\n$/)
  })

  it('names a PUPPETEER_EXECUTABLE_PATH that does not exist, or a browser that does not start, with the fix', () => {
    const folder = series({'papers/a.md': paper('')})
    const missing = doctor([], folder, {PUPPETEER_EXECUTABLE_PATH: '/nowhere/chrome'})
    expect(missing.status).toBe(1)
    expect(missing.stdout).toContain(
      '✗ Chromium: PUPPETEER_EXECUTABLE_PATH names /nowhere/chrome, which does not exist\n    fix: unset PUPPETEER_EXECUTABLE_PATH, or point it at a Chromium (sudo apt-get install -y chromium)\n'
    )
    const broken = doctor(['--json'], folder, {PUPPETEER_EXECUTABLE_PATH: '/bin/false'})
    expect(broken.status).toBe(1)
    const report = JSON.parse(broken.stdout) as DoctorReport
    expect(report.ok).toBe(false)
    expect(report.items[0]).toMatchObject({id: 'chromium', ok: false, required: true, detail: expect.stringMatching(/^\/bin\/false does not start headless: /)})
  })

  it('with no fontconfig on the PATH says so; --install with no apt-get prints the command to run with sudo', () => {
    const folder = series({'papers/a.md': paper('')})
    const bin = mkdtempSync(join(tmpdir(), 'offprint-bare-path-'))
    symlinkSync(process.execPath, join(bin, 'node'))
    const result = doctor(['--install'], folder, {PATH: bin})
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('✗ fontconfig (fc-list): missing (Debian package fontconfig)\n    fix: sudo apt-get install -y fontconfig\n')
    expect(result.stdout).toMatch(/^✗ EB Garamond 12 \(TrueType, body text\): unknown: fc-list is missing \(sudo apt-get install -y fontconfig\)$/m)
    expect(result.stderr).toMatch(/cannot run apt-get here \(not root, no password-less sudo, or no apt-get\); run:\n\n {2}sudo apt-get install -y \S*fontconfig fonts-ebgaramond-extra/)
  })

  it('refuses --for with anything but epubcheck or press (exit 2)', () => {
    const result = doctor(['--for', 'pdf'], series({}))
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('--for takes epubcheck or press (comma-separated), not `pdf`')
  })
})
