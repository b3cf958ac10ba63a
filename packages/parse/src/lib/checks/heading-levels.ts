import type {Heading, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../report.js'

/** A heading more than one level below the one before it (## then ####) breaks the outline. */
export function checkHeadingLevels(tree: Root, file: VFile): void {
  let previous: number | undefined
  visit(tree, 'heading', (node: Heading) => {
    if (previous !== undefined && node.depth > previous + 1) {
      report(file, {
        reason: `Unexpected heading level ${node.depth} after level ${previous}, expected level ${previous + 1} or less`,
        ruleId: 'heading-skip',
        severity: 'warning',
        place: node.position
      })
    }
    previous = node.depth
  })
}
