import {spawn, spawnSync} from 'node:child_process'
import {createServer, type Server} from 'node:http'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import JSZip from 'jszip'
import {deflateSync} from 'node:zlib'
import {makePng} from '../apps/build/test/helpers/png.js'
import {epubcheck} from './helpers/tools.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

describe('a hostile paper', () => {
  let server: Server
  let requests = 0
  let port = 0
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests++
      response.end('x')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('reaches nothing, runs nothing, and builds with warnings', () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-hostile-'))
    const base = `http://127.0.0.1:${port}`
    writeFileSync(
      join(folder, 'hostile.md'),
      [
        '---',
        'title: Hostile',
        '---',
        '',
        'Text before.',
        '',
        `<script>fetch("${base}/script")</script>`,
        '',
        `<img src="${base}/img.png" alt="tracker">`,
        '',
        `<link rel="stylesheet" href="${base}/style.css">`,
        '',
        `<iframe src="${base}/frame"></iframe>`,
        '',
        `<div style="background: url(${base}/bg.png)">styled</div>`,
        '',
        `<style>@import url("${base}/import.css"); body { background: url(${base}/body.png) }</style>`,
        '',
        `<object data="${base}/object"></object><video src="${base}/video" poster="${base}/poster.png"></video>`,
        '',
        'Text after.',
        ''
      ].join('\n')
    )
    const result = spawnSync(process.execPath, [cli, 'build', '--no-cache', '--out', join(folder, 'dist'), join(folder, 'hostile.md')], {encoding: 'utf8'})
    expect(result.status, result.stderr).toBe(0)
    expect(requests).toBe(0)
    expect(result.stderr).toMatch(/hostile\.md:7:1: warning: Unexpected raw HTML `<script>`.*this element is removed.*\[html-raw\]/)
    expect(result.stderr).toMatch(/hostile\.md:13:1: warning: Unexpected raw HTML `<iframe>`/)
    const html = readFileSync(join(folder, 'dist', 'hostile.html'), 'utf8')
    // The frame is now a link to its source (a link is followed by a reader, never fetched): nothing else names the server.
    expect(html).toContain(`<a href="${base}/frame">${base}/frame</a>`)
    const withoutLink = html.replace(`<a href="${base}/frame">${base}/frame</a>`, '')
    for (const forbidden of ['<script>fetch', '<iframe', '<link rel="stylesheet"', '@import', '127.0.0.1', 'style="background']) expect(withoutLink).not.toContain(forbidden)
    expect(html).toContain('content="default-src &#x27;none&#x27;')
    expect(existsSync(join(folder, 'dist', 'hostile.pdf'))).toBe(true)
  })

  it('refuses images and bibliographies outside its folder, also through a symlink', () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-paths-'))
    mkdirSync(join(folder, 'papers', 'p'), {recursive: true})
    writeFileSync(join(folder, 'secret.png'), 'not for papers')
    symlinkSync(join(folder, 'secret.png'), join(folder, 'papers', 'p', 'link.png'))
    writeFileSync(
      join(folder, 'papers', 'p', 'index.md'),
      '---\ntitle: Paths\nbibliography: ../../refs.bib\n---\n\n![passwd](../../../../../../etc/passwd)\n\n![linked](link.png)\n'
    )
    const result = spawnSync(process.execPath, [cli, 'check', 'papers'], {cwd: folder, encoding: 'utf8'})
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/papers\/p\/index\.md:6:1: error: Unexpected image `\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd` outside the paper’s folder.*\[image-outside\]/)
    expect(result.stderr).toMatch(/papers\/p\/index\.md:8:1: error: Unexpected image `link\.png` outside the paper’s folder.*\[image-outside\]/)
    expect(result.stderr).toMatch(/papers\/p\/index\.md:3:1: error: Unexpected bibliography `\.\.\/\.\.\/refs\.bib` outside the paper’s folder.*\[bibliography-missing\]/)
  })

  it('refuses nesting deep enough to exhaust the renderer, with its position', () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-deep-'))
    writeFileSync(join(folder, 'deep.md'), '---\ntitle: Deep\n---\n\n' + '>'.repeat(3000) + ' text\n')
    const result = spawnSync(process.execPath, [cli, 'build', '--no-cache', '--out', join(folder, 'dist'), join(folder, 'deep.md')], {encoding: 'utf8'})
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/deep\.md:5:\d+: error: Unexpected nesting 49 levels deep, expected at most 48.*\[input-too-deep\]/)
  })
})

describe('hostile figures and files', () => {
  it('sanitizes an SVG figure (valid EPUB), refuses fake, broken and huge pictures and outside files, and no outside text reaches any artifact', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-figures-'))
    const papers = join(root, 'papers')
    mkdirSync(join(papers, 'svg'), {recursive: true})
    mkdirSync(join(root, 'outside'))
    writeFileSync(join(root, 'outside', 'style.csl'), '<style>SECRET-OUTSIDE-CSL</style>')
    writeFileSync(join(root, 'outside', 'refs.bib'), '@book{k, title={SECRET-OUTSIDE-BIB}, author={X}, year={2000}}')
    writeFileSync(
      join(papers, 'svg', 'figure.svg'),
      '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 40 20" width="400" height="200" onload="alert(1)">' +
        '<script>alert(2)</script><image xlink:href="http://127.0.0.1:9/x.png" width="4" height="4"/><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">SECRET-FOREIGN</p></foreignObject>' +
        '<rect width="40" height="20" fill="teal"/><text x="2" y="12">&xxe;Drawn</text></svg>\n'
    )
    writeFileSync(join(papers, 'svg', 'index.md'), '---\ntitle: Figures\n---\n\nText.\n\n![A teal box](figure.svg "Figure 1. A box")\n')
    writeFileSync(join(papers, 'fake.png'), 'just text, named like a picture\n')
    writeFileSync(join(papers, 'cut.png'), makePng(64, 64).subarray(0, 60))
    writeFileSync(join(papers, 'huge.png'), makePng(20000, 20000, deflateSync(Buffer.alloc(1024))))
    writeFileSync(join(papers, 'pictures.md'), '---\ntitle: Pictures\n---\n\nText.\n\n![fake](fake.png)\n\n![cut](cut.png)\n\n![huge](huge.png)\n')
    symlinkSync(join(root, 'outside', 'style.csl'), join(papers, 'style.csl'))
    symlinkSync(join(root, 'outside', 'refs.bib'), join(papers, 'refs.bib'))
    writeFileSync(join(papers, 'linked.md'), '---\ntitle: Linked\nbibliography: refs.bib\ncsl: style.csl\n---\n\nText [@k].\n')
    writeFileSync(join(papers, 'climbing.md'), '---\ntitle: Climbing\ncsl: ../outside/style.csl\n---\n\nText.\n')
    const result = spawnSync(process.execPath, [cli, 'build', '--no-cache', '--out', join(root, 'dist'), 'papers'], {cwd: root, encoding: 'utf8'})
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/papers\/svg\/index\.md:7:1: warning: Unexpected .*<script>.* in SVG `figure\.svg`, expected a picture without script or outside references \(removed\) \[image-svg-unsafe\]/)
    expect(result.stderr).toContain('papers/pictures.md:7:1: error: Unexpected data that is no known image format in image `fake.png`, expected a PNG, JPEG, GIF, SVG or WebP picture [image-type]')
    expect(result.stderr).toMatch(/papers\/pictures\.md:9:1: error: Unexpected a PNG cut short .* in image `cut\.png`, expected a picture that decodes \[image-corrupt\]/)
    expect(result.stderr).toContain('papers/pictures.md:11:1: error: Unexpected image `huge.png` of 20000 × 20000 pixels, expected at most 50 megapixels (scale it down to print resolution) [image-too-large]')
    expect(result.stderr).toContain('papers/linked.md:3:1: error: Unexpected bibliography `refs.bib` outside the paper’s folder')
    expect(result.stderr).toContain('papers/linked.md:4:1: error: Unexpected CSL style `style.csl` outside the paper’s folder')
    expect(result.stderr).toContain('papers/climbing.md:3:1: error: Unexpected CSL style `../outside/style.csl` outside the paper’s folder')
    expect(readdirSync(join(root, 'dist')).filter((name) => /\.(pdf|epub|html)$/.test(name)).sort()).toEqual(['index.html', 'svg.epub', 'svg.html', 'svg.pdf'])
    // Nothing of the outside files, the SVG's script or its remote reference in any artifact, zipped or not.
    const epub = await JSZip.loadAsync(readFileSync(join(root, 'dist', 'svg.epub')))
    const texts = [readFileSync(join(root, 'dist', 'svg.html'), 'utf8'), readFileSync(join(root, 'dist', 'index.html'), 'utf8'), readFileSync(join(root, 'dist', 'svg.pdf'), 'latin1')]
    for (const entry of Object.values(epub.files)) if (!entry.dir) texts.push(await entry.async('string'))
    const svg = await Object.values(epub.files).find((entry) => entry.name.endsWith('.svg'))!.async('string')
    expect(svg).toContain('fill="teal"')
    for (const text of texts) for (const forbidden of ['SECRET', 'alert(', '127.0.0.1', 'ENTITY', 'foreignObject']) expect(text).not.toContain(forbidden)
    const report = await epubcheck(join(root, 'dist', 'svg.epub'))
    expect(report.messages.map((m) => `${m.ID} ${m.message}`)).toEqual([])
    expect(report.checker).toMatchObject({nFatal: 0, nError: 0, nWarning: 0})
  })
})

describe('a build killed half-way', () => {
  it('leaves every earlier artifact whole and no partial file in the output folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-kill-'))
    mkdirSync(join(folder, 'papers'))
    for (let index = 1; index <= 8; index++) cpSync('papers/grid-storage-procurement.md', join(folder, 'papers', `paper-${index}.md`))
    const first = spawnSync(process.execPath, [cli, 'build', '--no-cache', 'papers'], {cwd: folder, encoding: 'utf8'})
    expect(first.status, first.stderr).toBe(0)
    // Change every paper, rebuild, and kill the build as soon as it has replaced one artifact.
    for (let index = 1; index <= 8; index++) writeFileSync(join(folder, 'papers', `paper-${index}.md`), readFileSync('papers/grid-storage-procurement.md', 'utf8').replace('Buying Flexibility', `Revised ${index}`))
    const before = new Map(readdirSync(join(folder, 'dist')).map((name) => [name, readFileSync(join(folder, 'dist', name))]))
    const orphansBefore = orphanBrowsers()
    const child = spawn(process.execPath, [cli, 'build', '--no-cache', '-j', '1', 'papers'], {cwd: folder, stdio: 'ignore'})
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const changed = readdirSync(join(folder, 'dist')).some((name) => before.has(name) && !readFileSync(join(folder, 'dist', name)).equals(before.get(name)!))
        if (changed) {
          child.kill('SIGKILL')
          clearInterval(poll)
          resolve()
        }
      }, 20)
    })
    await new Promise((resolve) => child.on('exit', resolve))
    // Its Chromium dies with it (DevTools over a pipe), leaving no orphan behind.
    for (let wait = 0; wait < 50 && orphanBrowsers().some((pid) => !orphansBefore.includes(pid)); wait++) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(orphanBrowsers().filter((pid) => !orphansBefore.includes(pid))).toEqual([])
    expect(readdirSync(join(folder, 'dist')).sort()).toEqual([...before.keys()].sort())
    for (const name of readdirSync(join(folder, 'dist'))) {
      const data = readFileSync(join(folder, 'dist', name))
      if (name.endsWith('.pdf')) expect(data.subarray(-8).toString('latin1'), name).toMatch(/%%EOF\s*$/)
      if (name.endsWith('.epub')) await expect(JSZip.loadAsync(data), name).resolves.toBeDefined()
      if (name.endsWith('.html')) expect(data.toString('utf8').trimEnd(), name).toMatch(/<\/html>$/)
    }
    // The next build cleans up what the killed one left beside the folder.
    spawnSync(process.execPath, [cli, 'build', 'papers/paper-1.md'], {cwd: folder})
    expect(readdirSync(folder).filter((name) => name.includes('staging'))).toEqual([])
  })
})

/** Chromium processes of Offprint's whose parent is gone (adopted by init). */
function orphanBrowsers(): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1])
      if (command.includes('offprint-chromium-') && parent === 1) pids.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}
