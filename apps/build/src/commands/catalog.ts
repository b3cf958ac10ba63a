import {existsSync, readFileSync} from 'node:fs'
import {basename, join, relative, resolve} from 'node:path'
import type {PaperMeta} from '@offprint/parse'
import {renderCatalog, type CatalogEntry} from '@offprint/site'
import {reportVersion} from '../core/format-messages.js'
import {OutputFolder} from '../core/output-folder.js'
import type {Io} from './run.js'

interface ReportPaper {
  slug: string
  status: string
  meta?: PaperMeta | null
  artifacts: Array<{format: 'pdf' | 'epub' | 'html' | 'press'; path: string; bytes: number; pages?: number}>
}

interface Report {
  papers: ReportPaper[]
  summary?: unknown
}

/**
 * `offprint catalog report.json…`: merge the JSON reports of sharded builds
 * (`build --shard k/n --json`) into one catalog, `<out>/index.html`, and, with
 * `--json`, one report on stdout. A paper's artifacts must be in `out` (the
 * shards' outputs gathered there); a report that cannot be read is a usage error.
 */
export async function runCatalog(reports: string[], flags: {out?: string | undefined; json?: boolean | undefined; quiet?: boolean | undefined}, io: Io): Promise<number> {
  if (reports.length === 0) {
    io.stderr('offprint: catalog needs the JSON reports of the builds to merge (build --json > report.json)\n')
    return 2
  }
  const out = resolve(flags.out ?? 'dist')
  const papers = new Map<string, ReportPaper>()
  for (const path of reports) {
    let report: Report
    try {
      report = JSON.parse(readFileSync(path, 'utf8')) as Report
    } catch (error) {
      io.stderr(`offprint: cannot read report ${path}: ${(error as Error).message}\n`)
      return 2
    }
    for (const paper of report.papers) if (paper.status === 'built' || !papers.has(paper.slug)) papers.set(paper.slug, paper)
  }
  const entries: CatalogEntry[] = []
  let missing = 0
  for (const paper of papers.values()) {
    if (paper.status !== 'built' || !paper.meta) continue
    const files = paper.artifacts.map((artifact) => ({format: artifact.format, href: basename(artifact.path), bytes: artifact.bytes, pages: artifact.pages}))
    for (const file of files) {
      if (existsSync(join(out, file.href))) continue
      missing++
      io.stderr(`offprint: warning: ${file.href} of ${paper.slug} is not in ${relative(io.cwd, out) || '.'}; gather every shard's output there first\n`)
    }
    entries.push({slug: paper.slug, meta: paper.meta, files: files.filter((file) => existsSync(join(out, file.href)))})
  }
  const output = await OutputFolder.open(out)
  try {
    await output.write([{name: 'index.html', data: renderCatalog(entries)}])
  } finally {
    await output.close()
  }
  const merged = [...papers.values()].sort((a, b) => a.slug.localeCompare(b.slug))
  if (flags.json) {
    const built = merged.filter((paper) => paper.status === 'built').length
    io.stdout(JSON.stringify({version: reportVersion, offprint: io.version, papers: merged, summary: {papers: merged.length, built, failed: merged.length - built}}, null, 2) + '\n')
  }
  if (!flags.quiet) (flags.json ? io.stderr : io.stdout)(`catalog of ${entries.length} papers from ${reports.length} reports → ${relative(io.cwd, join(out, 'index.html'))}\n`)
  return missing > 0 || merged.some((paper) => paper.status !== 'built') ? 1 : 0
}
