import type {FootnoteDefinition, FootnoteReference, Parents, Root, RootContent, Text} from 'mdast'
import type {ParsedPaper} from '@offprint/parse'
import {didYouMeanHint, report} from '@offprint/parse/report'
import {pointInNode} from '@offprint/parse/source-points'
import {toString} from 'mdast-util-to-string'
import {SKIP, visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import type {Note, NoteReference, Paper} from './types.js'

/**
 * Build the notes model of a parsed paper: every note numbered 1..N in order of
 * first reference (references inside notes count when their note is reached,
 * as GFM renders them), each reference replaced by a `noteReference`, repeated
 * references keeping their number. Undefined, duplicate and empty notes are
 * errors; a note never referenced is a warning and is left out.
 */
export function numberNotes(parsed: ParsedPaper): Paper {
  const {file, meta} = parsed
  const tree: Root = {...parsed.tree, children: parsed.tree.children.filter((node) => node.type !== 'yaml')}
  const definitions = takeDefinitions(tree, file)
  const notes: Note[] = []
  const byIdentifier = new Map<string, Note>()

  const numberReferences = (parent: Parents | {children: RootContent[]}): void => {
    visit(parent as Root, (node, index, container) => {
      if (node.type === 'text') findUndefinedCalls(node, file, definitions.keys())
      if (node.type !== 'footnoteReference' || !container || index === undefined) return
      const call = node as FootnoteReference
      const definition = definitions.get(call.identifier)
      if (!definition) return // micromark only makes a call of a defined label.
      let note = byIdentifier.get(call.identifier)
      if (!note) {
        note = {
          number: notes.length + 1,
          identifier: call.identifier,
          label: call.label ?? call.identifier,
          children: definition.children,
          references: 0,
          position: definition.position
        }
        notes.push(note)
        byIdentifier.set(call.identifier, note)
      }
      note.references++
      const reference: NoteReference = {type: 'noteReference', number: note.number, index: note.references, position: call.position}
      container.children.splice(index, 1, reference as never)
      return SKIP
    })
  }

  numberReferences(tree)
  // Notes referenced only from inside other notes are numbered as they are reached.
  for (let index = 0; index < notes.length; index++) {
    numberReferences({children: notes[index]!.children as RootContent[]})
  }

  for (const definition of definitions.values()) {
    if (byIdentifier.has(definition.identifier)) continue
    report(file, {
      reason: `Unexpected note \`[^${definition.label ?? definition.identifier}]\` that is never referenced, expected a reference \`[^${definition.label ?? definition.identifier}]\` in the text`,
      ruleId: 'note-unused',
      severity: 'warning',
      place: definition.position
    })
  }
  return {meta, tree, notes, file}
}

/** Remove every note definition from the tree; report duplicates and empty notes. */
function takeDefinitions(tree: Root, file: VFile): Map<string, FootnoteDefinition> {
  const definitions = new Map<string, FootnoteDefinition>()
  const holders = new Set<Parents>()
  visit(tree, 'footnoteDefinition', (node, _index, parent) => {
    if (!parent) return
    holders.add(parent)
    const label = node.label ?? node.identifier
    const first = definitions.get(node.identifier)
    if (first) {
      report(file, {
        reason: `Unexpected second definition of note \`[^${label}]\`, expected one definition per label (first at line ${first.position?.start.line ?? '?'})`,
        ruleId: 'note-duplicate',
        severity: 'error',
        place: node.position
      })
    } else {
      definitions.set(node.identifier, node)
      if (toString(node).trim() === '' && !node.children.some((child) => child.type !== 'paragraph')) {
        report(file, {
          reason: `Unexpected empty note \`[^${label}]\`, expected text after \`[^${label}]:\``,
          ruleId: 'note-empty',
          severity: 'error',
          place: node.position
        })
      }
    }
  })
  // Removed once per parent, after the walk: a splice per note would make many notes quadratic.
  for (const parent of holders) parent.children = parent.children.filter((child) => child.type !== 'footnoteDefinition') as never[]
  return definitions
}

const callPattern = /\[\^([^\]\s]+)\]/g

/** A `[^label]` left as text is a reference to a note nobody defined. */
function findUndefinedCalls(node: Text, file: VFile, labels: Iterable<string>): void {
  if (!node.value.includes('[^')) return
  for (const match of node.value.matchAll(callPattern)) {
    report(file, {
      reason: `Unexpected reference to undefined note \`[^${match[1]}]\`${didYouMeanHint(match[1]!, labels, (label) => `\`[^${label}]\``)}, expected a definition \`[^${match[1]}]: …\``,
      ruleId: 'note-undefined',
      severity: 'error',
      place: pointInNode(node, match.index ?? 0)
    })
  }
}
