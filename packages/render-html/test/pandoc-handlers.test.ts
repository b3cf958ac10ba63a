import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Root as HastRoot} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {createPaperProcessor} from '@offprint/render-html'

// One case per construct: fixtures/pandoc/<case>/input.md → output.html, the paper's body
// as the whole pipeline gives it (sanitized). `UPDATE=1` rewrites them.
const root = new URL('fixtures/pandoc/', import.meta.url).pathname
const update = process.env.UPDATE === '1'

async function body(markdown: string, lang = 'en'): Promise<string> {
  const processor = createPaperProcessor()
  const file = new VFile({path: 'paper.md', value: `---\ntitle: A paper\nlang: ${lang}\n---\n\n${markdown}`})
  await processor.run(processor.parse(file), file)
  return toHtml({type: 'root', children: file.data.rendered!.body} as HastRoot) + '\n'
}

describe('pandoc and Quarto syntax in HTML', () => {
  for (const name of readdirSync(root).sort()) {
    it(name, async () => {
      const actual = await body(readFileSync(join(root, name, 'input.md'), 'utf8'))
      const path = join(root, name, 'output.html')
      if (update || !existsSync(path)) writeFileSync(path, actual)
      expect(actual).toBe(readFileSync(path, 'utf8'))
    })
  }

  it('says “Figure”, “Table” and a callout’s kind in the paper’s language', async () => {
    const html = await body('See @fig-a and @tbl-b.\n\n![A](a.png){#fig-a}\n\n| x |\n|---|\n| 1 |\n\n: B {#tbl-b}\n\n::: callout-warning\nText.\n:::\n', 'de')
    expect(html).toContain('<a href="#fig-a" class="crossref">Abbildung\u00a01</a>')
    expect(html).toContain('<a href="#tbl-b" class="crossref">Tabelle\u00a01</a>')
    expect(html).toContain('<span class="caption-label">Abbildung\u00a01.</span>')
    expect(html).toContain('<strong>Warnung</strong>')
  })
})
