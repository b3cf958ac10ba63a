import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {Nodes} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'

const fixtures = join(import.meta.dirname, 'fixtures')
// Real lessons (../shared/corpus, beside the repository in CI only): skipped, and said so, when absent.
const corpus = join(process.cwd(), '..', 'shared', 'corpus')
if (!existsSync(corpus)) console.warn(`corpus math tests skipped: ${corpus} is absent`)

function parse(path: string) {
  const {tree, file} = parsePaper(new VFile({path, value: readFileSync(path, 'utf8')}))
  const notes: string[] = []
  const math: string[] = []
  visit(tree, (node: Nodes) => {
    if (node.type === 'footnoteDefinition') notes.push(node.identifier)
    if (node.type === 'math') math.push(node.value)
  })
  return {tree, file, notes, math}
}

/** Note definitions written in the source, outside fenced code (where they are examples). */
function definitionsIn(text: string): number {
  let fence: string | undefined
  let count = 0
  for (const line of text.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length))) fence = fence ? undefined : marker
    else if (!fence && /^\[\^[^\]]+\]:/.test(line)) count++
  }
  return count
}

describe('display math written the pandoc and kramdown way, two blocks in a row', () => {
  const path = join(fixtures, 'display-math-in-a-row.md')
  const source = readFileSync(path, 'utf8')

  it('keeps every note definition (17 in the source, 17 in the tree)', () => {
    const {notes} = parse(path)
    expect(definitionsIn(source)).toBe(17)
    expect(notes).toEqual(Array.from({length: 17}, (_, i) => String(i + 1)))
  })

  it('reads both blocks as display math and keeps the text after them', () => {
    const {tree, math, file} = parse(path)
    expect(math).toEqual([
      '95 = \\sum_{i=1}^{n} w_i x_i +\n  \\frac{1}{n} \\left( \\sum_{i=1}^{n} w_i\n  \\right)',
      'T = \\sum_{i=1}^{n} \\left( \\frac{x_i - \\bar{x}}{\\sigma_i}\n  \\right)^2 \\left( 1 + \\epsilon\n  \\right)'
    ])
    const text = toString(tree)
    expect(text).toContain('The text after the equations is kept, and costs $5 to read.')
    expect(text).toContain('Paragraph 17 after the equations cites a source.')
    expect(file.messages.filter((message) => message.ruleId === 'math-unclosed')).toEqual([])
  })

  it('keeps the blocks in their place among the paragraphs', () => {
    const {tree} = parse(path)
    const kinds = tree.children.map((node) => (node.type === 'paragraph' ? toString(node).slice(0, 14) : node.type))
    const at = kinds.indexOf('math')
    expect(kinds.slice(at - 1, at + 3)).toEqual(['The weighted s', 'math', 'math', 'The text after'])
  })

  it('does the same for three blocks with blank lines between them', () => {
    const value = 'A.[^a]\n\n$$1 = a +\nb)$$\n\n$$2 = c +\nd)$$\n\n$$3 = e +\nf)$$\n\nB.[^b]\n\n[^a]: Note a.\n[^b]: Note b.\n'
    const {tree} = parsePaper(value)
    const kinds = tree.children.map((node) => node.type)
    expect(kinds).toEqual(['paragraph', 'math', 'math', 'math', 'paragraph', 'footnoteDefinition', 'footnoteDefinition'])
  })
})

describe.skipIf(!existsSync(corpus))('corpus papers with `$$` display math keep every note', () => {
  const files = ['programminghistorian', 'wider/programminghistorian/fr', 'wider/oi-wiki'].flatMap((folder) =>
    existsSync(join(corpus, folder))
      ? readdirSync(join(corpus, folder))
          .filter((name) => name.endsWith('.md'))
          .map((name) => join(corpus, folder, name))
      : []
  )
  const withMath = files.filter((path) => readFileSync(path, 'utf8').includes('$$'))

  it.each(withMath.map((path) => [path.slice(corpus.length + 1), path]))('%s', (_, path) => {
    const {notes} = parse(path)
    expect(notes.length).toBe(definitionsIn(readFileSync(path, 'utf8')))
  })
})
