import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {launchBrowser, type OwnedBrowser} from '@offprint/render-pdf'

// MuPDF prints what it notices in a PDF to stderr ("warning: …"), from its
// WebAssembly, past any console spy: only a child process's stderr shows it.
let folder: string
let damaged: string
beforeAll(async () => {
  const owned: OwnedBrowser = await launchBrowser()
  try {
    const page = await owned.browser.newPage()
    await page.setContent('<!doctype html><html lang="en"><head><title>Log</title></head><body><h1>Log</h1><p>One page.</p></body></html>')
    const printed = await page.pdf({tagged: true, outline: true})
    await page.close()
    folder = mkdtempSync(join(tmpdir(), 'offprint-mupdf-log-'))
    damaged = join(folder, 'damaged.pdf')
    // Without its cross-reference table and trailer, MuPDF repairs the file, and says so.
    const text = Buffer.from(printed).toString('latin1')
    writeFileSync(damaged, Buffer.from(text.slice(0, text.lastIndexOf('xref')), 'latin1'))
  } finally {
    await owned.close()
  }
}, 60_000)
afterAll(() => {
  if (folder) rmSync(folder, {recursive: true, force: true})
})

function run(script: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script, damaged], {encoding: 'utf8', cwd: join(import.meta.dirname, '..')})
}

describe('MuPDF’s log', () => {
  it('is printed raw by MuPDF itself when nothing routes it (the damage is noticed)', () => {
    const result = run("import * as mupdf from 'mupdf'; import {readFileSync} from 'node:fs'; new mupdf.PDFDocument(readFileSync(process.argv[1])).destroy()")
    expect(result.stderr).toMatch(/^warning: /m)
  })

  it('never reaches stderr while finishPdf works on the file', () => {
    const result = run("import {finishPdf} from '@offprint/render-pdf'; import {readFileSync} from 'node:fs'; console.log(finishPdf(readFileSync(process.argv[1]), {}).length)")
    expect(result.status, result.stderr).toBe(0)
    expect(Number(result.stdout)).toBeGreaterThan(1000)
    expect(result.stderr).not.toMatch(/warning|error/i)
  })

  it('never reaches stderr while the pages’ text is read', () => {
    const result = run(
      "import {locatePageStarts} from '@offprint/render-pdf'; import {readFileSync} from 'node:fs'; console.log(locatePageStarts(readFileSync(process.argv[1]), {text: 'logonepage', anchors: []}).length)"
    )
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout.trim()).toBe('1')
    expect(result.stderr).not.toMatch(/warning|error/i)
  })
})
