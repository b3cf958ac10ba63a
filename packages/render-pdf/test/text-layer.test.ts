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
