import type {Html, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../report.js'

/**
 * Raw HTML in a paper is sanitized to a small allow-list when rendered;
 * say so where it is, so the editor knows what may not survive.
 */
export function checkRawHtml(tree: Root, file: VFile): void {
  visit(tree, 'html', (node: Html) => {
    const value = node.value.trim()
    if (value.startsWith('<!--')) return // Comments are dropped silently.
    const tag = /^<\/?([a-zA-Z][\w-]*)/.exec(value)?.[1]?.toLowerCase() ?? 'html'
    report(file, {
      reason: `Unexpected raw HTML \`<${tag}>\`, expected markdown (raw HTML is sanitized${/^(script|style|iframe|object|embed|link|meta|form|input|button)$/.test(tag) ? '; this element is removed' : ''})`,
      ruleId: 'html-raw',
      severity: 'warning',
      place: node.position
    })
  })
}
