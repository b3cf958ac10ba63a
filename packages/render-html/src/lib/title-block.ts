import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import type {PaperMeta} from '@offprint/parse'
import {formatDate, formatNumber, labelsFor} from './labels.js'

/** The series banner line: “Offprint Policy Papers · No. 14”. */
export function seriesLine(meta: PaperMeta): string | undefined {
  if (!meta.series) return undefined
  const number = meta.series.number === undefined ? '' : ` · ${formatNumber(meta.series.number, meta.lang)}`
  return meta.series.name + number
}

/** Series banner, title, subtitle, authors with affiliations, date. */
export function titleBlock(meta: PaperMeta): Element {
  const series = seriesLine(meta)
  const children: ElementContent[] = []
  if (series) children.push(h('p.series', series))
  children.push(h('h1.title#title', meta.title))
  if (meta.subtitle) children.push(h('p.subtitle', meta.subtitle))
  if (meta.authors.length > 0) {
    children.push(
      h(
        'ul.authors',
        meta.authors.map((author) =>
          h('li.author', [
            h('span.author-name', author.name),
            ...(author.affiliation ? [h('span.affiliation', author.affiliation)] : [])
          ])
        )
      )
    )
  }
  if (meta.date) children.push(h('p.date', h('time', {dateTime: meta.date}, formatDate(meta.date, meta.lang))))
  return h('header.title-block', children)
}

/** The abstract, paragraphs split on blank lines; keywords after it. */
export function abstractSection(meta: PaperMeta): Element | undefined {
  if (!meta.abstract && meta.keywords.length === 0) return undefined
  const words = labelsFor(meta.lang)
  const paragraphs = (meta.abstract ?? '').split(/\n\s*\n/).map((text) => text.trim()).filter(Boolean)
  return h('section.abstract', {role: 'doc-abstract', ariaLabelledBy: 'abstract-title'}, [
    h('h2.abstract-title#abstract-title', words.abstract),
    ...paragraphs.map((text) => h('p', text.replace(/\s*\n\s*/g, ' '))),
    ...(meta.keywords.length > 0
      ? [h('p.keywords', [h('span.keywords-label', words.keywords + ': '), meta.keywords.join(', ')])]
      : [])
  ])
}
