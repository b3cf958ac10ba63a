import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'

// Nesting is measured on the source, before the parser: its later steps
// recurse once per level and overflowed on thousands of `>` or `<div>`.

function depthErrors(markdown: string): string[] {
  const {file} = parsePaper(new VFile({path: 'x.md', value: `---\ntitle: T\n---\n\n${markdown}`}))
  return file.messages.filter((m) => m.ruleId === 'input-too-deep').map((m) => `${m.line}:${m.column} ${m.reason}`)
}

describe('source nesting depth', () => {
  it('refuses 6,000 block quotes at the 49th marker, without overflowing', () => {
    expect(depthErrors(`${'>'.repeat(6000)} deep\n`)).toEqual(['5:50 Unexpected nesting 49 levels deep, expected at most 48 (block quotes, lists and HTML elements inside each other)'])
  })

  it('refuses 2,000 nested <div> at the 49th, and lists nested by bullets or indentation', () => {
    expect(depthErrors(`${'<div>'.repeat(2000)}x${'</div>'.repeat(2000)}\n`)).toEqual([expect.stringMatching(/^5:241 /)])
    expect(depthErrors(`${'- '.repeat(100)}item\n`)).toEqual([expect.stringMatching(/^5:99 /)])
    const indented = Array.from({length: 60}, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n')
    expect(depthErrors(indented + '\n')).toHaveLength(1)
  })

  it('accepts what only looks deep: autolinks, markup in code, closed elements, a fenced block', () => {
    const links = Array.from({length: 100}, (_, index) => `<https://example.org/${index}>`).join(' ')
    const code = Array.from({length: 100}, () => '`List<String>`').join(' ')
    const closed = '<span>a</span>'.repeat(200)
    const fence = '```html\n' + '<div>'.repeat(200) + '\n```'
    expect(depthErrors(`${links}\n\n${code}\n\n${closed}\n\n${fence}\n\n> > > quoted\n`)).toEqual([])
  })
})
