import type {Element, Root as HastRoot} from 'hast'
import type {Handle, State} from 'hast-util-to-mdast'
import type {FootnoteDefinition, Heading, Html, Nodes, PhrasingContent, Root, RootContent, Text} from 'mdast'
import rehypeRemark from 'rehype-remark'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {tokenPattern} from './fields.js'
import type {Note} from './notes.js'

/** Raw HTML the build keeps without a warning, around what it holds. */
function wrapped(tag: string): Handle {
  return (state: State, node: Element) => [{type: 'html', value: `<${tag}>`} as Html, ...(state.all(node) as PhrasingContent[]), {type: 'html', value: `</${tag}>`} as Html]
}

const handlers: Record<string, Handle> = {
  sub: wrapped('sub'),
  sup: wrapped('sup'),
  'offprint-br': () => ({type: 'html', value: '<br>'}),
  'offprint-note': (_state, node) => {
    const label = String(node.properties.dataNumber)
    return {type: 'footnoteReference', identifier: label, label}
  }
}

/**
 * The body (mammoth's HTML, cleaned) and its notes as our markdown: GFM, the
 * body's headings one level down (the title is the paper's only `#`),
 * notes as `[^n]`, citation tokens as `[@key]`.
 */
export async function toMarkdown(body: HastRoot, notes: ReadonlyArray<Note>, citations: ReadonlyMap<string, string>): Promise<string> {
  const processor = unified().use(rehypeRemark, {handlers})
  const tree = (await processor.run(body)) as Root
  visit(tree, 'heading', (node: Heading) => {
    node.depth = Math.min(6, node.depth + 1) as Heading['depth']
  })
  // An empty Heading paragraph (Word keeps them for spacing) would be a bare `###`.
  tree.children = tree.children.filter((node) => node.type !== 'heading' || hasText(node))
  for (const note of notes) {
    const content = (await processor.run({type: 'root', children: note.children} as HastRoot)) as Root
    const definition: FootnoteDefinition = {type: 'footnoteDefinition', identifier: String(note.number), label: String(note.number), children: content.children as FootnoteDefinition['children']}
    tree.children.push(definition)
  }
  placeCitations(tree, citations)
  const markdown = unified()
    .use(remarkGfm)
    .use(remarkStringify, {bullet: '-', emphasis: '*', strong: '*', rule: '-', fences: true, listItemIndent: 'one', handlers: {citation: (node: {value: string}) => node.value} as never})
    .stringify(tree)
  return markdown
}

/** Each citation token in the text becomes its `[@key]`, written as it is (not escaped). */
function placeCitations(tree: Root, citations: ReadonlyMap<string, string>): void {
  visit(tree, 'text', (node: Text, index, parent) => {
    if (!parent || index === undefined || !tokenPattern.test(node.value)) return
    tokenPattern.lastIndex = 0
    const parts: RootContent[] = []
    let last = 0
    for (const match of node.value.matchAll(tokenPattern)) {
      if (match.index > last) parts.push({type: 'text', value: node.value.slice(last, match.index)})
      parts.push({type: 'citation', value: citations.get(match[0]) ?? ''} as unknown as Text)
      last = match.index + match[0].length
    }
    if (last < node.value.length) parts.push({type: 'text', value: node.value.slice(last)})
    ;(parent.children as Nodes[]).splice(index, 1, ...(parts as Nodes[]))
    return index + parts.length
  })
}

function hasText(node: Nodes): boolean {
  if ('value' in node && typeof node.value === 'string') return node.value.trim() !== '' || node.type === 'html'
  return node.type === 'image' || ('children' in node && node.children.some((child) => hasText(child as Nodes)))
}
