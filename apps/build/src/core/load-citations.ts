import {readFile} from 'node:fs/promises'
import {relative} from 'node:path'
import {bibliographyFormat, formatCitations, insertCitations, loadBibliography, numberNotes, type CitationCache, type CitationOptions, type CslItem, type Paper} from '@offprint/cite'
import type {ParsedPaper} from '@offprint/parse'
import {report} from '@offprint/parse/report'
import {VFile} from 'vfile'
import type {PaperSource} from './find-papers.js'
import {isStylePath, resolveField, resolveStyle} from './paper-paths.js'
import {fieldPlace} from './resolve-inside.js'

/**
 * Citation options for a paper that names a bibliography (otherwise `@word`
 * is plain text): its files read and parsed, the CSL style read when it is a
 * file. Bibliography and style files go through the one path resolver: inside
 * the paper's folder, or (inherited) inside the series folder.
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
  const items: CslItem[] = []
  let complete = true
  for (const [index, name] of [options.bibliography].flat().entries()) {
    const place = fieldPlace(file, 'bibliography', index)
    const path = await resolveField(file, source, {key: 'bibliography', index, name, what: 'bibliography', expected: 'a .bib, .json or .yaml file', ruleId: 'bibliography-missing'})
    if (!path) continue
    const format = bibliographyFormat(path)
    const text = format ? await readFile(path, 'utf8').catch(() => undefined) : undefined
    if (text === undefined) {
      report(file, {
        reason: `Unexpected bibliography \`${name}\` ${format ? 'that cannot be read' : 'of an unknown kind'}, expected a .bib, .json or .yaml file`,
        ruleId: 'bibliography-missing',
        severity: 'error',
        place
      })
      continue
    }
    inputs.add(path)
    const bibliographyFile = new VFile({path: relative(process.cwd(), path), value: text})
    items.push(...loadBibliography(text, {format: format!, file: bibliographyFile, cache}))
    // Problems in the bibliography file are the paper's problems too; each
    // message keeps the bibliography's path (`message.file`), which is where it is printed.
    for (const message of bibliographyFile.messages) file.messages.push(message)
    if (bibliographyFile.messages.some((message) => message.ruleId === 'bibliography-parse')) complete = false
  }
  let style = options.csl
  if (style && isStylePath(style)) {
    const place = fieldPlace(file, 'csl')
    const path = await resolveStyle(file, source, style)
    if (path) inputs.add(path)
    style = path
      ? await readFile(path, 'utf8').catch(() => {
          report(file, {reason: `Unexpected CSL style \`${options.csl}\` that cannot be read, expected a .csl file`, ruleId: 'citation-style', severity: 'error', place})
          return undefined
        })
      : undefined
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
