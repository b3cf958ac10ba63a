import type {Code, Paragraph, Root} from 'mdast'
import type {InlineMath, Math} from 'mdast-util-math'
import type {Point} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from './report.js'
import {pointInText} from './source-points.js'

declare module 'mdast-util-math' {
  interface InlineMathData {
    /** Written `$$…$$` inside a paragraph: display math, as pandoc and kramdown read it. */
    display?: boolean | undefined
  }
}

/**
 * What an author meant by display math and fences, where CommonMark and
 * micromark-extension-math read otherwise:
 * - `$$ a +` … `b $$` (TeX on the opening line, closed by `$$` at the end of
 *   a later line, pandoc's and kramdown's way) is display math; micromark-extension-math
 *   reads the first line as a fence's meta and runs on to the end of file;
 * - `$$…$$` inside a paragraph is display math (alone in its paragraph, a
 *   block of its own);
 * - an unclosed `$$` or code fence ends at the first blank line, with a
 *   warning at its opening, instead of swallowing the rest of the paper.
 * A block is re-read by blanking it out of the source and parsing again, so
 * every other node keeps its exact place (and its note definitions). The
 * blanks add up: each round parses the source with every block fixed so far
 * blanked, and puts all of them back, so a second runaway block in a row
 * cannot bring back the first (which then swallowed the rest of the paper).
 */
export function mathAndFences(tree: Root, text: string, file: VFile, parse: (text: string) => Root): Root {
  const fixes: Fix[] = []
  let source = text
  for (let round = 0; round < 32; round++) {
    const fix = findRunaway(tree, source, file, new Set(fixes.map((each) => each.start)))
    if (!fix) break
    fixes.push(fix)
    source = source.slice(0, fix.start) + source.slice(fix.start, fix.end).replace(/[^\n]/g, ' ') + source.slice(fix.end)
    tree = parse(source)
    for (const each of fixes.toSorted((a, b) => a.start - b.start)) {
      const at = tree.children.findIndex((node) => (node.position?.start.offset ?? 0) >= each.end)
      tree.children.splice(at === -1 ? tree.children.length : at, 0, each.node)
    }
  }
  visit(tree, 'paragraph', (paragraph: Paragraph, index, parent) => {
    const doubled = paragraph.children.filter((child): child is InlineMath => child.type === 'inlineMath' && text.startsWith('$$', child.position?.start.offset ?? -1))
    for (const math of doubled) math.data = {...math.data, display: true}
    const content = paragraph.children.filter((child) => !(child.type === 'text' && !child.value.trim()))
    const only = doubled[0]
    if (parent && index !== undefined && only && content.length === 1 && content[0] === only) {
      parent.children[index] = {type: 'math', value: only.value, position: paragraph.position} as Math
    }
  })
  return tree
}

interface Fix {
  start: number
  end: number
  node: Math | Code
}

/** The first top-level math or code block that runs away from its author, and what it should be. */
function findRunaway(tree: Root, text: string, file: VFile, fixed: ReadonlySet<number>): Fix | undefined {
  for (const node of tree.children) {
    if (fixed.has(node.position?.start.offset ?? -1)) continue
    if (node.type === 'math' && node.meta) return pandocMath(node, text, file)
    if ((node.type === 'math' || node.type === 'code') && unclosed(node, text)) return cutAtBlankLine(node, text, file)
  }
  return undefined
}

/** `$$ TeX…` up to the first line that ends in `$$`, else to the paragraph's end (with a warning). */
function pandocMath(node: Math, text: string, file: VFile): Fix | undefined {
  const start = node.position?.start.offset
  if (start === undefined) return undefined
  const open = text.indexOf('$$', start)
  let cursor = open + 2
  let end = -1
  let closed = false
  for (;;) {
    const newline = text.indexOf('\n', cursor)
    const lineEnd = newline === -1 ? text.length : newline
    const line = text.slice(cursor, lineEnd)
    if (/\$\$\s*$/.test(line)) {
      end = cursor + line.lastIndexOf('$$')
      closed = true
      cursor = lineEnd
      break
    }
    if (newline === -1 || /^\s*$/.test(text.slice(newline + 1, nextLineEnd(text, newline + 1)))) {
      end = lineEnd
      cursor = lineEnd
      break
    }
    cursor = newline + 1
  }
  if (!closed) unclosedWarning(file, '$$', node.position!.start)
  const value = text.slice(open + 2, end).trim()
  return {start, end: cursor, node: {type: 'math', value, meta: null, position: span(node.position!.start, text, cursor)}}
}

/** A fenced block that runs to the end of its container without a closing fence. */
function unclosed(node: Math | Code, text: string): boolean {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return false
  const opening = /^[ \t]*(`{3,}|~{3,}|\${2,})/.exec(text.slice(start, nextLineEnd(text, start)))
  if (!opening) return false
  const fence = opening[1]!
  const last = text.slice(text.lastIndexOf('\n', end - 1) + 1, end)
  const closing = new RegExp(`^[ \\t]*\\${fence[0]}{${fence.length},}[ \\t]*$`)
  return end > nextLineEnd(text, start) ? !closing.test(last) : true
}

/** An unclosed fence ends at its first blank line (at the file's end when it has none). */
function cutAtBlankLine(node: Math | Code, text: string, file: VFile): Fix {
  const start = node.position!.start.offset!
  const firstLineEnd = nextLineEnd(text, start)
  const blank = /\n[ \t]*(?=\n|$)/.exec(text.slice(firstLineEnd))
  const end = blank ? firstLineEnd + blank.index : node.position!.end.offset!
  unclosedWarning(file, node.type === 'math' ? '$$' : '```', node.position!.start)
  const lines = text.slice(firstLineEnd + 1, end).split('\n')
  const indent = node.position!.start.column - 1
  const value = (end > firstLineEnd ? lines : []).map((line) => line.slice(Math.min(indent, /^ */.exec(line)![0].length))).join('\n')
  const result: Math | Code = node.type === 'math' ? {type: 'math', value, meta: node.meta ?? null} : {type: 'code', value, lang: node.lang ?? null, meta: node.meta ?? null}
  result.position = span(node.position!.start, text, end)
  return {start, end, node: result}
}

function unclosedWarning(file: VFile, fence: string, place: Point): void {
  report(file, {
    reason: `Unexpected unclosed \`${fence}\`, expected a closing \`${fence}\` (the block ends at the paragraph)`,
    ruleId: fence === '$$' ? 'math-unclosed' : 'fence-unclosed',
    severity: 'warning',
    place
  })
}

function nextLineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from)
  return newline === -1 ? text.length : newline
}

function span(start: Point, text: string, end: number): {start: Point; end: Point} {
  return {start, end: pointInText(text, end)}
}

