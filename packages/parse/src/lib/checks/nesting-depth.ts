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

/**
 * Elements HTML closes by itself (`<p>` ends at the next `<p>`) or that
 * never hold content: they do not nest by being written one after another.
 */
const selfEnding = new Set(
  'area base br col embed hr img input link meta source track wbr p li dt dd tr td th option optgroup rp rt thead tbody tfoot colgroup caption html head body'.split(' ')
)

const tagPattern = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?:[^<>"']|"[^"]*"|'[^']*')*?(\/?)>/g
/** One container opener at the start of a line: a block quote `>`, or a list item's bullet or number. */
const containerPattern = /^[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?/

/**
 * The nesting the source text asks for, read before the parser runs: the
 * parser's own later steps (GFM's autolinks, the HTML parser's tree) recurse
 * once per level, and thousands of `>` or `<div>` would overflow them before
 * any tree could be checked. Counted per line: its block quote markers and
 * list bullets, its indentation (two columns a list level), and the raw
 * HTML elements open at that point. Fenced code is skipped: its text is not
 * markup. Reports the first line deeper than `maxDepth`, at its column.
 */
export function checkSourceDepth(text: string, file: VFile, maxDepth = defaultMaxDepth): boolean {
  let open = 0
  let fence: string | undefined
  let line = 1
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    const content = text.slice(start, end)
    start = end + 1
    // Block structure: markers and indentation, up to the first text.
    let rest = content
    let depth = 0
    let column = 1
    for (let found = containerPattern.exec(rest); found && depth <= maxDepth; found = containerPattern.exec(rest)) {
      depth++
      column += found[0].length
      rest = rest.slice(found[0].length)
    }
    const indent = /^[ \t]*/.exec(rest)![0]
    const marker = /^(`{3,}|~{3,})/.exec(rest.slice(indent.length))?.[1]
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined
      continue
    }
    if (marker) {
      fence = marker
      continue
    }
    depth += Math.floor(indent.replace(/\t/g, '    ').length / 2)
    if (depth > maxDepth) return tooDeep(file, depth, maxDepth, {line, column})
    // Raw HTML: elements opened and not yet closed, over the whole text.
    if (!rest.includes('<')) continue
    // Code spans show markup, they do not open it.
    const markup = rest.includes('`') ? rest.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length)) : rest
    for (const tag of markup.matchAll(tagPattern)) {
      const name = tag[2]!.toLowerCase()
      if (selfEnding.has(name) || tag[3]) continue
      if (!tag[1]) open++
      else if (open > 0) open--
      if (depth + open > maxDepth) return tooDeep(file, depth + open, maxDepth, {line, column: column + (tag.index ?? 0)})
    }
  }
  return true
}

function tooDeep(file: VFile, depth: number, maxDepth: number, place: {line: number; column: number}): false {
  report(file, {
    reason: `Unexpected nesting ${depth} levels deep, expected at most ${maxDepth} (block quotes, lists and HTML elements inside each other)`,
    ruleId: 'input-too-deep',
    severity: 'error',
    place
  })
  return false
}
