import {stat} from 'node:fs/promises'
import {basename, join} from 'node:path'
import {report} from '@offprint/parse/report'
import {atomFeed, opdsFeed, renderCatalog, sitemap, type CatalogEntry} from '@offprint/site'
import {VFile} from 'vfile'
import type {PaperResult} from './build-series.js'
import {citationFilesOf, seriesUrlOf} from './citation-files.js'
import {epubCover} from './epub-cover.js'
import {OutputFolder} from './output-folder.js'
import {fieldPlace} from './resolve-inside.js'

const formats = ['pdf', 'epub', 'html', 'press'] as const

export interface CatalogWriteOptions {
  title?: string | undefined
  /** Told of a file with messages about the catalog (a series without `url`). Default: none. */
  onMessages?: ((file: VFile) => void) | undefined
}

/**
 * Write `<out>/index.html`, the series catalog, and beside it the Atom feed
 * `feed.xml`, the OPDS acquisition feed `opds.xml` (with each paper's cover,
 * `<slug>-cover.jpg`, taken from its EPUB) and `sitemap.xml`: every paper
 * built now or taken from the cache, and every paper that failed this time
 * but whose previous artifacts are still in the folder (they are still
 * published). Feeds link absolutely under the series `url`; without one,
 * relatively, and a warning says so. Written into an output folder the
 * caller holds open, or opened here.
 */
export async function writeCatalog(output: OutputFolder | string, papers: ReadonlyArray<PaperResult>, options: CatalogWriteOptions = {}): Promise<string> {
  const out = typeof output === 'string' ? output : output.path
  const entries: CatalogEntry[] = []
  for (const paper of papers) {
    if (!paper.meta) continue
    const slug = paper.source.slug
    const citationFiles = await exists(join(out, `${slug}.bib`))
    if (paper.status === 'built') {
      entries.push({
        slug,
        meta: paper.meta,
        files: paper.artifacts.map((artifact) => ({format: artifact.format, href: basename(artifact.path), bytes: artifact.bytes, pages: artifact.pages})),
        citationFiles
      })
      continue
    }
    const files = []
    for (const format of formats) {
      const name = format === 'press' ? `${slug}-press.pdf` : `${slug}.${format}`
      const info = await stat(join(out, name)).catch(() => undefined)
      if (info) files.push({format, href: name, bytes: info.size})
    }
    if (files.length > 0) entries.push({slug, meta: paper.meta, files, citationFiles})
  }
  const url = seriesUrl(papers)
  // Loose papers with no series are not published anywhere in particular: only a series is told.
  if (!url && papers.some((paper) => paper.meta?.series)) options.onMessages?.(missingUrl(papers))
  const written: Array<{name: string; data: string | Uint8Array}> = []
  for (const entry of entries) {
    const epub = entry.files.find((file) => file.format === 'epub')
    const cover = epub && (await epubCover(join(out, epub.href)))
    if (!cover) continue
    const name = `${entry.slug}-cover.${cover.extension}`
    written.push({name, data: cover.data})
    entry.cover = {href: name, type: cover.mediaType}
  }
  const title = options.title ?? undefined
  const feedTitle = title ?? mostCommon(entries.map((entry) => entry.meta.series?.name)) ?? 'Papers'
  const feedOptions = {title: feedTitle, url, publisher: mostCommon(entries.map((entry) => entry.meta.publisher))}
  written.push(
    {name: 'index.html', data: renderCatalog(entries, {title, feeds: true})},
    {name: 'feed.xml', data: atomFeed(entries, feedOptions)},
    {name: 'opds.xml', data: opdsFeed(entries, feedOptions)},
    {name: 'sitemap.xml', data: sitemap(entries, url)}
  )
  const folder = typeof output === 'string' ? await OutputFolder.open(output) : output
  try {
    await folder.write(written)
  } finally {
    if (folder !== output) await folder.close()
  }
  return join(out, 'index.html')
}

/**
 * Write each built paper's citation files, `<slug>.bib`, `.ris` and `.json`,
 * beside its artifacts (from its metadata alone: no rendering, so a paper
 * taken from the cache gets them too).
 */
export async function writeCitationFiles(output: OutputFolder, papers: ReadonlyArray<PaperResult>): Promise<void> {
  const files = papers
    .filter((paper) => paper.status === 'built' && paper.meta)
    .flatMap((paper) => citationFilesOf(paper.source.slug, paper.meta!, seriesUrlOf(paper.meta!, paper.source.config)))
  if (files.length > 0) await output.write(files)
}

/** The series URL the papers share: from the series config, else the one most papers name. */
function seriesUrl(papers: ReadonlyArray<PaperResult>): string | undefined {
  return mostCommon(papers.map((paper) => paper.meta && seriesUrlOf(paper.meta, paper.source.config)))
}

/** The warning for a series without `url`, at the `series` field of its config (or of its first paper that names one). */
function missingUrl(papers: ReadonlyArray<PaperResult>): VFile {
  const config = papers.find((paper) => paper.source.config)?.source.config
  const paper = papers.find((each) => each.meta?.series)
  const file = new VFile({path: config?.file.path ?? paper?.file.path ?? 'index.html'})
  const place = config ? fieldPlace(config.file, 'series') : paper ? fieldPlace(paper.file, 'series') : undefined
  report(file, {
    reason: 'Unexpected series without `url`, expected `series: {url: …}` (where the series is published) for absolute links in feed.xml, opds.xml and sitemap.xml; they link relatively',
    ruleId: 'series-url-missing',
    severity: 'warning',
    place: place ?? {line: 1, column: 1}
  })
  return file
}

function mostCommon(values: ReadonlyArray<string | undefined>): string | undefined {
  const counts = new Map<string, number>()
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1)
  let best: string | undefined
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value
  return best
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}
