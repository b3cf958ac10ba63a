import type {Root as HastRoot} from 'hast'
import type {Root} from 'mdast'
import {remarkBibliography, remarkCitations, remarkNotes, type RemarkCitationsOptions} from '@offprint/cite/plugin'
import {remarkPaper, remarkPaperSyntax, type RemarkPaperOptions} from '@offprint/parse/plugin'
import remarkRehype from 'remark-rehype'
import {unified, type PluggableList, type Processor} from 'unified'
import type {VFile} from 'vfile'
import './paper-data.js'
import {remarkRehypeOptions} from './paper-handlers.js'
import {rehypeArticle} from './rehype-article.js'
import {rehypeDeadLinks} from './rehype-dead-links.js'
import {rehypeNotes} from './rehype-notes.js'
import {rehypeRawHtml} from './rehype-raw-html.js'
import {rehypeSanitizePaper} from './rehype-sanitize-paper.js'
import {remarkCharts, type RemarkChartsOptions} from './remark-charts.js'
import {remarkFitTables} from './remark-fit-tables.js'
import {remarkHeadings} from './remark-headings.js'
import {remarkImageCaptions} from './remark-image-captions.js'
import {remarkInlineBlockHtml, remarkTypography} from './remark-typography.js'

export interface ProcessorOptions {
  /** Options of the paper stage (`remarkPaper`): a series' defaults, input limits. Default: none. */
  paper?: RemarkPaperOptions | undefined
  /** Options of the citation stage (`remarkCitations`): how to get a paper's bibliography. Default: no citations. */
  citations?: RemarkCitationsOptions | undefined
  /** Options of the chart stage (`remarkCharts`): what draws ```vega-lite, ```plotly and ```mermaid blocks. Default: they stay code. */
  charts?: RemarkChartsOptions | undefined
  /**
   * The series' remark plugins, run on the body's mdast after all of ours
   * (notes numbered, citations formatted, typography, heading ids) and before
   * remark-rehype. Default: none.
   */
  remarkPlugins?: PluggableList | undefined
  /**
   * The series' rehype plugins, run on the body's hast after ours have parsed
   * raw HTML and checked links, and before the sanitizer: what they add is
   * held to the allow-list like the author's HTML. Default: none.
   */
  rehypePlugins?: PluggableList | undefined
}

/** A frozen paper processor: markdown in, the `<article>` hast out, `file.data.rendered` set. */
export type PaperProcessor = Processor<Root, Root, HastRoot, undefined, undefined>

const emptyOptions: Readonly<ProcessorOptions> = Object.freeze({})

/**
 * Offprint's whole pipeline as one unified processor, frozen: build it once
 * (per series) and run it on every paper. Parse → `remarkPaper` →
 * `remarkCitations` → `remarkNotes` → `remarkBibliography` → `remarkCharts` →
 * `remarkTypography` → `remarkInlineBlockHtml` → `remarkFitTables` → `remarkHeadings` → the
 * series' remark plugins → remark-rehype (our handlers) → `rehypeNotes` →
 * `rehypeRawHtml` → `rehypeDeadLinks` → the series' rehype plugins →
 * `rehypeSanitizePaper` → `rehypeArticle`. No stage reads the disk.
 */
export function createPaperProcessor(options: ProcessorOptions = emptyOptions): PaperProcessor {
  return unified()
    .use(remarkPaperSyntax)
    .use(remarkPaper, options.paper)
    .use(remarkCitations, options.citations)
    .use(remarkNotes)
    .use(remarkBibliography)
    .use(remarkCharts, options.charts)
    .use(renderStages(options))
    .freeze() as unknown as PaperProcessor
}

/** The body's final mdast on `file.data.mdast`: apps/build finds the paper's images in it after the run. */
function remarkKeepTree() {
  return (tree: Root, file: VFile): undefined => {
    file.data.mdast = tree
  }
}

/** The stages from a paper model (notes numbered) to the article: what `renderPaper` runs. */
export function renderStages(options: Pick<ProcessorOptions, 'remarkPlugins' | 'rehypePlugins'> = emptyOptions): {plugins: PluggableList} {
  return {
    plugins: [
      remarkTypography,
      remarkInlineBlockHtml,
      remarkFitTables,
      remarkImageCaptions,
      remarkHeadings,
      ...(options.remarkPlugins ?? []),
      remarkKeepTree,
      [remarkRehype, remarkRehypeOptions],
      rehypeNotes,
      rehypeRawHtml,
      rehypeDeadLinks,
      ...(options.rehypePlugins ?? []),
      rehypeSanitizePaper,
      rehypeArticle
    ]
  }
}
