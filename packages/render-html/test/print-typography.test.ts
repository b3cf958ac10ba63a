import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {toHtml} from 'hast-util-to-html'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite'
import {renderPaper, toDocument} from '@offprint/render-html'

function render(markdown: string) {
  const paper = numberNotes(parsePaper(new VFile({path: 'x.md', value: markdown})))
  const rendered = renderPaper(paper)
  return {
    rendered,
    body: toHtml({type: 'root', children: rendered.body}),
    document: toDocument(rendered, {css: '', hyphenate: false}),
    messages: paper.file.messages.filter((m) => m.ruleId !== 'title-from-filename').map((m) => `${m.line}:${m.column} ${m.ruleId}`)
  }
}

/** The content of the running head on `:left` or `:right` pages, as the CSS string says it. */
function head(document: string, side: 'left' | 'right'): string {
  const match = new RegExp(`@page :${side} \\{ @top-${side} \\{ content: "((?:[^"\\\\]|\\\\.)*)"; \\} \\}`).exec(document)
  return match![1]!
}

describe('running heads', () => {
  it('use series.short for a long series name, keeping the number', () => {
    const {document} = render('---\ntitle: T\nseries: {name: The Harbourside Institute for Regional Energy and Transport Policy Papers, short: Harbourside Papers, number: 3}\n---\n\nText.\n')
    expect(head(document, 'left')).toBe('Harbourside Papers · No. 3')
    // The banner of the title block keeps the full name.
    expect(document).toContain('<p class="series">The Harbourside Institute for Regional Energy and Transport Policy Papers · No. 3</p>')
  })

  it('cut a name or title too long for one line at a word, with an ellipsis', () => {
    const name = 'The Harbourside Institute for Regional Energy, Water and Transport Policy: Occasional Papers in Applied Public Economics and Finance'
    const title = 'What a Regional Authority Should Ask of Every Bidder Before It Signs a Fifteen-Year Contract for Grid-Scale Battery Storage and More'
    const {document} = render(`---\ntitle: "${title}"\nseries: {name: "${name}", number: 12}\n---\n\nText.\n`)
    const left = head(document, 'left')
    const right = head(document, 'right')
    expect(left).toMatch(/^The Harbourside Institute for Regional .*\S… · No\. 12$/)
    expect(name.startsWith(left.replace(/… · No\. 12$/, ''))).toBe(true)
    expect(right).toMatch(/^What a Regional Authority .*\S…$/)
    expect(title.startsWith(right.replace(/…$/, ''))).toBe(true)
    // A short title is left whole.
    expect(head(render('---\ntitle: Short\n---\n\nText.\n').document, 'right')).toBe('Short')
  })
})

describe('code blocks in the printed document', () => {
  const markdown = '```python\ndef f():\n    return 1\n\n\treturn 2\n```\n'

  it('set each line as a span carrying its indentation', () => {
    const {document} = render(markdown)
    expect(document).toContain(
      '<pre><code class="language-python"><span class="code-line">def f():</span><span class="code-line" style="--indent: 4">    return 1</span><span class="code-line"></span><span class="code-line" style="--indent: 4">\treturn 2</span></code></pre>'
    )
  })

  it('leave the EPUB’s code as written', () => {
    expect(render(markdown).body).toContain('<pre><code class="language-python">def f():\n    return 1\n\n\treturn 2\n</code></pre>')
  })
})

describe('tables', () => {
  const wide = (columns: number) =>
    `Intro.\n\n| Country | ${Array.from({length: columns - 1}, (_, i) => 2000 + i).join(' | ')} |\n|${'---|'.repeat(columns)}\n| Netherlands | ${Array.from({length: columns - 1}, () => '1,234,567').join(' | ')} |\n`

  it('leave a table that fits as it is, and right-align its columns of figures', () => {
    const {body, messages} = render(wide(5))
    expect(body).toContain('<table>')
    expect(body).toContain('<th class="numeric">2000</th>')
    expect(body).toContain('<td class="numeric">1,234,567</td>')
    expect(body).toContain('<td>Netherlands</td>')
    expect(messages).toEqual([])
  })

  it('keep the author’s alignment over the numeric guess', () => {
    const {body} = render('| a | b |\n|---|:-:|\n| x | 12 |\n')
    expect(body).toContain('<td class="align-center">12</td>')
    expect(body).not.toContain('numeric')
  })

  it('set a table too wide smaller, then turned, with a warning at the table', () => {
    const ten = render(wide(10))
    expect(ten.body).toContain('<table class="table-small">')
    expect(ten.messages).toEqual(['3:1 table-too-wide'])
    const fourteen = render(wide(14))
    expect(fourteen.body).toContain('<table class="table-landscape">')
    const thirty = render(wide(30))
    expect(thirty.body).toContain('<table class="table-landscape table-break">')
  })

  it('count a link’s text as breakable, and CJK characters one by one', () => {
    const links = `| a | b | c |\n|---|---|---|\n| [${'x'.repeat(300)}](https://example.org) | ${'漢'.repeat(200)} | 1 |\n`
    expect(render('---\ntitle: T\nlang: zh\n---\n\n' + links).messages).toEqual([])
  })
})

describe('CJK text in a paper not tagged CJK', () => {
  it('marks the document with its script for the theme’s font stacks, claiming no lang', () => {
    expect(render('---\ntitle: T\n---\n\n中国剩余定理\n').document).toContain('<html lang="en" data-cjk="zh">')
    expect(render('---\ntitle: T\n---\n\n公共交通の再設計\n').document).toContain('<html lang="en" data-cjk="ja">')
    expect(render('---\ntitle: T\n---\n\n대한민국\n').document).toContain('<html lang="en" data-cjk="ko">')
    expect(render('---\ntitle: T\nlang: zh\n---\n\n中国\n').document).toContain('<html lang="zh">')
    expect(render('---\ntitle: T\n---\n\nNo CJK.\n').document).toContain('<html lang="en">')
  })
})
