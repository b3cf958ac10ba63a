import type {FootnoteDefinition, FootnoteReference, Parents, PhrasingContent, Root, RootContent, Text} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {findCitations, type FoundCitation} from './citation-syntax.js'
import type {CitationOptions} from './options.js'
import {createPointAt, type PointAt} from './source-points.js'
import {putsPunctuationInQuote, resolveStyle} from './styles.js'
import type {Citation, CitationItem} from './types.js'

const emptyOptions: Readonly<CitationOptions> = Object.freeze({})

/** Nodes whose text is not prose: no citations inside. */
const opaque = new Set(['code', 'inlineCode', 'html', 'yaml', 'link', 'linkReference', 'definition', 'math', 'inlineMath'])
/** Punctuation that moves before a note mark, as pandoc moves it. */
const movable = /^[.,;:!?。、；：！？]/

interface State {
  file: VFile
  noteStyle: boolean
  /** American style: a comma or period moved before the mark goes inside a closing quote. */
  punctuationInQuote: boolean
  /** Synthetic notes, appended to the tree after the walk. */
  definitions: FootnoteDefinition[]
  /** Identifiers the author used, so synthetic ones never clash. */
  taken: Set<string>
}

/**
 * Turn pandoc citations in the text of `tree` into `citation` nodes, before
 * `numberNotes`. With a note style (`<style class="note">`, the default), a
 * citation in the body becomes a note of its own, numbered in one sequence
 * with the author's notes, and punctuation after it moves before the mark
 * (`text [@a].` → `text.¹`); a citation inside an author's note stays in place.
 * An in-text citation (`@a says`) keeps the author in the text and puts the
 * rest in a note. With an in-text style every citation stays where it is.
 */
export function insertCitations(tree: Root, file: VFile, options: CitationOptions = emptyOptions): void {
  const taken = new Set<string>()
  visit(tree, (node) => {
    if (node.type === 'footnoteDefinition' || node.type === 'footnoteReference') taken.add(node.identifier)
  })
  const noteStyle = resolveStyle(options.style, false).class === 'note'
  const punctuationInQuote = noteStyle && putsPunctuationInQuote(options.lang ?? file.data.meta?.lang)
  const state: State = {file, noteStyle, punctuationInQuote, definitions: [], taken}
  walk(tree, false, state)
  tree.children.push(...state.definitions)
}

function walk(parent: Parents, inNote: boolean, state: State): void {
  for (let index = 0; index < parent.children.length; index++) {
    const child = parent.children[index] as RootContent
    if (child.type === 'text') {
      const replacement = splitText(child, inNote, state)
      if (replacement) {
        parent.children.splice(index, 1, ...(replacement as never[]))
        index += replacement.length - 1
      }
    } else if ('children' in child && !opaque.has(child.type)) {
      walk(child, inNote || child.type === 'footnoteDefinition', state)
    }
  }
}

/** The nodes replacing a text node with citations in it, or undefined when it has none. */
function splitText(node: Text, inNote: boolean, state: State): PhrasingContent[] | undefined {
  if (!node.value.includes('@')) return undefined
  const found = findCitations(node.value)
  if (found.length === 0) return undefined
  const pointAt = createPointAt(state.file, node)
  const result: PhrasingContent[] = []
  let cursor = 0
  const pushText = (start: number, end: number, value = node.value.slice(start, end)): void => {
    if (value) result.push({type: 'text', value, position: span(pointAt, start, end)})
  }

  for (const match of found) {
    const citation = toCitation(node.value, match, pointAt)
    if (!state.noteStyle || inNote) {
      pushText(cursor, match.start)
      result.push(citation)
      cursor = match.end
    } else if (match.mode === 'author-in-text') {
      // Pandoc's reading: the author stays in the text, the work goes to a note.
      const item = citation.items[0]!
      pushText(cursor, match.start)
      result.push({...citation, mode: 'author-only'})
      result.push(addNote(state, {...citation, mode: 'normal', items: [{...item, suppressAuthor: true}]}))
      cursor = match.end
    } else {
      // `text [@a].` → `text.¹`: no space before the mark, punctuation before it.
      const before = node.value.slice(cursor, match.start).replace(/[ \t]+$/, '')
      const punctuation = movable.exec(node.value.slice(match.end))?.[0] ?? ''
      pushText(cursor, match.start, withPunctuation(before, punctuation, state.punctuationInQuote))
      result.push(addNote(state, citation))
      cursor = match.end + punctuation.length
    }
  }
  pushText(cursor, node.value.length)
  return result
}

/**
 * The text before a note mark with the punctuation that moved before it:
 * `partners”` + `,` is `partners,”` in American style (CMOS 6.9: commas and
 * periods inside closing quotation marks), `partners”,` otherwise.
 */
function withPunctuation(before: string, punctuation: string, inQuote: boolean): string {
  if (!inQuote || (punctuation !== ',' && punctuation !== '.')) return before + punctuation
  const quotes = /[”"]+$/.exec(before)?.[0]
  if (!quotes || before.length === quotes.length || /\s/.test(before.charAt(before.length - quotes.length - 1))) return before + punctuation
  return before.slice(0, -quotes.length) + punctuation + quotes
}

/** A synthetic note holding `citation`; returns the reference to put in the text. */
function addNote(state: State, citation: Citation): FootnoteReference {
  let identifier = `citation-${state.definitions.length + 1}`
  while (state.taken.has(identifier)) identifier += '-'
  state.taken.add(identifier)
  state.definitions.push({
    type: 'footnoteDefinition',
    identifier,
    label: identifier,
    children: [{type: 'paragraph', children: [citation], position: citation.position}],
    position: citation.position
  })
  return {type: 'footnoteReference', identifier, label: identifier, position: citation.position}
}

function toCitation(value: string, match: FoundCitation, pointAt: PointAt): Citation {
  const items: CitationItem[] = match.items.map(({start, end, ...item}) => ({...item, position: span(pointAt, start, end)}))
  return {type: 'citation', mode: match.mode, items, value: value.slice(match.start, match.end), position: span(pointAt, match.start, match.end)}
}

function span(pointAt: PointAt, start: number, end: number): Position | undefined {
  const from = pointAt(start)
  const to = pointAt(end)
  return from && to ? {start: from, end: to} : undefined
}
