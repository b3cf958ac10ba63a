import type {PaperMeta} from '@offprint/parse'
import {cjkWide} from '@offprint/parse/scripts'
import {formatNumber} from './labels.js'

/**
 * Widths of the running heads' line in points: the text block of the page
 * (the theme's content area: A4 210 mm, Letter 215.9 mm, less 2 × 27 mm),
 * less a margin for error in the estimate below.
 */
const headWidth = {A4: 156 * 2.835 * 0.92, Letter: 161.9 * 2.835 * 0.92}
const headSize = 8

/**
 * A running head's width in points at the theme's 8 pt Noto Sans, estimated
 * from average advances (CJK full width), generously: a head must never wrap.
 */
export function headExtent(text: string): number {
  let em = 0
  for (const char of text) {
    if (cjkWide.test(char)) em += 1
    else if (/[A-Z0-9]/.test(char)) em += 0.66
    else if (/[mwMW]/.test(char)) em += 0.9
    else if (/[\s.,:;'’!|il]/.test(char)) em += 0.3
    else em += 0.58
  }
  return em * headSize
}

/** The text cut to fit the width, at a word where it can, with an ellipsis. */
export function fitHead(text: string, width: number): string {
  if (headExtent(text) <= width) return text
  const room = width - headExtent('…')
  let cut = ''
  for (const char of text) {
    if (headExtent(cut + char) > room) break
    cut += char
  }
  const word = /^(.*\S)\s+\S*$/su.exec(cut)
  // Back to a word break unless that loses most of the line (CJK has no spaces).
  const kept = word && word[1]!.length > cut.length * 0.6 ? word[1]! : cut.trimEnd()
  return kept.replace(/[\s,;:·–—-]+$/u, '') + '…'
}

/**
 * The running heads: the series on left pages (its `short` name if given),
 * else the authors; the title on right pages. Each fits one line of the
 * page's text block, cut with an ellipsis if it is still too long.
 */
export function runningHeads(meta: PaperMeta, pageSize: 'A4' | 'Letter' = 'A4'): {left: string; right: string} {
  const width = headWidth[pageSize]
  const series = meta.series
  const number = series?.number === undefined ? '' : ` · ${formatNumber(series.number, meta.lang)}`
  // A long series name is cut, never its number.
  const left = series ? fitHead(series.short ?? series.name, width - headExtent(number)) + number : fitHead(meta.authors.map((a) => a.name).join(', '), width)
  return {left, right: fitHead(meta.title, width)}
}
