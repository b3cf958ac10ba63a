import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {toString} from 'mdast-util-to-string'
import {parsePaper, severityOf} from '@offprint/parse'
import * as api from '@offprint/cite'
import {numberNotes, type NoteReference} from '@offprint/cite'
import {visit} from 'unist-util-visit'

function notes(markdown: string) {
  const paper = numberNotes(parsePaper(new VFile({path: 'x.md', value: '---\ntitle: T\n---\n' + markdown})))
  const references: Array<[number, number]> = []
  visit(paper.tree, 'noteReference', (node: NoteReference) => {
    references.push([node.number, node.index])
  })
  return {
    paper,
    references,
    list: paper.notes.map((note) => [note.number, note.label, toString({type: 'root', children: note.children}).trim()]),
    messages: paper.file.messages.map((m) => `${m.line}:${m.column} ${severityOf(m)} ${m.ruleId}`)
  }
}

describe('@offprint/cite numberNotes', () => {
  it('exposes its public API', () => {
    expect(Object.keys(api).sort()).toEqual([
      'bibliographyFormat',
      'builtinStyles',
      'citationFiles',
      'citeAs',
      'createCitationCache',
      'formatCitations',
      'insertCitations',
      'loadBibliography',
      'localeFor',
      'numberNotes',
      'paperItem',
      'paperUrl',
      'personName',
      'resolveStyle'
    ])
  })

  it('numbers notes in order of first reference, not of definition', () => {
    const {list, references, messages} = notes('A[^b] then B[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n')
    expect(list).toEqual([
      [1, 'b', 'Note B.'],
      [2, 'a', 'Note A.']
    ])
    expect(references).toEqual([
      [1, 1],
      [2, 1]
    ])
    expect(messages).toEqual([])
  })

  it('keeps the number of a note referenced again', () => {
    const {list, references, paper} = notes('One[^x], two[^y], again[^x].\n\n[^x]: X.\n[^y]: Y.\n')
    expect(list.map((n) => n[0])).toEqual([1, 2])
    expect(references).toEqual([
      [1, 1],
      [2, 1],
      [1, 2]
    ])
    expect(paper.notes[0]?.references).toBe(2)
  })

  it('numbers a note referenced before its definition and one defined mid-text', () => {
    const {list} = notes('[^late]: Defined first.\n\nText[^early] and[^late].\n\n[^early]: Early.\n')
    expect(list).toEqual([
      [1, 'early', 'Early.'],
      [2, 'late', 'Defined first.']
    ])
  })

  it('numbers notes referenced from inside notes after the body', () => {
    const {list} = notes('Body[^a] and[^b].\n\n[^a]: A cites[^c].\n[^b]: B.\n[^c]: C.\n')
    expect(list.map((n) => n[1])).toEqual(['a', 'b', 'c'])
  })

  it('takes definitions out of the body and front matter out of the tree', () => {
    const {paper} = notes('Text[^a].\n\n[^a]: A.\n')
    expect(paper.tree.children.map((n) => n.type)).toEqual(['paragraph'])
  })

  it('warns about a note never referenced, at its definition', () => {
    const {messages, list} = notes('Text[^a].\n\n[^a]: A.\n\n[^unused]: Nobody cites me.\n')
    expect(messages).toEqual(['8:1 warning note-unused'])
    expect(list).toHaveLength(1)
  })

  it('reports a reference to an undefined note at its position', () => {
    const {messages} = notes('Some text [^ghost] here.\n')
    expect(messages).toEqual(['4:11 error note-undefined'])
  })

  it('suggests the label a typo meant, and only a near one', () => {
    const near = notes('Text[^mofa2032].\n\n[^mofa2023]: A note.\n')
    expect(near.paper.file.messages.find((m) => m.ruleId === 'note-undefined')?.reason).toBe('Unexpected reference to undefined note `[^mofa2032]` (did you mean `[^mofa2023]`?), expected a definition `[^mofa2032]: …`')
    const far = notes('Text[^ghost].\n\n[^iea]: A note.\n')
    expect(far.paper.file.messages.find((m) => m.ruleId === 'note-undefined')?.reason).not.toContain('did you mean')
  })

  it('reports a label defined twice at the second definition', () => {
    const {messages} = notes('Text[^a].\n\n[^a]: First.\n\n[^a]: Second.\n')
    expect(messages).toEqual(['8:1 error note-duplicate'])
  })

  it('reports an empty note', () => {
    const {messages} = notes('Text[^a].\n\n[^a]:\n')
    expect(messages).toEqual(['6:1 error note-empty'])
  })
})
