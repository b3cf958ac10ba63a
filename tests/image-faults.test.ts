import {spawn, execFileSync} from 'node:child_process'
import {closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, symlinkSync, unlinkSync, writeFileSync, ftruncateSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {deflateSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {makePng} from '../apps/build/test/helpers/png.js'
import {epubcheck} from './helpers/tools.js'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

function offprint(args: string[], cwd: string): Promise<{status: number | null; stdout: string; stderr: string; ms: number}> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {cwd})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (status) => resolve({status, stdout, stderr, ms: Date.now() - started}))
  })
}

/** A sparse file of `bytes` (no disk used), named like a picture. */
function sparse(path: string, bytes: number): void {
  const fd = openSync(path, 'w')
  ftruncateSync(fd, bytes)
  closeSync(fd)
}

const paper = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`

describe('image files that are not pictures, or too large to read', () => {
  it('refuses a folder, a FIFO, 1.9 GB and 3 GB sparse files by stat, at each image; the other paper builds and the process exits', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-image-faults-'))
    const papers = join(root, 'papers')
    mkdirSync(join(papers, 'folder.png'), {recursive: true})
    execFileSync('mkfifo', [join(papers, 'fig.png')])
    sparse(join(papers, 'big.png'), 1.9e9)
    sparse(join(papers, 'huge.png'), 3e9)
    writeFileSync(join(papers, 'faults.md'), paper('Faults', 'Text.\n\n![a folder](folder.png)\n\n![a FIFO](fig.png)\n\n![big](big.png)\n\n![huge](huge.png)'))
    writeFileSync(join(papers, 'good.md'), paper('Good', 'A good paper beside it.'))
    const result = await offprint(['build', '--no-cache', '--out', 'dist', 'papers'], root)
    expect(result.status).toBe(1)
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('papers/faults.md'))
    expect(errors).toEqual([
      'papers/faults.md:7:1: error: Unexpected image `folder.png` that is a folder, expected a picture file [image-not-file]',
      'papers/faults.md:9:1: error: Unexpected image `fig.png` that is a special file (a FIFO, socket or device), expected a picture file [image-not-file]',
      'papers/faults.md:11:1: error: Unexpected image `big.png` of 1.9 GB, over the 50.0 MB limit, expected a smaller picture file [image-too-large]',
      'papers/faults.md:13:1: error: Unexpected image `huge.png` of 3.0 GB, over the 50.0 MB limit, expected a smaller picture file [image-too-large]'
    ])
    expect(result.stderr).not.toMatch(/internal error|EISDIR|ERR_FS_FILE_TOO_LARGE|at .*\.js:\d+/)
    expect(readdirSync(join(root, 'dist')).filter((name) => /\.(pdf|epub|html)$/.test(name)).sort()).toEqual(['good.epub', 'good.html', 'good.pdf', 'index.html'])
  })
})

describe('raw HTML data: images and awkward alt text', () => {
  it('gives raw HTML <img src="data:…"> the image checks: a pixel bomb and text labelled image/png are refused at the tag', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-raw-images-'))
    const bomb = makePng(25000, 25000, deflateSync(Buffer.alloc(1024))).toString('base64')
    const text = Buffer.from('not a picture at all').toString('base64')
    writeFileSync(join(root, 'raw.md'), paper('Raw', `Text.\n\n<img src="data:image/png;base64,${bomb}" alt="bomb">\n\nMore <img alt="text" src="data:image/png;base64,${text}"> text.`))
    const result = await offprint(['check', 'raw.md'], root)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('raw.md:7:1: error: Unexpected image data: URI of 25000 × 25000 pixels, expected at most 50 megapixels (scale it down to print resolution) [image-too-large]')
    expect(result.stderr).toContain('raw.md:9:6: error: Unexpected data that is no known image format in image data: URI, expected a PNG, JPEG, GIF, SVG or WebP picture [image-type]')
  })

  it('ships a good raw HTML data: picture, and an image whose alt text has > % & " < gives a valid EPUB', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-alt-'))
    const png = makePng(40, 20).toString('base64')
    writeFileSync(join(root, 'alt.md'), paper('Alt', `Text.\n\n![Growth > 5% & "more" <soon>](data:image/png;base64,${png})\n\n<img src="data:image/png;base64,${png}" alt="Raw > 5%">`))
    const result = await offprint(['build', '--no-cache', '--out', 'dist', 'alt.md'], root)
    expect(result.stderr).not.toMatch(/error/)
    expect(result.status).toBe(0)
    const report = await epubcheck(join(root, 'dist', 'alt.epub'))
    expect(report.messages.map((m) => `${m.ID}: ${m.message}`)).toEqual([])
    expect(report.checker.nError + report.checker.nFatal + report.checker.nWarning).toBe(0)
    const html = readFileSync(join(root, 'dist', 'alt.html'), 'utf8')
    expect(html).toContain('alt="Growth > 5% &#x26; &#x22;more&#x22; <soon>"')
    expect(html.match(/src="data:image\/png;base64,/g)).toHaveLength(2)
  }, 300_000)
})

describe('the cache key of a symlinked image', () => {
  it('renders the paper again when the symlink is retargeted, though the old target is unchanged', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offprint-retarget-'))
    writeFileSync(join(root, 'a.png'), makePng(10, 10))
    writeFileSync(join(root, 'b.png'), makePng(12, 10))
    symlinkSync('a.png', join(root, 'fig.png'))
    writeFileSync(join(root, 'linked.md'), paper('Linked', 'Text.\n\n![fig](fig.png)'))
    const build = async () => {
      const result = await offprint(['build', '--json', '--to', 'html', '--out', 'dist', 'linked.md'], root)
      return (JSON.parse(result.stdout) as {papers: Array<{cache: string}>}).papers[0]!.cache
    }
    expect(await build()).toBe('rendered')
    expect(await build()).toBe('hit')
    unlinkSync(join(root, 'fig.png'))
    symlinkSync('b.png', join(root, 'fig.png'))
    expect(await build()).toBe('rendered')
    expect(readFileSync(join(root, 'dist', 'linked.html'), 'utf8')).toContain(makePng(12, 10).toString('base64'))
  }, 300_000)
})
