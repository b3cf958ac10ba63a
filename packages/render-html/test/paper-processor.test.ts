import type {Element, Root as HastRoot} from 'hast'
import type {Root} from 'mdast'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite'
import {articleOf, createPaperProcessor, renderPaper} from '@offprint/render-html'

const source = '---\ntitle: A paper\n---\n\n## One\n\nText with a note.[^a]\n\n[^a]: The note.\n'

async function run(options: Parameters<typeof createPaperProcessor>[0]) {
  const processor = createPaperProcessor(options)
  const file = new VFile({path: 'papers/x.md', value: source})
  const tree = (await processor.run(processor.parse(file), file)) as HastRoot
  return {file, tree}
}

describe('createPaperProcessor', () => {
  it('gives the article renderPaper gives', async () => {
    const {file, tree} = await run({})
    const expected = renderPaper(numberNotes(parsePaper(new VFile({path: 'papers/x.md', value: source}))))
    expect(toHtml(tree)).toBe(toHtml(articleOf(expected)))
    expect(toHtml(articleOf(file.data.rendered!))).toBe(toHtml(tree))
  })

  it('runs a series’ remark plugins after the notes are numbered, and its rehype plugins before the sanitizer', async () => {
    const seen: string[] = []
    const remarkSee = () => (tree: Root) => {
      seen.push(tree.children.map((node) => node.type).join(' '))
    }
    const rehypeHostile = () => (tree: HastRoot) => {
      const p = tree.children.find((node): node is Element => node.type === 'element' && node.tagName === 'p')!
      p.properties.onClick = 'alert(1)'
      tree.children.push({type: 'element', tagName: 'script', properties: {}, children: [{type: 'text', value: 'alert(2)'}]})
    }
    const {tree} = await run({remarkPlugins: [remarkSee], rehypePlugins: [rehypeHostile]})
    // No yaml node, no footnote definition: remarkNotes ran first.
    expect(seen).toEqual(['heading paragraph'])
    const html = toHtml(tree)
    expect(html).toMatch(/<p>Text with a note\.<a [^>]*role="doc-noteref"[^>]*><sup>1<\/sup><\/a><\/p>/)
    expect(html).not.toMatch(/onclick|<script|alert/i)
  })

  it('is frozen: attachers run once however many papers it processes', async () => {
    let attached = 0
    const remarkCount = () => {
      attached++
      return () => undefined
    }
    const processor = createPaperProcessor({remarkPlugins: [remarkCount]})
    for (let index = 0; index < 3; index++) {
      const file = new VFile({path: `papers/${index}.md`, value: source})
      await processor.run(processor.parse(file), file)
    }
    expect(attached).toBe(1)
  })
})
