import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../report.js'

/** Images need a text alternative: readers of the EPUB and the tagged PDF hear it. */
export function checkImageAlt(tree: Root, file: VFile): void {
  visit(tree, 'image', (node) => {
    if (node.alt && node.alt.trim()) return
    report(file, {
      reason: `Unexpected image \`${node.url}\` without alt text, expected a description in \`![…](${node.url})\``,
      ruleId: 'image-alt',
      severity: 'warning',
      place: node.position
    })
  })
}
