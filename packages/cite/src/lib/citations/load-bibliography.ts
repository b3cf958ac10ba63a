// The declaration of the untyped citation-js travels with its one import (see citeproc-engine.ts).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./citation-js.d.ts" />
import {createRequire} from 'node:module'
import type * as CitationJs from '@citation-js/core'
import {cutCrossrefLoops} from './bibtex-crossref.js'
import {fromBibtex} from './bibtex-items.js'
import {report, type Problem} from '@offprint/parse/report'
import type {Point} from 'unist'
import {VFile} from 'vfile'
import {LineCounter, isMap, isSeq, parseDocument, type Node as YamlNode} from 'yaml'
import type {CitationCache} from './citation-cache.js'
import type {CslItem} from './types.js'

// CommonJS loaded with `require`, which skips Node's scan of each file for export names.
const require = createRequire(import.meta.url)
const {plugins} = require('@citation-js/core') as typeof CitationJs
// Registers the BibTeX/BibLaTeX input formats with citation-js.
require('@citation-js/plugin-bibtex')

export type BibliographyFormat = 'csl-json' | 'csl-yaml' | 'bibtex'

export interface LoadBibliographyOptions {
  /** The format; see `bibliographyFormat` to pick it from a file name. */
  format: BibliographyFormat
  /**
   * The bibliography file (give it a `path`), which receives every message.
   * Default: a new VFile, whose messages nobody sees.
   */
  file?: VFile | undefined
  /**
   * Bibliographies already read in this build (`createCitationCache()`): a
   * text read before is not parsed again (its items are shared, its problems
   * reported on `file` again). Default: none, every call parses.
   */
  cache?: CitationCache | undefined
}

/** The format of a bibliography file by its extension, or undefined. */
export function bibliographyFormat(path: string): BibliographyFormat | undefined {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase()
  if (extension === 'json') return 'csl-json'
  if (extension === 'yaml' || extension === 'yml') return 'csl-yaml'
  if (extension === 'bib' || extension === 'bibtex') return 'bibtex'
  return undefined
}

/**
 * Read a bibliography (CSL-JSON, CSL-YAML as pandoc writes it, or BibTeX /
 * BibLaTeX) into CSL-JSON items. Pure: takes the text, not a path. Problems
 * are positioned messages on `options.file` (`bibliography-parse` for a file
 * that cannot be read, `bibliography-item` for an entry without an id); what
 * can be read is returned.
 */
export function loadBibliography(text: string, options: LoadBibliographyOptions): CslItem[] {
  const file = options.file ?? new VFile({value: text})
  const key = `${options.format}\n${text}`
  let read = options.cache?.bibliographies.get(key)
  if (!read) {
    const problems: Problem[] = []
    const items = options.format === 'bibtex' ? readBibtex(text, problems) : readCsl(text, options.format, problems)
    read = {items: items.map(normalize), problems}
    options.cache?.bibliographies.set(key, read)
  }
  for (const problem of read.problems) report(file, problem)
  return [...read.items]
}

/** citation.js's BibTeX settings (one registry per process, ours alone). */
interface BibtexConfig {
  parse: {sentenceCase: 'never' | 'english' | 'always'}
  constants: {fieldTypes: Record<string, [string, string]>}
}

function readBibtex(text: string, problems: Problem[]): CslItem[] {
  // English titles in sentence case, brace-protected words as `<span class="nocase">`:
  // citeproc title-cases them again for Chicago and leaves them as they are for APA.
  const config = plugins.config.get('@bibtex') as BibtexConfig
  config.parse.sentenceCase = 'english'
  // `type = {Research Report}` is the report's kind (CSL `genre`), printed as written, not a title.
  config.constants.fieldTypes['type'] = ['field', 'literal']
  try {
    const data: unknown = plugins.input.chain(cutCrossrefLoops(text, problems), {target: '@csl/list+object', forceType: '@biblatex/text', generateGraph: false, maxChainLength: 10, strict: true})
    return Array.isArray(data) ? (data as CslItem[]).map(fromBibtex) : []
  } catch (error) {
    // citation-js says `… at line 6 col 1:` and then draws the line.
    const message = String(error instanceof Error ? error.message : error)
    const at = /at line (\d+) col (\d+)/.exec(message)
    const what = message.split('\n')[0]?.replace(/ at line \d+ col \d+:?$/, '') ?? message
    problem(problems, `Unexpected BibTeX syntax (${what}), expected \`@type{key, field = {value}, …}\` entries`, 'bibliography-parse', at ? {line: Number(at[1]), column: Number(at[2])} : undefined)
    return []
  }
}

function readCsl(text: string, format: 'csl-json' | 'csl-yaml', problems: Problem[]): CslItem[] {
  const counter = new LineCounter()
  const document = parseDocument(text, {lineCounter: counter, prettyErrors: false})
  const place = (offset: number | undefined): Point | undefined => {
    if (offset === undefined) return undefined
    const {line, col} = counter.linePos(offset)
    return {line, column: col}
  }
  const expected = format === 'csl-json' ? 'a JSON array of CSL items' : 'a YAML list of CSL items (or `references:` with one)'
  if (format === 'csl-json') {
    try {
      JSON.parse(text)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const offset = /position (\d+)/.exec(message)?.[1]
      problem(problems, `Unexpected JSON syntax (${message.replace(/ in JSON at position \d+.*$/, '')}), expected ${expected}`, 'bibliography-parse', place(offset === undefined ? 0 : Number(offset)))
      return []
    }
  }
  const error = document.errors[0]
  if (error) {
    problem(problems, `Unexpected YAML syntax (${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}), expected ${expected}`, 'bibliography-parse', place(error.pos[0]))
    return []
  }
  let list: unknown = document.contents
  if (isMap(list) && list.has('references')) list = list.get('references', true)
  if (!isSeq(list)) {
    problem(problems, `Unexpected ${list === null ? 'empty file' : 'value'}, expected ${expected}`, 'bibliography-parse', place((list as YamlNode | null)?.range?.[0]))
    return []
  }
  const items: CslItem[] = []
  for (const node of list.items) {
    const value: unknown = (node as YamlNode).toJSON()
    const id = value && typeof value === 'object' ? (value as Record<string, unknown>)['id'] : undefined
    if (typeof id === 'string' ? id === '' : typeof id !== 'number') {
      problem(problems, 'Unexpected item without an `id`, expected every item to have an `id` (its citation key)', 'bibliography-item', place((node as YamlNode).range?.[0]))
      continue
    }
    items.push(value as CslItem)
  }
  return items
}

function problem(problems: Problem[], reason: string, ruleId: string, place: Point | undefined): void {
  problems.push({reason, ruleId, severity: 'error', place})
}

const isoDate = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/
const dateVariables = ['issued', 'accessed', 'event-date', 'original-date', 'submitted', 'available-date']

/**
 * String ids and numbers, a default type, and dates citeproc-js can read: CSL-YAML (as
 * pandoc writes it) allows `issued: 2020-05-01` where CSL-JSON has date-parts.
 * BibLaTeX's `entrysubtype = {newspaper}` names a newspaper article.
 */
function normalize(raw: CslItem): CslItem {
  const item: CslItem = {...raw, id: String(raw.id), type: typeof raw.type === 'string' && raw.type ? raw.type : 'document'}
  // YAML reads `volume: 12` as a number; citeproc-js wants numeric variables as strings.
  for (const [variable, value] of Object.entries(item)) {
    if (typeof value === 'number' && !dateVariables.includes(variable)) item[variable] = String(value)
  }
  for (const variable of dateVariables) {
    const value = item[variable]
    if (typeof value !== 'string' && typeof value !== 'number') continue
    const match = isoDate.exec(String(value))
    item[variable] = match ? {'date-parts': [match.slice(1).filter(Boolean).map(Number)]} : {raw: String(value)}
  }
  if (item.type === 'article-journal' && (item['genre'] === 'newspaper' || item['genre'] === 'magazine')) {
    item.type = `article-${item['genre']}`
    delete item['genre']
  }
  return item
}
