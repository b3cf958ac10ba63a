import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

// Start-up is paid on every save (`check` in an editor) and every push: the
// commands that need no browser must not load one's driver (puppeteer-core),
// MuPDF's WebAssembly or the citation, schema and catalog machinery (#31).
// Each run logs every module it resolves, through a module hook.
const here = fileURLToPath(new URL('.', import.meta.url))
const cli = resolve(here, '../dist/cli.js')
const register = join(here, 'fixtures/module-log/register.mjs')

function modulesOf(args: string[], cwd: string): {status: number | null; stdout: string; stderr: string; modules: string[]} {
  const log = join(mkdtempSync(join(tmpdir(), 'offprint-modules-')), 'modules.txt')
  writeFileSync(log, '')
  const result = spawnSync(process.execPath, ['--import', register, cli, ...args], {cwd, encoding: 'utf8', env: {...process.env, OFFPRINT_MODULE_LOG: log}, timeout: 60_000})
  return {status: result.status, stdout: result.stdout, stderr: result.stderr, modules: [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))]}
}

const loaded = (modules: string[], name: string) => modules.filter((url) => url.includes(`/node_modules/${name}/`))

function paper(): string {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-startup-'))
  writeFileSync(join(folder, 'brief.md'), '---\ntitle: A brief\nauthors: [Ann Author]\ndate: 2026-01-05\n---\n\nA paragraph with a note.[^1]\n\n[^1]: The note.\n')
  return folder
}

describe.skipIf(!existsSync(cli))('the CLI loads only what a command needs', () => {
  it('--version and --help load the argument parser, not the pipeline', () => {
    for (const flag of ['--version', '--help']) {
      const run = modulesOf([flag], tmpdir())
      expect(run.status).toBe(0)
      expect(run.stdout.length).toBeGreaterThan(0)
      // The hook works: the CLI itself and its argument parser are in the log.
      expect(run.modules.some((url) => url.endsWith('/dist/cli.js'))).toBe(true)
      expect(loaded(run.modules, 'commander').length).toBeGreaterThan(0)
      for (const name of ['puppeteer-core', 'mupdf', 'zod', 'yaml', 'unified', '@citation-js/core', 'temml', 'hyphen', 'jszip']) expect(loaded(run.modules, name), name).toEqual([])
      // ~35 modules today, ~280 before #31: a static import of the pipeline would bring hundreds back.
      expect(run.modules.length).toBeLessThan(100)
    }
  })

  it('check and an HTML-only build load neither puppeteer-core nor MuPDF', () => {
    const folder = paper()
    const check = modulesOf(['check', 'brief.md'], folder)
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
    // The paper was really parsed (in the worker): the markdown parser is in the log.
    expect(loaded(check.modules, 'micromark').length).toBeGreaterThan(0)
    const html = modulesOf(['build', 'brief.md', '--to', 'html', '--no-cache', '--out', 'out'], folder)
    expect(html.status).toBe(0)
    expect(readFileSync(join(folder, 'out/brief.html'), 'utf8')).toContain('A paragraph with a note.')
    for (const run of [check, html]) for (const name of ['puppeteer-core', 'mupdf', 'jszip']) expect(loaded(run.modules, name), name).toEqual([])
    // Two CLI runs through a module hook, each with a worker: slow on a busy machine.
  }, 120_000)
})
