import {readFileSync} from 'node:fs'
import type {Nodes} from 'mdast'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {createCitationCache, formatCitations, insertCitations, loadBibliography, numberNotes, type CitationOptions} from '@offprint/cite'

export const bibliography = loadBibliography(readFileSync(new URL('fixtures/citations/bibliography.yaml', import.meta.url), 'utf8'), {
  format: 'csl-yaml'
})

/** One cache for every test, as a build shares one across papers. */
const cache = createCitationCache()

/** Markdown-ish text of a tree: `*em*`, `**strong**`, `<url>`, `[n]` for a note mark. */
export function show(node: Nodes | Nodes[]): string {
  if (Array.isArray(node)) return node.map(show).join('')
  switch (node.type) {
    case 'text':
      return node.value
    case 'emphasis':
      return `*${show(node.children)}*`
    case 'strong':
      return `**${show(node.children)}**`
    case 'link':
      return show(node.children) === node.url ? `<${node.url}>` : `[${show(node.children)}](${node.url})`
    case 'noteReference':
      return `[${node.number}]`
    case 'citation':
      return `{citation ${node.value}}`
    default:
      return 'children' in node ? show(node.children as Nodes[]) : ''
  }
}

/** Run the whole stage on a paper body (front matter `title: T` on lines 1–3, so the body starts on line 4). */
export function cite(body: string, options: CitationOptions = {}) {
  const parsed = parsePaper(new VFile({path: 'paper.md', value: '---\ntitle: T\n---\n' + body}))
  insertCitations(parsed.tree, parsed.file, options)
  const paper = formatCitations(numberNotes(parsed), {bibliography, cache, ...options})
  return {
    paper,
    body: paper.tree.children.map((node) => show(node)).join('\n'),
    notes: paper.notes.map((note) => show(note.children as Nodes[])),
    bibliography: paper.bibliography?.children.map((entry) => show(entry)),
    messages: paper.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)
  }
}
