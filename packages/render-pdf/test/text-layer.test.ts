import {execFileSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite/notes'
import {renderPaper, themeCss, toDocument} from '@offprint/render-html'
import {launchBrowser, renderPdf, type OwnedBrowser} from '@offprint/render-pdf'

let owned: OwnedBrowser | undefined
const out = mkdtempSync(join(tmpdir(), 'offprint-text-layer-'))
beforeAll(async () => {
  owned = await launchBrowser()
})
afterAll(async () => {
  await owned?.close()
})

async function print(name: string, markdown: string): Promise<string> {
  const paper = numberNotes(parsePaper(new VFile({path: `${name}.md`, value: markdown})))
  const html = toDocument(renderPaper(paper), {css: themeCss('print')})
  const path = join(out, `${name}.pdf`)
  writeFileSync(path, await renderPdf(owned!.browser, html))
  return path
}

const text = (path: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], {encoding: 'utf8'})

describe('the PDF’s text layer', () => {
  it('has soft hyphens only where a line breaks, so words stay whole', async () => {
    const sentence = 'Quantitative computational stylometry characterizes authorship through extraordinarily sophisticated measurements. '
    const path = await print('hyphens', `---\ntitle: Hyphens\nlang: en\n---\n\n${sentence.repeat(12)}\n`)
    const layer = text(path)
    const inside = layer.split('\n').flatMap((line) => [...line.matchAll(/\u00ad(?![\u2010-]?$)/g)])
    expect(inside).toEqual([])
    // Hyphenation still breaks lines: some line ends in a soft hyphen.
    expect(layer).toMatch(/\u00ad[\u2010-]?\n/)
    expect(layer.replace(/\u00ad[\u2010-]?\n/g, '')).toContain('Quantitative computational stylometry characterizes')
  }, 60_000)
})

describe('fonts for every script', () => {
  const fonts = (path: string) => execFileSync('pdffonts', [path], {encoding: 'utf8'}).split('\n').slice(2).filter(Boolean)
  it.each([
    ['zh', '最大公约数即为 Greatest Common Divisor，常缩写为 gcd。', /UMingCN/],
    ['zh-TW', '最大公約數即為 Greatest Common Divisor。', /UMingTW/],
    ['ko', '최대공약수는 두 정수의 공통 약수 가운데 가장 큰 수이다.', /NanumMyeongjo/],
    ['en', 'Chinese in an English paper: 费马小定理，欧拉函数。', /UMingCN|IPAex/]
  ])('sets %s text in TrueType faces chosen by lang, never Type 3', async (lang, sentence, face) => {
    const path = await print(`fonts-${lang}`, `---\ntitle: T\nlang: ${lang}\n---\n\n## 标题 제목\n\n${sentence}\n`)
    const rows = fonts(path)
    expect(rows.filter((row) => /Type 3/.test(row))).toEqual([])
    expect(rows.join('\n')).toMatch(face)
  }, 60_000)
})
