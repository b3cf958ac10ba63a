import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {pointInNode, pointInText, pointsIn} from '@offprint/parse/source-points'

// The hand-written conversion three stages used before (split on `\n`): the
// shared module must give the same points for `\n` and `\r\n` sources.
function splitOnNewlines(source: string, offset: number): {line: number; column: number} {
  const lines = source.slice(0, Math.min(offset, source.length)).split('\n')
  return {line: lines.length, column: lines.at(-1)!.length + 1}
}

const lf = '---\ntitle: Transit\n---\n\nFares rose.\n\nRidership fell, then — in 2024 — rose again.\n'
const crlf = lf.replaceAll('\n', '\r\n')

describe('pointsIn', () => {
  it('gives line 1, column 1 at the start and counts `\\n` and `\\r\\n` as one line ending each', () => {
    expect(pointInText(crlf, 0)).toEqual({line: 1, column: 1, offset: 0})
    const at = crlf.indexOf('Ridership')
    expect(pointInText(crlf, at)).toEqual({line: 7, column: 1, offset: at})
    expect(pointInText(crlf, crlf.indexOf('2024'))).toEqual({line: 7, column: 27, offset: crlf.indexOf('2024')})
    expect(pointInText(lf, lf.indexOf('2024'))).toEqual({line: 7, column: 27, offset: lf.indexOf('2024')})
  })

  it('agrees with the hand-written conversion at every offset of a LF and a CRLF source', () => {
    for (const source of [lf, crlf]) {
      const at = pointsIn(source)
      for (let offset = 0; offset <= source.length + 2; offset++) {
        const {line, column} = at(offset)
        expect({line, column}, `${JSON.stringify(source.slice(0, 12))} ${offset}`).toEqual(splitOnNewlines(source, offset))
      }
    }
  })

  it('points an offset past either end at that end', () => {
    expect(pointInText('a\nbc', 99)).toEqual({line: 2, column: 3, offset: 4})
    expect(pointInText('a\nbc', -3)).toEqual({line: 1, column: 1, offset: 0})
    expect(pointInText('', 0)).toEqual({line: 1, column: 1, offset: 0})
  })

  it('counts a lone `\\r` as a line ending, as micromark does', () => {
    expect(pointInText('one\rtwo', 4)).toEqual({line: 2, column: 1, offset: 4})
  })
})

describe('pointInNode', () => {
  it('is undefined for a node without a position', () => {
    expect(pointInNode({type: 'text', value: 'x'}, 0)).toBeUndefined()
  })

  it('counts from the node on its first line and from the margin after, with the offset when known', () => {
    const node = {type: 'text', value: 'first line\r\nsecond 行', position: {start: {line: 7, column: 5, offset: 60}, end: {line: 8, column: 9, offset: 80}}}
    expect(pointInNode(node, 6)).toEqual({line: 7, column: 11, offset: 66})
    expect(pointInNode(node, node.value.indexOf('行'))).toEqual({line: 8, column: 8, offset: 60 + node.value.indexOf('行')})
    const bare = {type: 'text', value: 'a\nb', position: {start: {line: 2, column: 3}, end: {line: 3, column: 2}}}
    expect(pointInNode(bare, 2)).toEqual({line: 3, column: 1})
  })

  it('gives the same message places for a paper saved with CRLF as with LF', () => {
    const places = (source: string) => {
      const {file} = parsePaper(new VFile({path: 'paper.md', value: source}))
      return file.messages.filter((m) => m.ruleId === 'lang-cjk-undeclared' || m.ruleId === 'template-tag').map((m) => `${m.line}:${m.column} ${m.ruleId}`).sort()
    }
    // Both stages point inside a text node whose value spans lines.
    const paper = '---\ntitle: T\n---\n\nPlain text on one line\nand the theorem 中国剩余定理 on the next,\nthen {{ author }} at last.\n'
    expect(places(paper)).toEqual(['6:17 lang-cjk-undeclared', '7:6 template-tag'])
    expect(places(paper.replaceAll('\n', '\r\n'))).toEqual(places(paper))
  })
})
