import {execFile} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import JSZip from 'jszip'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite/notes'
import {renderPaper} from '@offprint/render-html'
import {renderEpub} from '@offprint/render-epub'

// Constructs real papers bring that XHTML forbids or that break across the split book.
const markdown = `---
title: Validity
lang: en
---

## Gamma 函数

See [the Japanese section](#ガンマ関数), [the encoded one](#gamma-%E5%87%BD%E6%95%B0)
and [a bad escape](#%E5%87).

| left | centre | right |
|:-----|:------:|------:|
| a    | b      | 1,234 |

Some <div class="box">grouped</div> text.

<ul>
stray text
<li>an item</li>
</ul>

<table>
<tr><td>cell</td></tr>
<caption>Late caption</caption>
</table>

Math $p_1^{k_{a_1}}$.

<details><summary>More</summary>

Hidden text that must print.

</details>

## ガンマ関数

Back to [the first](#gamma-函数).
`

const file = new VFile({path: 'validity.md', value: markdown})
const rendered = renderPaper(numberNotes(parsePaper(file)))
const html = toHtml({type: 'root', children: rendered.body})
const messages = () => file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)

describe('valid XHTML from the HTML real papers contain', () => {
  it('sets GFM column alignment as classes, never `align`', () => {
    expect(html).not.toMatch(/\balign=/)
    expect(html).toContain('<th class="align-left">left</th>')
    expect(html).toContain('<td class="align-center">b</td>')
    expect(html).toContain('<td class="align-right">1,234</td>')
  })

  it('repairs block HTML inside paragraphs, lists and tables, with positioned warnings', () => {
    expect(html).toContain('<p>Some <span class="box">grouped</span> text.</p>')
    expect(html).toMatch(/<ul><li>stray text<\/li><li>an item<\/li>/)
    expect(html).toMatch(/<table><caption>Late caption<\/caption>/)
    expect(messages()).toContain('15:6 html-block-in-paragraph')
    expect(messages()).toContain('17:5 html-content-model')
  })

  it('opens `<details>`, so its text is printed', () => {
    expect(html).toMatch(/<details open><summary>More<\/summary>\s*<p>Hidden text that must print.<\/p>/)
  })

  it('links headings across the split book for non-ASCII and percent-encoded ids, each to an id in its file', async () => {
    const {data} = await renderEpub(rendered, {slug: 'validity', modified: new Date(0)})
    const zip = await JSZip.loadAsync(data)
    const one = await zip.file('OEBPS/text-01.xhtml')!.async('string')
    const two = await zip.file('OEBPS/text-02.xhtml')!.async('string')
    expect(one).toContain('href="text-02.xhtml#ガンマ関数"')
    expect(one).toContain('href="#gamma-函数"')
    expect(two).toContain('href="text-01.xhtml#gamma-函数"')
    expect(one).not.toContain('%E5%87"')
    expect(one).toMatch(/<mstyle scriptlevel="2"><mn>1<\/mn><\/mstyle>/)
    const path = join(mkdtempSync(join(tmpdir(), 'offprint-validity-')), 'validity.epub')
    writeFileSync(path, data)
    const result = await promisify(execFile)('java', ['-jar', '/usr/share/java/epubcheck.jar', '--json', '-', path], {maxBuffer: 16 * 1024 * 1024}).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}))
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {messages: Array<{severity: string; ID: string; message: string}>}
    expect(report.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE').map((m) => `${m.ID} ${m.message}`)).toEqual([])
  }, 60_000)
})

describe('SVG pictures with SVG fonts', () => {
  it('get the `<missing-glyph>` SVG 1.1 requires after `<font-face>`, once', async () => {
    const {completeSvgFonts} = await import('../src/lib/svg-fonts.js')
    const svg = "<svg><defs><font id='f'><font-face font-family='f'/><glyph unicode='c' d='M0 0'/></font></defs></svg>"
    const fixed = completeSvgFonts(svg)
    expect(fixed).toBe("<svg><defs><font id='f'><font-face font-family='f'/>\n<missing-glyph horiz-adv-x='0'/><glyph unicode='c' d='M0 0'/></font></defs></svg>")
    expect(completeSvgFonts(fixed)).toBe(fixed)
  })
})
