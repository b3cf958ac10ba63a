import {rename, writeFile} from 'node:fs/promises'
import {dirname, join, relative, resolve, basename} from 'node:path'
import {report} from '@offprint/parse/report'
import type {CslItem} from '@offprint/cite'
import {VFile} from 'vfile'
import {seriesUrlOf} from '../core/citation-files.js'
import {checkDepositable, crossrefDeposit, type DepositPaper} from '../core/crossref-deposit.js'
import type {PaperSource} from '../core/find-papers.js'
import {countMessages} from '../core/format-messages.js'
import type {Flags} from './parse-args.js'
import type {Io} from './run.js'
import {describeMessages, plain} from './terminal.js'

/**
 * `offprint crossref [paths…] -o deposit.xml`: one Crossref deposit for every
 * paper with a `doi` (a paper named by its file must have one). Each paper
 * goes through the same stages as `offprint check`; a paper with errors, or
 * missing what Crossref requires, is reported at its field and nothing is
 * written (exit 1). Without `-o` the deposit goes to stdout.
 */
export async function runCrossref(found: {sources: PaperSource[]; refused: number}, paths: ReadonlyArray<string>, flags: Flags, io: Io): Promise<number> {
  const tell = (file: VFile) => {
    for (const line of describeMessages(file, io.terminal ?? plain, flags.quiet)) io.stderr(line + '\n')
  }
  const [{preparePaper}, {createCitationCache}, {citationOptions}] = await Promise.all([import('../core/prepare-paper.js'), import('@offprint/cite'), import('../core/load-citations.js')])
  const citations = createCitationCache()
  const named = new Set(paths.filter((path) => /\.(md|markdown)$/i.test(path)).map((path) => resolve(io.cwd, path)))
  const papers: DepositPaper[] = []
  let failed = found.refused
  const configs = new Map<string, NonNullable<NonNullable<PaperSource['config']>['crossref']>>()
  for (const source of found.sources) {
    const {paper} = await preparePaper(source, {citations})
    const {meta, file} = paper
    if (!meta.doi && !named.has(source.path)) {
      if (flags.verbose) io.stderr(`offprint: ${source.slug} has no doi; not deposited\n`)
      continue
    }
    const url = seriesUrlOf(meta, source.config)
    const ready = checkDepositable(meta, url, file)
    const crossref = source.config?.crossref
    if (ready && !crossref) {
      report(file, {
        reason: 'Unexpected series without `crossref` in series.yaml, expected `crossref: {depositor: {name, email}, registrant}` (who deposits, who owns the DOIs)',
        ruleId: 'crossref-missing',
        severity: 'error',
        place: {line: 1, column: 1}
      })
    }
    tell(file)
    if (!ready || !crossref || countMessages(file).errors > 0) {
      failed++
      continue
    }
    configs.set(source.config!.path, crossref)
    // The works its bibliography lists: the paper's own bibliography files, read again.
    const citing = await citationOptions(meta.options, meta.lang, source, new VFile({path: file.path}), citations, new Set())
    const listed = new Set((paper.bibliography?.children ?? []).map((entry) => String((entry.data as {hProperties?: {id?: string}} | undefined)?.hProperties?.id ?? '').replace(/^ref-/, '')))
    const cited: CslItem[] = (citing?.bibliography ?? []).filter((item) => listed.size === 0 || listed.has(item.id))
    papers.push({slug: source.slug, meta, url: url!, cited})
  }
  if (failed > 0) {
    io.stderr(`offprint: ${failed} paper${failed === 1 ? '' : 's'} cannot be deposited; nothing was written\n`)
    return 1
  }
  if (papers.length === 0) {
    io.stderr('offprint: no paper has a doi; nothing to deposit\n')
    return 1
  }
  const deposit = crossrefDeposit(papers, {crossref: [...configs.values()][0]!})
  if (!flags.out) {
    io.stdout(deposit)
    return 0
  }
  const target = resolve(io.cwd, flags.out)
  // Written beside, then renamed: never a half-written deposit.
  const staging = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`)
  await writeFile(staging, deposit)
  await rename(staging, target)
  if (!flags.quiet) io.stderr(`crossref deposit of ${papers.length} paper${papers.length === 1 ? '' : 's'} → ${relative(io.cwd, target)}\n`)
  return 0
}
