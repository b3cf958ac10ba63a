import type {Root} from 'mdast'
import type {Node, Parent} from 'unist'
import type {VFile} from 'vfile'
import {report} from '../report.js'

/**
 * The deepest nesting a paper may use (blockquotes in lists in blockquotes…).
 * Real papers stay under ten; thousands of `>` would overflow the renderers'
 * recursion, so such input is refused with a clear error instead.
 */
export const defaultMaxDepth = 48

/** The first node deeper than `maxDepth`, found without recursion, or undefined. */
export function checkNestingDepth(tree: Root, file: VFile, maxDepth = defaultMaxDepth): boolean {
  const stack: Array<[Node, number]> = [[tree, 0]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > maxDepth) {
      report(file, {
        reason: `Unexpected nesting ${depth} levels deep, expected at most ${maxDepth} (blockquotes and lists inside each other)`,
        ruleId: 'input-too-deep',
        severity: 'error',
        place: node.position?.start
      })
      return false
    }
    const children = (node as Parent).children
    if (children) for (const child of children) stack.push([child, depth + 1])
  }
  return true
}
