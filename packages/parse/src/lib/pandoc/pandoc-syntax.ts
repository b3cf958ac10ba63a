import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {report} from '../report.js'
import {bracketedSpans} from './bracketed-spans.js'
import {crossrefs} from './crossrefs.js'
import {fencedDivs} from './fenced-divs.js'
import {gridTableWidths} from './grid-widths.js'
import {findFenceLines, type FenceLines} from './fence-lines.js'
import {inlineAttributes} from './inline-attributes.js'
import {lineBlocks} from './line-blocks.js'
import {subSuperscript} from './sub-superscript.js'
import {tableCaptions} from './table-captions.js'

const none: FenceLines = Object.freeze({text: '', divs: [], equations: [], unclosed: []}) as unknown as FenceLines
const mayHaveFences = /^:{3,}|\$\$[ \t]*\{#eq-/m

/**
 * Before the parse: the lines CommonMark would read as text that pandoc
 * reads as structure (fenced divs, equation labels), blanked; `parse` is the
 * plain parser, for a first look at where code and math are.
 */
export function pandocLines(text: string, parse: (value: string) => Root): FenceLines {
  if (!mayHaveFences.test(text)) return {...none, text}
  return findFenceLines(text, parse(text))
}

/**
 * After the parse: pandoc's and Quarto's syntax read from the tree — fenced
 * divs and callouts, attributes on headings, images, links and display
 * math, caption lines of tables, grid tables' widths, line blocks, bracketed spans, `~sub~` and `^super^` — then cross-references
 * resolved and numbered. Positions are kept for every later message.
 */
export function pandocSyntax(tree: Root, file: VFile, lines: FenceLines = none): void {
  for (const place of lines.unclosed) {
    report(file, {reason: 'Unexpected fenced div `:::` without a closing `:::`, expected a line of colons to end it', ruleId: 'div-unclosed', severity: 'warning', place})
  }
  fencedDivs(tree, lines.divs)
  inlineAttributes(tree, lines.equations)
  tableCaptions(tree)
  gridTableWidths(tree, file)
  lineBlocks(tree, file)
  bracketedSpans(tree)
  subSuperscript(tree)
  crossrefs(tree, file)
}
