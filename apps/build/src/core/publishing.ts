import {readFile} from 'node:fs/promises'
import {resolve} from 'node:path'
import {citeAs, paperItem, type CitationCache} from '@offprint/cite'
import type {PublishingOptions} from '@offprint/render-html'
import {seriesUrlOf} from './citation-files.js'
import {isStylePath} from './paper-paths.js'
import type {PreparedPaper} from './prepare-paper.js'
import type {Format} from './paper-cache.js'

/**
 * Where and how a paper is published, for its page's head and publishing
 * block: its slug, the series URL, the editions in other languages, and
 * its “Cite as” line in the series' style (`csl`, a name or a .csl file;
 * a style that cannot be read gives no line: the paper's citations report it).
 */
export async function publishingOptions(loaded: PreparedPaper, formats: ReadonlyArray<Format>, cache?: CitationCache): Promise<PublishingOptions> {
  const {meta} = loaded.paper
  const slug = loaded.source.slug
  const url = seriesUrlOf(meta, loaded.source.config)
  const csl = meta.options.csl
  const style = csl && isStylePath(csl) ? await readFile(resolve(loaded.source.folder, csl), 'utf8').catch(() => undefined) : csl
  return {
    slug,
    url,
    citeAs: csl && isStylePath(csl) && style === undefined ? undefined : citeAs(paperItem(meta, {slug, url}), {style, lang: meta.lang, cache}),
    citationFiles: true,
    editions: loaded.editions,
    formats: (['pdf', 'epub'] as const).filter((format) => formats.includes(format))
  }
}
