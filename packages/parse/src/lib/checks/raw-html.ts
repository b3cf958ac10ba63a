import type {Html, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../report.js'

/**
 * Inline tags the sanitizer keeps as written and every output renders: a bare
 * `<br>` in a table cell (what CMS exports write for a line break), `<sub>`,
 * `<sup>`… Warning about them would only bury the warnings that matter.
 * With attributes they are still reported (a `style` or `class` is dropped).
 */
const safeTags = new Set(['br', 'wbr', 'sub', 'sup', 'b', 'i', 'em', 'strong', 's', 'del', 'ins', 'u', 'small', 'mark', 'kbd', 'var', 'samp', 'q', 'cite', 'dfn', 'abbr'])

/** Elements the sanitizer removes with all they hold. */
const removedTags = /^(script|style|object|embed|link|meta|form|input|button)$/

/**
 * Raw HTML in a paper is sanitized to a small allow-list when rendered;
 * say so where it is, so the editor knows what may not survive. An
 * `<iframe>` (an embedded chart or video) cannot be printed: it becomes a
 * link to its source, titled by its `title` (`@offprint/render-html`).
 */
export function checkRawHtml(tree: Root, file: VFile): void {
  visit(tree, 'html', (node: Html) => {
    const value = node.value.trim()
    if (value.startsWith('<!--')) return // Comments are dropped silently.
    const match = /^<(\/?)([a-zA-Z][\w-]*)\s*(\/?)>$/.exec(value)
    if (match && safeTags.has(match[2]!.toLowerCase()) && !(match[1] && match[3])) return
    const tag = /^<\/?([a-zA-Z][\w-]*)/.exec(value)?.[1]?.toLowerCase() ?? 'html'
    if (tag === 'iframe') {
      if (value.startsWith('</')) return // Its opening tag was reported.
      report(file, {
        reason: 'Unexpected raw HTML `<iframe>`, expected a link (an embedded frame cannot be printed; it becomes a link to its `src`, titled by its `title`)',
        ruleId: 'html-iframe',
        severity: 'warning',
        place: node.position
      })
      return
    }
    report(file, {
      reason: `Unexpected raw HTML \`<${tag}>\`, expected markdown (raw HTML is sanitized${removedTags.test(tag) ? '; this element is removed' : ''})`,
      ruleId: 'html-raw',
      severity: 'warning',
      place: node.position
    })
  })
}
