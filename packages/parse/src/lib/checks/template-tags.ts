import type {Root, Text} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../report.js'
import {pointInNode} from '../source-points.js'

const tagPattern = /\{%-?\s*([\s\S]*?)\s*-?%\}|\{\{\s*([\s\S]*?)\s*\}\}/g

/**
 * Jekyll/Liquid or Hugo tags (`{% include figure.html %}`, `{{ site.x }}`)
 * are text to a markdown pipeline: printed as is, they would show in the PDF.
 */
export function checkTemplateTags(tree: Root, file: VFile): void {
  visit(tree, 'text', (node: Text) => {
    if (!node.value.includes('{%') && !node.value.includes('{{')) return
    for (const match of node.value.matchAll(tagPattern)) {
      const tag = match[0].length > 50 ? match[0].slice(0, 47) + '…' : match[0]
      report(file, {
        reason: `Unexpected template tag \`${tag.replace(/\s+/g, ' ')}\`, expected markdown (it would be printed as text)`,
        ruleId: 'template-tag',
        severity: 'warning',
        place: pointInNode(node, match.index ?? 0)
      })
    }
  })
}
