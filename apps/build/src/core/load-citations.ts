import {readFile} from 'node:fs/promises'
import {relative, resolve, sep} from 'node:path'
import {bibliographyFormat, formatCitations, insertCitations, loadBibliography, numberNotes, type CitationCache, type CitationOptions, type CslItem, type Paper} from '@offprint/cite'
import type {ParsedPaper} from '@offprint/parse'
import {report} from '@offprint/parse/report'
import {VFile} from 'vfile'
import type {PaperSource} from './find-papers.js'

/**
 * Citation options for a paper that names a bibliography (otherwise `@word`
 * is plain text): its files read and parsed, the CSL style read when it is a
 * file. Bibliography files must be in the paper's folder, or come from the
 * series config (made absolute there).
 */
export async function citationOptions(
  options: Paper['meta']['options'],
  lang: string,
  source: PaperSource,
  file: VFile,
  cache: CitationCache | undefined,
  inputs: Set<string>
): Promise<CitationOptions | undefined> {
  if (!options.bibliography) return undefined
  const fromConfig = new Set([source.config?.defaults.bibliography ?? []].flat())
  const items: CslItem[] = []
  let complete = true
  for (const name of [options.bibliography].flat()) {
    const path = resolve(source.folder, name)
    const inside = path.startsWith(source.folder + sep)
    const format = bibliographyFormat(path)
    const problem = !inside && !fromConfig.has(name) ? 'outside the paper’s folder' : !format ? 'of an unknown kind' : undefined
    const text = problem ? undefined : await readFile(path, 'utf8').catch(() => undefined)
    if (text === undefined) {
      report(file, {
        reason: `Unexpected bibliography \`${name}\` ${problem ?? 'that cannot be read'}, expected a .bib, .json or .yaml file in ${relative(process.cwd(), source.folder) || '.'}`,
        ruleId: 'bibliography-missing',
        severity: 'error',
        place: {line: 1, column: 1}
      })
      continue
    }
    inputs.add(path)
    const bibliographyFile = new VFile({path: relative(process.cwd(), path), value: text})
    items.push(...loadBibliography(text, {format: format!, file: bibliographyFile}))
    // Problems in the bibliography file are the paper's problems too; each
    // message keeps the bibliography's path (`message.file`), which is where it is printed.
    for (const message of bibliographyFile.messages) file.messages.push(message)
    if (bibliographyFile.messages.some((message) => message.ruleId === 'bibliography-parse')) complete = false
  }
  let style = options.csl
  if (style && /\.csl$/i.test(style)) {
    const path = resolve(source.folder, style)
    inputs.add(path)
    style = await readFile(path, 'utf8').catch(() => {
      report(file, {reason: `Unexpected CSL style \`${options.csl}\` that cannot be read, expected a .csl file`, ruleId: 'citation-style', severity: 'error'})
      return undefined
    })
  }
  return {
    style,
    ibid: options.ibid,
    bibliography: items,
    bibliographyComplete: complete,
    lang,
    bibliographyTitle: options['bibliography-title'],
    suppressBibliography: options['suppress-bibliography'],
    cache
  }
}

/**
 * The tree stages of a paper that names a bibliography: citations found and
 * numbered with the notes, then formatted with CSL. This module (citeproc,
 * citation.js) is loaded only for such papers.
 */
export async function citePaper(parsed: ParsedPaper, source: PaperSource, cache: CitationCache | undefined, inputs: Set<string>): Promise<Paper> {
  const citing = await citationOptions(parsed.meta.options, parsed.meta.lang, source, parsed.file, cache, inputs)
  if (!citing) return numberNotes(parsed)
  insertCitations(parsed.tree, parsed.file, citing)
  return formatCitations(numberNotes(parsed), citing)
}
