import {describe, expect, it} from 'vitest'
import {unified} from 'unified'
import {VFile} from 'vfile'
import type {Root} from 'mdast'
import {parsePaper, severityOf} from '@offprint/parse'
import {remarkPaper, remarkPaperSyntax} from '@offprint/parse/plugin'

describe('remarkPaper', () => {
  it('sets the meta on file.data, as parsePaper returns it', () => {
    const file = new VFile({path: 'papers/x.md', value: '---\ntitle: A paper\nlang: de\n---\n\nText^[An inline note].\n'})
    const processor = unified().use(remarkPaperSyntax).use(remarkPaper, {defaults: {publisher: 'Offprint Press'}})
    const tree = processor.runSync(processor.parse(file) as Root, file) as Root
    expect(file.data.meta).toMatchObject({title: 'A paper', lang: 'de', publisher: 'Offprint Press'})
    expect(tree.children.map((node) => node.type)).toEqual(['yaml', 'paragraph', 'footnoteDefinition'])
  })

  it('refuses `plugins` in a paper’s front matter, at the key', () => {
    const {file, meta} = parsePaper(new VFile({path: 'papers/x.md', value: '---\ntitle: Untrusted\nplugins:\n  remark: [./evil.mjs]\n---\n\nText.\n'}))
    const refusal = file.messages.find((message) => message.ruleId === 'front-matter-plugins')
    expect(refusal && severityOf(refusal)).toBe('error')
    expect(`${refusal?.line}:${refusal?.column}`).toBe('3:1')
    expect(refusal?.reason).toBe('Unexpected `plugins` in front matter, expected plugins in `series.yaml` (a paper cannot load code)')
    expect(meta.title).toBe('Untrusted')
  })
})
