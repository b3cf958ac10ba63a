import type {Element} from 'hast'
import {h} from 'hastscript'
import {SKIP, visit} from 'unist-util-visit'

/**
 * Each line of a code block as a `span.code-line` carrying its indentation
 * (`--indent`, in columns; a tab counts 4, the theme's `tab-size`), so the
 * theme can wrap a long line under its own indentation with a continuation
 * mark. For the printed document and the web page only: the EPUB keeps
 * plain `<pre><code>`. Inline code longer than 32 characters gets `code-long`.
 */
/** Characters of inline code past which it is set as running text, not as one box. */
const longInline = 32

export function splitCodeLines(tree: Element): void {
  visit(tree, 'element', (node: Element) => {
    // Inline code is one box in print, so justification cannot stretch it; a span longer
    // than a good part of a line stays inline text instead (as a box it would leave a gap).
    if (node.tagName === 'code' && textOf(node).length > longInline) {
      node.properties.className = [...(Array.isArray(node.properties.className) ? node.properties.className : []), 'code-long']
      return
    }
    if (node.tagName !== 'pre') return
    for (const code of node.children) {
      if (code.type !== 'element' || code.tagName !== 'code') continue
      // Only plain text: a block someone marked up by hand is left as written.
      if (!code.children.every((child) => child.type === 'text')) continue
      const lines = textOf(code).replace(/\n$/, '').split('\n')
      code.children = lines.map((line) => {
        const lead = /^[ \t]*/.exec(line)![0]
        const indent = [...lead].reduce((sum, c) => sum + (c === '\t' ? 4 : 1), 0)
        return h('span.code-line', indent > 0 ? {style: `--indent: ${Math.min(indent, 40)}`} : {}, line)
      })
    }
    return SKIP
  })
}

function textOf(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('')
}
