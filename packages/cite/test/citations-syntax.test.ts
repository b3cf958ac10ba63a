import type {Root} from 'mdast'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {insertCitations, type Citation} from '@offprint/cite'
import {visit} from 'unist-util-visit'

/** Insert citations and list them as `line:column mode id|prefix|locator|label|suffix|-`. */
function citations(markdown: string, style = 'chicago-author-date') {
  const {tree, file} = parsePaper(new VFile({path: 'x.md', value: '---\ntitle: T\n---\n' + markdown}))
  insertCitations(tree, file, {style})
  const list: string[] = []
  visit(tree, 'citation', (node: Citation) => {
    const start = node.position?.start
    const items = node.items.map((i) => [i.id, i.prefix, i.locator, i.label, i.suffix, i.suppressAuthor ? '-' : ''].join('|'))
    list.push(`${start?.line}:${start?.column} ${node.mode} ${items.join(' ; ')}`)
  })
  return {list, tree: tree as Root}
}

describe('@offprint/cite insertCitations', () => {
  it('reads bracketed citations: prefix, locator, label, suffix, suppressed author', () => {
    expect(citations('A [@a]. B [see @b, p. 12; -@c, chap. 3, emphasis added]. C [@d, 33–35].\n').list).toEqual([
      '4:3 normal a|||||',
      '4:11 normal b|see|12|page|| ; c||3|chapter|, emphasis added|-',
      '4:60 normal d||33–35|page||'
    ])
  })

  it('reads in-text citations with an optional bracketed locator', () => {
    expect(citations('@smith2020 argues; so does @doe:99 [p. 4] and @x.y.\n').list).toEqual([
      '4:1 author-in-text smith2020|||||',
      '4:28 author-in-text doe:99||4|page||',
      '4:47 author-in-text x.y|||||'
    ])
  })

  it('leaves emails, code, links and note calls alone', () => {
    const {list} = citations('Mail jane@example.org or `[@code]` or [text @a](https://x.org/@b) or [^1].\n\n    [@indented]\n\n[^1]: n\n')
    expect(list).toEqual([])
  })

  it('points at the `[` on continuation lines of quotes and lists', () => {
    expect(citations('> Quoted\n> text [@q].\n\n- item\n  more \\* [@l]\n').list).toEqual(['5:8 normal q|||||', '8:11 normal l|||||'])
  })

  it('turns a body citation into a note of its own in a note style, and leaves notes’ citations in place', () => {
    const {tree} = citations('Text [@a]. Note[^n].\n\n[^n]: See [@b].\n', 'chicago-notes')
    const paragraph = tree.children[1]
    expect(paragraph?.type === 'paragraph' && paragraph.children.map((n) => (n.type === 'text' ? n.value : n.type))).toEqual([
      'Text.',
      'footnoteReference',
      ' Note',
      'footnoteReference',
      '.'
    ])
    const definitions = tree.children.filter((n) => n.type === 'footnoteDefinition').map((n) => n.identifier)
    expect(definitions).toEqual(['n', 'citation-1'])
  })

  it('never reuses an identifier the author wrote', () => {
    const {tree} = citations('A[^citation-1] [@a].\n\n[^citation-1]: Mine.\n', 'chicago-notes')
    expect(tree.children.filter((n) => n.type === 'footnoteDefinition').map((n) => n.identifier)).toEqual(['citation-1', 'citation-1-'])
  })
})
