import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {findPapers, openUrl, previewUrl, startDev, type DevServer} from '@offprint/build'

const paper = (title: string, text: string) => `---\ntitle: ${title}\n---\n\n${text}\n`

/** The text of a PDF, as pdftotext reads it. */
function pdfText(data: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'offprint-dev-pdf-')), 'preview.pdf')
  writeFileSync(path, data)
  return execFileSync('pdftotext', ['-layout', path, '-'], {encoding: 'utf8'})
}

/** Resolves when the server has rebuilt `slug`; rejects after 20 s. */
function rebuilt(dev: DevServer, slug: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no rebuild of ${slug} within 20 s`)), 20_000)
    const stop = dev.onRebuild((event) => {
      if (event.slug !== slug) return
      clearTimeout(timer)
      stop()
      resolve()
    })
  })
}

describe('offprint dev: the printed PDF beside the HTML', () => {
  let dev: DevServer | undefined
  afterEach(async () => {
    await dev?.close()
    dev = undefined
  })

  it('serves the exact print of `offprint build`, refreshed on save, and a page showing both', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-dev-print-'))
    const file = join(folder, 'first.md')
    writeFileSync(file, paper('Greener Grids', 'The original wording, printed.'))
    dev = await startDev(findPapers(folder), {port: 0})

    const response = await fetch(dev.url + 'first/print.pdf')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    const pdf = new Uint8Array(await response.arrayBuffer())
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    // What the build prints, page for page.
    const built = spawnSync(process.execPath, [resolve('apps/build/dist/cli.js'), 'build', '--no-cache', '-o', join(folder, 'out', 'first.pdf'), file], {encoding: 'utf8', env: {...process.env, CI: 'true'}})
    expect(built.status, built.stderr).toBe(0)
    expect(pdfText(pdf)).toBe(pdfText(readFileSync(join(folder, 'out', 'first.pdf'))))
    expect(pdfText(pdf)).toContain('The original wording, printed.')

    const side = await (await fetch(dev.url + 'first/side-by-side')).text()
    expect(side).toContain('<iframe src="./" title="Greener Grids: HTML">')
    expect(side).toContain('<iframe src="./print.pdf" title="Greener Grids: PDF">')
    expect(side).toMatch(/content="default-src 'none';[^"]*frame-src 'self';[^"]*script-src 'sha256-/)
    expect(await (await fetch(dev.url)).text()).toContain('<a href="/first/print.pdf">PDF</a>')

    const saved = rebuilt(dev, 'first')
    writeFileSync(file, paper('Greener Grids', 'The revised wording, printed.'))
    await saved
    const revised = pdfText(new Uint8Array(await (await fetch(dev.url + 'first/print.pdf')).arrayBuffer()))
    expect(revised).toContain('The revised wording, printed.')
    expect(revised).not.toContain('original')

    // A paper with errors has no print: the PDF frame shows its problems.
    const broken = rebuilt(dev, 'first')
    writeFileSync(file, paper('Greener Grids', 'Text [^missing].'))
    await broken
    const problems = await fetch(dev.url + 'first/print.pdf')
    expect(problems.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await problems.text()).toMatch(/first\.md:5:6: error: Unexpected reference to undefined note/)
  }, 120_000)
})

describe('dev --open', () => {
  it('opens the one paper side by side, or the list of several', () => {
    const one = findPapers(mkdtempSync(join(tmpdir(), 'x-'))).concat([{path: '/p/a b.md', slug: 'a b', folder: '/p'}])
    expect(previewUrl('http://127.0.0.1:1/', one)).toBe('http://127.0.0.1:1/a%20b/side-by-side')
    expect(previewUrl('http://127.0.0.1:1/', [...one, {path: '/p/c.md', slug: 'c', folder: '/p'}])).toBe('http://127.0.0.1:1/')
  })

  it('runs xdg-open with the URL when there is one, and reports false (never throws) when there is none', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'offprint-bin-'))
    const seen = join(bin, 'seen.txt')
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${seen}.part' && /bin/mv '${seen}.part' '${seen}'\n`)
    chmodSync(join(bin, 'xdg-open'), 0o755)
    const path = process.env.PATH
    try {
      process.env.PATH = bin
      expect(await openUrl('http://127.0.0.1:4321/a/side-by-side')).toBe(true)
      for (let tries = 0; tries < 100 && !existsSync(seen); tries++) await new Promise((done) => setTimeout(done, 50))
      expect(readFileSync(seen, 'utf8')).toBe('http://127.0.0.1:4321/a/side-by-side')
      process.env.PATH = mkdtempSync(join(tmpdir(), 'offprint-empty-'))
      expect(await openUrl('http://127.0.0.1:4321/')).toBe(false)
    } finally {
      process.env.PATH = path
    }
  }, 30_000)
})
