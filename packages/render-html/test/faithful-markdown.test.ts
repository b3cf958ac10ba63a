import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {toHtml} from 'hast-util-to-html'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite/notes'
import {renderPaper} from '@offprint/render-html'

function render(body: string, lang = 'en') {
  const file = new VFile({path: 'x.md', value: `---\ntitle: T\nlang: ${lang}\n---\n\n${body}`})
  const rendered = renderPaper(numberNotes(parsePaper(file)))
  return {
    body: toHtml({type: 'root', children: rendered.body}),
    notes: rendered.notesSection ? toHtml(rendered.notesSection) : '',
    messages: file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)
  }
}

describe('display math written the pandoc and kramdown way', () => {
  it('reads `$$` + TeX on the opening line, closed at the end of a later line, as one display', () => {
    const {body} = render('Before.\n\n$$ a +\nb = c $$\n\nAfter the math.\n')
    expect(body).toMatch(/<div class="math-display"><math display="block"[^>]*>[\s\S]*<annotation encoding="application\/x-tex">a \+\nb = c<\/annotation>/)
    expect(body).toContain('<p>After the math.</p>')
  })

  it('reads `$$…$$` inside a paragraph as display math, and alone in one as a block', () => {
    const {body} = render('The sum $$\\sum_i x_i$$ is shown.\n\n$$e = mc^2$$\n')
    expect(body).toMatch(/<p>The sum <math display="block"[^>]*>[\s\S]*?<\/math> is shown.<\/p>/)
    expect(body).toMatch(/<div class="math-display"><math display="block"[^>]*>[\s\S]*e = mc\^2/)
  })

  it('ends an unclosed `$$` or code fence at its paragraph, with a warning at the opening', () => {
    const math = render('$$ x +\ny\n\nStill text, not TeX.\n')
    expect(math.body).toContain('<p>Still text, not TeX.</p>')
    expect(math.messages).toContain('6:1 math-unclosed')
    const code = render('Intro.\n\n```js\nlet a = 1\n\n## A heading after\n\nText after.\n')
    expect(code.body).toContain('<pre><code class="language-js">let a = 1\n</code></pre>')
    expect(code.body).toContain('<h2 id="a-heading-after">A heading after</h2>')
    expect(code.body).toContain('<p>Text after.</p>')
    expect(code.messages).toContain('8:1 fence-unclosed')
  })
})

describe('quotes, dashes and note calls', () => {
  it('opens and closes quotes by context, in the text and in notes, and sets dashes in notes', () => {
    const {body, notes} = render(`Files named '.csv' and filename="x.png" -- or not --- it's fine.[^a]\n\n[^a]: See "the 'report'" -- pages 3--4.\n`)
    expect(body).toContain('Files named ‘.csv’ and filename=“x.png” – or not — it’s fine.')
    expect(notes).toContain('See “the ‘report’” – pages 3–4.')
  })

  it('uses the paper’s language’s quotes and keeps apostrophes', () => {
    expect(render(`Il a dit "oui" à l'homme.\n`, 'fr').body).toContain('Il a dit «\u202foui\u202f» à l’homme.')
    expect(render(`Er sagt "ja", geht's?\n`, 'de').body).toContain('Er sagt „ja“, geht’s?')
  })

  it('never lets two adjacent note calls read as one number', () => {
    const {body} = render('A gap.[^2][^3]\n\n[^2]: Two.\n[^3]: Three.\n')
    expect(body).toContain('<sup>1</sup></a><sup class="note-separator">,</sup><a class="note-ref" href="#note-2"')
  })
})

describe('pictures captioned the way CMS exports write them', () => {
  it('reads an image followed by italic text in its paragraph as a figure captioned by that text', () => {
    const same = render('![Impacts of reforms](data:image/png;base64,iVBORw0KGgo=)_Impacts of reforms_\n')
    expect(same.body).toMatch(/^<figure><img [^>]*alt="Impacts of reforms"[^>]*><figcaption>Impacts of reforms<\/figcaption><\/figure>$/)
    const nextLine = render('![A chart](data:image/png;base64,iVBORw0KGgo=)\n*Source: the Census Bureau*\n')
    expect(nextLine.body).toMatch(/<figure><img [^>]*alt="A chart"[^>]*><figcaption>Source: the Census Bureau<\/figcaption><\/figure>/)
    // Anything more in the paragraph is running text with a picture in it, as written.
    const prose = render('![A chart](data:image/png;base64,iVBORw0KGgo=) and *this* too\n')
    expect(prose.body).toMatch(/^<p><img [^>]*> and <em>this<\/em> too<\/p>$/)
  })
})
