import type {Link, Nodes, PhrasingContent, Text} from 'mdast'
import {fromHtml} from 'hast-util-from-html'
import {toMdast} from 'hast-util-to-mdast'

// A URL ends before trailing punctuation, and before a `)` it did not open.
const urlPattern = /https?:\/\/[^\s<>"]+/g

/**
 * citeproc's HTML (`<i>`, `<b>`, `<span style=…>`, entities) → mdast phrasing,
 * with every URL and DOI link in the text made a link. Positions are dropped:
 * they would point into the HTML string, not into the paper.
 */
export function htmlToPhrasing(html: string): PhrasingContent[] {
  const tree = toMdast(fromHtml(html, {fragment: true}))
  const phrasing: PhrasingContent[] = []
  for (const node of 'children' in tree ? tree.children : [tree]) {
    // A bibliography entry (`<div class="csl-entry">`) comes back as a paragraph.
    if (node.type === 'paragraph') phrasing.push(...node.children)
    else phrasing.push(node as PhrasingContent)
  }
  return linkify(phrasing.map(clean))
}

function clean<T extends Nodes>(node: T): T {
  delete node.position
  if ('children' in node) node.children.forEach((child) => clean(child))
  return node
}

function linkify(nodes: PhrasingContent[]): PhrasingContent[] {
  return nodes.flatMap((node): PhrasingContent[] => {
    if (node.type === 'text') return linkText(node)
    if (node.type !== 'link' && 'children' in node) node.children = linkify(node.children) as never
    return [node]
  })
}

function linkText(node: Text): PhrasingContent[] {
  const result: PhrasingContent[] = []
  let cursor = 0
  for (const match of node.value.matchAll(urlPattern)) {
    const url = trimUrl(match[0])
    const start = match.index ?? 0
    if (start > cursor) result.push({type: 'text', value: node.value.slice(cursor, start)})
    const link: Link = {type: 'link', url, children: [{type: 'text', value: url}]}
    result.push(link)
    cursor = start + url.length
  }
  if (cursor === 0) return [node]
  if (cursor < node.value.length) result.push({type: 'text', value: node.value.slice(cursor)})
  return result
}

function trimUrl(url: string): string {
  let end = url.length
  for (;;) {
    const last = url.charAt(end - 1)
    const text = url.slice(0, end)
    const unopened = last === ')' && (text.match(/\(/g)?.length ?? 0) < (text.match(/\)/g)?.length ?? 0)
    if (!/[.,;:!?'’”]/.test(last) && !unopened) break
    end--
  }
  return url.slice(0, end)
}
