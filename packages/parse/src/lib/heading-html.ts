import type {Heading, Html, Root, Text} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from './report.js'

/** Tags that open a block: XHTML allows none of them inside a heading. */
const blockTags = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main',
  'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul'
])

/**
 * A block tag inside a heading (`### Primer <div>: los saludos`, a lesson
 * about HTML) cannot be a block there: the HTML parser would nest a `<div>`
 * in the `<h3>` (which the EPUB's XHTML refuses) or end the heading at a
 * `<p>`. The author meant the tag as text, so it is printed as written, with
 * a warning at the tag. Tags a heading may hold (`<em>`, `<br>`…) stay HTML.
 */
export function headingHtmlAsText(tree: Root, file: VFile): void {
  visit(tree, 'heading', (heading: Heading) => {
    visit(heading, 'html', (node: Html, index, parent) => {
      const tag = /^<\/?([a-z][a-z0-9]*)\b/i.exec(node.value)?.[1]?.toLowerCase()
      if (!tag || !blockTags.has(tag) || !parent || index === undefined) return
      report(file, {
        reason: `Unexpected block element \`<${tag}>\` inside a heading, expected phrasing content (printed as text)`,
        ruleId: 'html-block-in-heading',
        severity: 'warning',
        place: node.position
      })
      const text: Text = {type: 'text', value: node.value, position: node.position}
      parent.children.splice(index, 1, text)
    })
  })
}
