import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Node} from 'unist'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'

// One case per construct: fixtures/pandoc/<case>/input.md → tree.json (the body's mdast,
// positions dropped) and messages.json (line:column, rule and reason). `UPDATE=1` rewrites them.
const root = new URL('fixtures/pandoc/', import.meta.url).pathname
const update = process.env.UPDATE === '1'

function strip(node: Node): unknown {
  const {position: _position, ...rest} = node as Node & {children?: Node[]; title?: Node[]}
  const copy: Record<string, unknown> = {...rest}
  if (Array.isArray(copy.children)) copy.children = (copy.children as Node[]).map(strip)
  if (Array.isArray(copy.title)) copy.title = (copy.title as Node[]).map(strip)
  const data = copy.data as Record<string, unknown> | undefined
  if (data && Array.isArray(data.caption)) copy.data = {...data, caption: (data.caption as Node[]).map(strip)}
  return copy
}

describe('pandoc and Quarto syntax in the parse stage', () => {
  for (const name of readdirSync(root).sort()) {
    it(name, () => {
      const input = readFileSync(join(root, name, 'input.md'), 'utf8')
      const {tree, file} = parsePaper(new VFile({path: `${name}.md`, value: `---\ntitle: ${name}\n---\n\n${input}`}))
      const actual = JSON.stringify(tree.children.filter((node) => node.type !== 'yaml').map(strip), null, 2) + '\n'
      // Lines count from the input: the front matter added above is four lines.
      const messages = JSON.stringify(file.messages.map((m) => `${(m.line ?? 0) - 4}:${m.column} ${m.ruleId} ${m.reason}`), null, 2) + '\n'
      const treePath = join(root, name, 'tree.json')
      const messagesPath = join(root, name, 'messages.json')
      if (update || !existsSync(treePath)) {
        writeFileSync(treePath, actual)
        writeFileSync(messagesPath, messages)
      }
      expect(actual).toBe(readFileSync(treePath, 'utf8'))
      expect(messages).toBe(readFileSync(messagesPath, 'utf8'))
    })
  }

  it('keeps the positions of what it takes apart', () => {
    const source = '---\ntitle: t\n---\n\n## Method {#sec-method}\n\nSee @fig-nope and [Review]{.smallcaps}.\n'
    const {tree, file} = parsePaper(new VFile({path: 'p.md', value: source}))
    const heading = tree.children[1]!
    expect(heading.position?.start).toMatchObject({line: 5, column: 1})
    const paragraph = tree.children[2] as unknown as {children: Node[]}
    const span = paragraph.children.find((node) => node.type === 'bracketedSpan')!
    expect(span.position?.start).toMatchObject({line: 7, column: 19, offset: source.indexOf('[Review]')})
    expect(span.position?.end).toMatchObject({line: 7, column: 39})
    const [message] = file.messages
    expect([message?.line, message?.column, message?.ruleId]).toEqual([7, 5, 'xref-unknown'])
  })
})
