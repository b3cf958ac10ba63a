import type {Element, Root} from 'hast'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import {seriesLine} from './title-block.js'
import type {RenderedPaper} from './render-paper.js'

export interface DocumentOptions {
  /** The theme's CSS, inlined so the document stands alone. */
  css: string
}

/** The article: title block, abstract, body, notes. */
export function articleOf(rendered: RenderedPaper): Element {
  return h('article.paper', [
    rendered.titleBlock,
    ...(rendered.abstract ? [rendered.abstract] : []),
    h('div.paper-body', rendered.body),
    ...(rendered.notesSection ? [rendered.notesSection] : [])
  ])
}

/**
 * A complete, self-contained HTML document for print and for the web: the
 * theme inlined, plus the page rules that carry this paper's running heads.
 */
export function toDocument(rendered: RenderedPaper, options: DocumentOptions): string {
  const {meta} = rendered
  const tree: Root = {
    type: 'root',
    children: [
      {type: 'doctype'},
      h('html', {lang: meta.lang}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          h('title', meta.title),
          ...(meta.authors.length > 0 ? [h('meta', {name: 'author', content: meta.authors.map((a) => a.name).join('; ')})] : []),
          ...(meta.abstract ? [h('meta', {name: 'description', content: meta.abstract.replace(/\s+/g, ' ')})] : []),
          ...(meta.keywords.length > 0 ? [h('meta', {name: 'keywords', content: meta.keywords.join(', ')})] : []),
          ...(meta.date ? [h('meta', {name: 'dcterms.date', content: meta.date})] : []),
          h('meta', {name: 'generator', content: 'Offprint'}),
          h('style', options.css + '\n' + pageRules(rendered))
        ]),
        h('body', articleOf(rendered))
      ])
    ]
  }
  return toHtml(tree)
}

/** Running heads: the series on left pages, the title on right pages, none on the first. */
function pageRules(rendered: RenderedPaper): string {
  const left = seriesLine(rendered.meta) ?? rendered.meta.authors.map((a) => a.name).join(', ')
  const right = rendered.meta.title
  return `@page :left { @top-left { content: ${cssString(left)}; } }
@page :right { @top-right { content: ${cssString(right)}; } }
@page :first { @top-left { content: none; } @top-right { content: none; } }`
}

/** A CSS string literal for any text (quotes, backslashes, newlines escaped). */
export function cssString(text: string): string {
  return '"' + text.replace(/[\\"]/g, (c) => '\\' + c).replace(/[\n\r\f]/g, ' ') + '"'
}
