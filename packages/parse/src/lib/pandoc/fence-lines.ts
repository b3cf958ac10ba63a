import type {Root} from 'mdast'
import type {Point} from 'unist'
import {visit} from 'unist-util-visit'
import {parseAttributes, type Attributes} from './attributes.js'

/** A pandoc fenced div, as its two fence lines. */
export interface DivFences {
  attributes: Attributes
  /** Offsets of the opening fence line's start and the closing fence line's end. */
  start: number
  end: number
  startPoint: Point
  endPoint: Point
}

/** `{#eq-x}` after the `$$` that closes display math. */
export interface EquationLabel {
  id: string
  line: number
}

export interface FenceLines {
  /** The text with fence lines and equation labels blanked out (same length: offsets hold). */
  text: string
  divs: DivFences[]
  equations: EquationLabel[]
  /** Opening fences with no closing one: left as text. */
  unclosed: Point[]
}

// Pandoc: at least three colons, then attributes or a bare class, then optional colons.
const opening = /^(:{3,})[ \t]*(?:\{([^{}]*)\}|([\w-]+))[ \t]*:*[ \t]*$/
const closing = /^:{3,}[ \t]*$/
const equation = /^([ \t]*\$\$[ \t]*)\{#(eq-[\w:.-]+)\}[ \t]*$/

/**
 * Pandoc's fenced divs (`::: {.callout-note}` … `:::`) and Quarto's equation
 * labels (`$$ {#eq-x}`) are lines CommonMark reads as text. Found before the
 * real parse (outside code, math and HTML of a first one) and blanked to
 * spaces, they become blank lines: the blocks between parse as pandoc parses
 * them, and every offset and position stays true to the source.
 */
export function findFenceLines(text: string, first: Root): FenceLines {
  const literal: Array<[number, number]> = []
  visit(first, (node) => {
    if ((node.type === 'code' || node.type === 'html' || node.type === 'yaml') && node.position) {
      literal.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0])
    }
  })
  const inLiteral = (offset: number): boolean => literal.some(([start, end]) => offset >= start && offset < end)
  let output = text
  const divs: DivFences[] = []
  const equations: EquationLabel[] = []
  const open: Array<{attributes: Attributes; start: number; line: number}> = []
  let offset = 0
  const lines = text.split('\n')
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '')
    const lineNumber = index + 1
    if (!inLiteral(offset)) {
      const eq = equation.exec(line)
      const opened = opening.exec(line)
      if (eq) {
        equations.push({id: eq[2]!, line: lineNumber})
        output = blank(output, offset + eq[1]!.length, offset + line.length)
      } else if (opened) {
        const attributes = opened[2] === undefined ? {classes: [opened[3]!], pairs: {}} : parseAttributes(opened[2])
        if (attributes) open.push({attributes, start: offset, line: lineNumber})
      } else if (closing.test(line) && open.length > 0) {
        const start = open.pop()!
        divs.push({
          attributes: start.attributes,
          start: start.start,
          end: offset + line.length,
          startPoint: {line: start.line, column: 1, offset: start.start},
          endPoint: {line: lineNumber, column: line.length + 1, offset: offset + line.length}
        })
        output = blank(output, start.start, start.start + (lines[start.line - 1] ?? '').replace(/\r$/, '').length)
        output = blank(output, offset, offset + line.length)
      }
    }
    offset += raw.length + 1
  }
  // Unclosed openings stay text, as pandoc prints them; the paper stage says why.
  divs.sort((a, b) => a.start - b.start)
  return {text: output, divs, equations, unclosed: open.map((fence) => ({line: fence.line, column: 1, offset: fence.start}))}
}

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end)
}
