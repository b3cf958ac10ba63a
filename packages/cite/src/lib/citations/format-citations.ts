import type {Paragraph, Parents, PhrasingContent, Text} from 'mdast'
import {didYouMeanHint, report} from '@offprint/parse/report'
import {visit} from 'unist-util-visit'
import type {Paper} from '../types.js'
import {authorNames} from './author-names.js'
import {etAlOthers} from './bibtex-items.js'
import {citeprocEngine, type CiteprocCitation, type CiteprocItem, type Engine} from './citeproc-engine.js'
import {htmlToPhrasing} from './html-to-phrasing.js'
import type {CitationOptions} from './options.js'
import {localeFor, resolveStyle, type CitationStyle} from './styles.js'
import type {Citation, CitationItem, CslItem} from './types.js'

const emptyOptions: Readonly<CitationOptions> = Object.freeze({})

/** A citation node, where it is, and the note it belongs to (0: the body). */
interface Found {
  citation: Citation
  parent: Parents
  noteIndex: number
  /** Whether it opens its note: a note is a sentence, so `see` becomes `See`. */
  opensNote: boolean
}

/**
 * Format every `citation` node of a numbered paper with citeproc-js, after
 * `numberNotes`. Citations are processed in note order with each note's own
 * number, so the author's notes count and first, short and “Ibid.” forms
 * come out right. Each node is replaced by its formatted text (italics as
 * emphasis, URLs and DOIs as links). Unless suppressed, `paper.bibliography`
 * holds the works cited. Unknown keys are errors (`citation-unknown-key`).
 * Mutates and returns `paper`.
 */
export function formatCitations(paper: Paper, options: CitationOptions = emptyOptions): Paper {
  const {file} = paper
  const style = resolveStyle(options.style, options.ibid ?? false, file)
  const lang = options.lang ?? paper.meta.lang
  const items = new Map<string, CslItem>()
  for (const item of options.bibliography ?? []) items.set(item.id, item)
  const found = collect(paper)
  if (found.length === 0) return paper

  let engine: Engine
  try {
    engine = citeprocEngine(style, localeFor(lang), items, options.cache)
  } catch (error) {
    report(file, {reason: `Unexpected CSL style that citeproc cannot read (${String(error)}), expected a valid CSL 1.0 style`, ruleId: 'citation-style', severity: 'error'})
    return paper
  }

  const clusters: CiteprocCitation[] = []
  const cited = new Set<string>()
  for (const [index, {citation, noteIndex}] of found.entries()) {
    // The note holding the rest of an `author-only` citation reports its keys.
    if (citation.mode === 'author-only') continue
    const known = citation.items.filter((item) => checkKey(item, items, paper, citation, options.bibliographyComplete ?? true))
    if (known.length === 0) continue
    if (style.class === 'note') for (const item of known) checkShortTitle(item, items, cited, paper)
    const composite = citation.mode === 'author-in-text' && style.class === 'in-text'
    clusters.push({
      citationID: String(index),
      citationItems: known.map(toCiteprocItem),
      properties: composite ? {noteIndex, mode: 'composite'} : {noteIndex}
    })
  }

  let output: Map<string, string>
  try {
    output = new Map(engine.rebuildProcessorState(clusters, 'html').map(([id, , html]) => [id, html]))
  } catch (error) {
    report(file, {reason: `Unexpected failure of citeproc (${String(error)}), expected well-formed CSL items`, ruleId: 'citation-format', severity: 'error'})
    return paper
  }

  const and = engine.getTerm('and') || 'and'
  const tidy = tidier(engine, and, localeFor(lang))
  for (const [index, {citation, parent, opensNote}] of found.entries()) {
    const raw = output.get(String(index))
    const html = raw === undefined ? undefined : tidy(raw)
    const nodes: PhrasingContent[] = []
    if (citation.mode === 'author-only') {
      const item = items.get(citation.items[0]?.id ?? '')
      if (item) nodes.push({type: 'text', value: authorNames(item, and)})
    } else if (html !== undefined) {
      nodes.push(...htmlToPhrasing(html))
    }
    const unknown = citation.items.filter((item) => !items.has(item.id))
    unknown.forEach((item, position) => {
      // Pandoc prints an unknown key in bold with a question mark.
      if (nodes.length > 0 || position > 0) nodes.push({type: 'text', value: '; '})
      nodes.push({type: 'strong', children: [{type: 'text', value: `${item.id}?`}]})
    })
    if (opensNote) capitalize(nodes)
    // An author-only citation ends in a name (`et al.`), not in a closing period.
    replace(parent, citation, nodes, citation.mode !== 'author-only', localeFor(lang) === 'en-US')
  }

  if (!options.suppressBibliography) {
    const children = bibliography(engine, tidy)
    if (children.length > 0) paper.bibliography = {title: options.bibliographyTitle ?? defaultTitle(style, lang), children}
  }
  return paper
}

/** Citations of the body, then of each note in number order. */
function collect(paper: Paper): Found[] {
  const found: Found[] = []
  const add = (tree: Parents, noteIndex: number): void => {
    const first = tree.children[0]
    const opening = noteIndex > 0 && first?.type === 'paragraph' ? first.children[0] : undefined
    visit(tree, 'citation', (citation, _, parent) => {
      if (parent) found.push({citation, parent, noteIndex, opensNote: citation === opening})
    })
  }
  add(paper.tree, 0)
  for (const note of paper.notes) add({type: 'root', children: note.children}, note.number)
  return found
}

function checkKey(item: CitationItem, items: Map<string, CslItem>, paper: Paper, citation: Citation, complete: boolean): boolean {
  if (items.has(item.id)) return true
  if (!complete) return false
  report(paper.file, {
    reason: `Unexpected unknown citation key \`@${item.id}\`${didYouMeanHint(item.id, items.keys(), (key) => `\`@${key}\``)}, expected a key from the bibliography`,
    ruleId: 'citation-unknown-key',
    severity: 'error',
    place: item.position ?? citation.position
  })
  return false
}

/** Words a short note may repeat of a title before it should have a short form (CMOS 14.30: up to four). */
const shortTitleWords = 4

/**
 * A work cited again gets a short note, whose title is the work's short
 * title: without one, the whole title is repeated. Said once per work, at the
 * citation that first repeats it.
 */
function checkShortTitle(item: CitationItem, items: Map<string, CslItem>, cited: Set<string>, paper: Paper): void {
  const first = !cited.has(item.id)
  cited.add(item.id)
  const work = items.get(item.id)
  if (first || !work || cited.has('\0' + item.id)) return
  const title = typeof work.title === 'string' ? work.title : ''
  const words = title.split(/\s+/).filter(Boolean).length
  if (words <= shortTitleWords || work['title-short'] || (work as {shortTitle?: unknown}).shortTitle) return
  cited.add('\0' + item.id)
  report(paper.file, {
    reason: `Unexpected short note repeating the whole ${words}-word title of \`@${item.id}\`, expected a short title: \`shorttitle\` in BibTeX, \`title-short\` in CSL-JSON/YAML`,
    ruleId: 'citation-short-title',
    severity: 'warning',
    place: item.position
  })
}

function toCiteprocItem(item: CitationItem): CiteprocItem {
  const result: CiteprocItem = {id: item.id}
  if (item.prefix) result.prefix = item.prefix + ' '
  if (item.locator) {
    result.locator = item.locator
    result.label = item.label || 'page'
  }
  if (item.suffix) result.suffix = /^[,.;:]/.test(item.suffix) ? item.suffix : ' ' + item.suffix
  if (item.suppressAuthor) result['suppress-author'] = true
  return result
}

/**
 * Put `nodes` where `citation` was. Inside a sentence (text follows) the
 * style's closing period goes: `See [@a] for more.` must not read `2020. for`.
 */
function replace(parent: Parents, citation: Citation, nodes: PhrasingContent[], closes: boolean, american: boolean): void {
  const index = (parent.children as unknown[]).indexOf(citation)
  if (index === -1) return
  const next = parent.children[index + 1]
  const followed = next !== undefined && !(next.type === 'text' && next.value.trim() === '')
  if (followed && closes) dropFinalPeriod(nodes)
  if (closes && next?.type === 'text') mergePunctuation(nodes, next, american)
  parent.children.splice(index, 1, ...(nodes as never[]))
}

/**
 * The author's punctuation after a citation inside a note, met with the
 * citation's end: `also ibid.` + `.` is one period; in American style
 * `“Database”` + `.` is `“Database.”`.
 */
function mergePunctuation(nodes: PhrasingContent[], next: Text, american: boolean): void {
  const last = lastText(nodes)
  if (!last) return
  if (next.value.startsWith('.') && last.value.endsWith('.')) {
    next.value = next.value.slice(1)
  } else if (american && /^[.,]/.test(next.value) && last.value.endsWith('”')) {
    last.value = last.value.slice(0, -1) + next.value.charAt(0) + '”'
    next.value = next.value.slice(1)
  }
}

function lastText(nodes: ReadonlyArray<PhrasingContent>): Text | undefined {
  const last = nodes.at(-1)
  if (last?.type === 'text') return last
  return last && last.type !== 'link' && 'children' in last ? lastText(last.children as PhrasingContent[]) : undefined
}

const abbreviation = /(?:^|[\s(])(?:ibid|et al|n\.d|eds?|trans|diss|repr|comp|[A-Z])\.$/i

/** The style's closing period, also where American style put it inside a quote (`Database.”`). */
function dropFinalPeriod(nodes: PhrasingContent[]): void {
  const last = nodes.at(-1)
  const period = last?.type === 'text' ? /\.([”’]?)$/.exec(last.value) : undefined
  // The period of an abbreviation stays: `see ibid. for this`, `Smith et al. and`.
  if (last?.type === 'text' && period && !period[1] && abbreviation.test(last.value)) return
  if (last?.type === 'text' && period) {
    last.value = last.value.slice(0, period.index) + (period[1] ?? '')
    if (last.value === '') nodes.pop()
  } else if (last && last.type !== 'link' && 'children' in last) {
    dropFinalPeriod(last.children as PhrasingContent[])
  }
}

function capitalize(nodes: PhrasingContent[]): void {
  const first = nodes[0]
  if (first?.type === 'text') first.value = first.value.charAt(0).toUpperCase() + first.value.slice(1)
}

/**
 * Corrections to citeproc's HTML: BibTeX `and others` as “et al.”; “ibid.”
 * in lower case (`capitalize` raises it where it opens a note, CMOS 14.34);
 * in American style a comma after a closing quote (a suffix, `, table 2`) moves inside it.
 */
function tidier(engine: Engine, and: string, locale: string): (html: string) => string {
  const etAl = engine.getTerm('et-al') || 'et al.'
  return (html) => {
    let result = etAlOthers(html, and, etAl).replace(/\bIbid\./g, 'ibid.')
    if (locale === 'en-US') result = result.replace(/”,/g, ',”')
    return result
  }
}

function bibliography(engine: Engine, tidy: (html: string) => string): Paragraph[] {
  const result = engine.makeBibliography()
  if (!result) return []
  const [meta, entries] = result
  return entries.map((html, index) => ({
    type: 'paragraph',
    children: htmlToPhrasing(tidy(html.trim())),
    data: {hProperties: {className: ['csl-entry'], id: `ref-${meta.entry_ids[index]?.[0] ?? index}`}}
  }))
}

function defaultTitle(style: CitationStyle, lang: string): string {
  if (localeFor(lang) === 'ja-JP') return '参考文献'
  return style.class === 'note' ? 'Bibliography' : 'References'
}
