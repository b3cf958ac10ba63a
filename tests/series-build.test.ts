import {spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

describe('a series with one broken paper', () => {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-series-'))
  const papers = join(folder, 'papers')
  const out = join(folder, 'dist')
  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(papers, name)), {recursive: true})
    writeFileSync(join(papers, name), text)
  }
  mkdirSync(papers, {recursive: true})
  copyFileSync('papers/short-brief.md', join(papers, 'short-brief.md'))
  write('broken.md', '---\ntitle: Broken\ndate: 28/03/2025\n---\n\n## Start\n\nA claim.[^nowhere]\n')
  write('figure/index.md', '---\ntitle: With a figure\n---\n\nSee the chart.\n\n![A chart](chart.svg)\n\nAnd ![outside](../../secret.svg).\n')
  writeFileSync(join(papers, 'figure', 'chart.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#1f4e79"/></svg>')
  writeFileSync(join(folder, 'secret.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')

  const result = spawnSync(process.execPath, [cli, 'build', 'papers'], {cwd: folder, encoding: 'utf8'})

  it('builds the good papers, skips the broken ones and exits 1', () => {
    expect(result.status).toBe(1)
    expect(existsSync(join(out, 'short-brief.pdf'))).toBe(true)
    expect(existsSync(join(out, 'short-brief.epub'))).toBe(true)
    expect(existsSync(join(out, 'broken.pdf'))).toBe(false)
    expect(existsSync(join(out, 'figure.pdf'))).toBe(false)
    expect(result.stdout).toContain('1 built, 2 failed')
  })

  it('names each problem with file:line:column and its rule', () => {
    expect(result.stderr).toContain('papers/broken.md:3:1: error: Unexpected `28/03/2025` for `date`')
    expect(result.stderr).toContain('papers/broken.md:8:9: error: Unexpected reference to undefined note `[^nowhere]`')
    expect(result.stderr).toMatch(/papers\/figure\/index\.md:9:5: error: Unexpected image `\.\.\/\.\.\/secret\.svg` outside the paper’s folder.*\[image-outside\]/)
  })

  it('leaves no staging or partial file in or beside the output folder', () => {
    expect(readdirSync(out).sort()).toEqual([
      'feed.xml',
      'index.html',
      'opds.xml',
      'short-brief-cover.jpg',
      'short-brief.bib',
      'short-brief.epub',
      'short-brief.html',
      'short-brief.json',
      'short-brief.pdf',
      'short-brief.ris',
      'sitemap.xml'
    ])
    expect(readdirSync(folder).filter((name) => name.includes('staging'))).toEqual([])
  })

  it('packs a paper’s own image into every output once the paper is fixed', () => {
    write('figure/index.md', '---\ntitle: With a figure\n---\n\nSee the chart.\n\n![A chart](chart.svg)\n')
    const before = readFileSync(join(out, 'short-brief.pdf'))
    const again = spawnSync(process.execPath, [cli, 'build', 'papers/figure'], {cwd: folder, encoding: 'utf8'})
    expect(again.status).toBe(0)
    expect(readFileSync(join(out, 'figure.html'), 'utf8')).toContain('src="data:image/svg+xml;base64,')
    expect(existsSync(join(out, 'figure.epub'))).toBe(true)
    // Building one paper leaves the others' artifacts untouched.
    expect(readFileSync(join(out, 'short-brief.pdf')).equals(before)).toBe(true)
  })
})
