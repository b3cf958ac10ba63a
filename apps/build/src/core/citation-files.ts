import {citationFiles, paperItem} from '@offprint/cite'
import type {PaperMeta} from '@offprint/parse'
import type {LoadedSeriesConfig} from './series-config.js'

/**
 * Where a paper is published: its own `series.url`, else its series
 * config's (a paper that names its series by name alone is still published
 * with the others).
 */
export function seriesUrlOf(meta: PaperMeta, config: LoadedSeriesConfig | undefined): string | undefined {
  const inherited = config?.defaults.series
  return meta.series?.url ?? (typeof inherited === 'object' ? inherited.url : undefined)
}

/** “Cite this paper”: `<slug>.bib`, `<slug>.ris` and `<slug>.json` (CSL-JSON), from its metadata. */
export function citationFilesOf(slug: string, meta: PaperMeta, url: string | undefined): Array<{name: string; data: string}> {
  const files = citationFiles(paperItem(meta, {slug, url}))
  return [
    {name: `${slug}.bib`, data: files.bib},
    {name: `${slug}.ris`, data: files.ris},
    {name: `${slug}.json`, data: files.json}
  ]
}
