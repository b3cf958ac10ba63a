import {stat} from 'node:fs/promises'
import {basename, join} from 'node:path'
import {renderCatalog, type CatalogEntry} from '@offprint/site'
import type {PaperResult} from './build-series.js'
import {OutputFolder} from './output-folder.js'

const formats = ['pdf', 'epub', 'html', 'press'] as const

/**
 * Write `<out>/index.html`, the series catalog: every paper built now or
 * taken from the cache, and every paper that failed this time but whose
 * previous artifacts are still in the folder (they are still published).
 * Written into an output folder the caller holds open, or opened here.
 */
export async function writeCatalog(output: OutputFolder | string, papers: ReadonlyArray<PaperResult>, options: {title?: string | undefined} = {}): Promise<string> {
  const out = typeof output === 'string' ? output : output.path
  const entries: CatalogEntry[] = []
  for (const paper of papers) {
    if (!paper.meta) continue
    if (paper.status === 'built') {
      entries.push({
        slug: paper.source.slug,
        meta: paper.meta,
        files: paper.artifacts.map((artifact) => ({format: artifact.format, href: basename(artifact.path), bytes: artifact.bytes, pages: artifact.pages}))
      })
      continue
    }
    const files = []
    for (const format of formats) {
      const name = format === 'press' ? `${paper.source.slug}-press.pdf` : `${paper.source.slug}.${format}`
      const info = await stat(join(out, name)).catch(() => undefined)
      if (info) files.push({format, href: name, bytes: info.size})
    }
    if (files.length > 0) entries.push({slug: paper.source.slug, meta: paper.meta, files})
  }
  const folder = typeof output === 'string' ? await OutputFolder.open(output) : output
  try {
    await folder.write([{name: 'index.html', data: renderCatalog(entries, {title: options.title})}])
  } finally {
    if (folder !== output) await folder.close()
  }
  return join(out, 'index.html')
}
