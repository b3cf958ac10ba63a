import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {toHtml} from 'hast-util-to-html'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite/notes'
import {renderPaper} from '@offprint/render-html'

function render(body: string) {
  const file = new VFile({path: 'x.md', value: `---\ntitle: T\nlang: es\n---\n\n${body}`})
  const rendered = renderPaper(numberNotes(parsePaper(file)))
  return {body: toHtml({type: 'root', children: rendered.body}), messages: file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)}
}

describe('raw HTML as CMS exports write it', () => {
  it('reads a bare `<br>` (in a table cell too) as a line break, with no warning', () => {
    const {body, messages} = render('Una<br>línea<br/>más.\n\n| A | B |\n| --- | --- |\n| $75,000/<br>$150,000 | x<sub>i</sub> |\n')
    expect(body).toContain('<p>Una<br>línea<br>más.</p>')
    expect(body).toContain('<td>$75,000/<br>$150,000</td>')
    expect(body).toContain('<td>x<sub>i</sub></td>')
    expect(messages).toEqual([])
  })

  it('still warns about raw HTML that loses something (attributes, removed elements)', () => {
    expect(render('A <span style="color: red">red</span> word.\n').messages).toEqual(['6:3 html-raw'])
    expect(render('<br class="x">\n').messages).toEqual(['6:1 html-raw'])
  })

  it('prints a block tag inside a heading as text, once warned', () => {
    const {body, messages} = render('### Primer <div>: los saludos\n\nTexto.\n')
    expect(body).toMatch(/<h(\d) id="[^"]*">Primer &#x3C;div>: los saludos<\/h\1>/)
    expect(body).toContain('<p>Texto.</p>')
    expect(messages).toEqual(['6:12 html-block-in-heading'])
  })

  it('turns an `<iframe>` into a link to its source, titled by its title (else its address)', () => {
    const block = render('<iframe src="https://www.youtube.com/embed/abc" title="Cómo se calcula" width="560"></iframe>\n\nDespués.\n')
    expect(block.body).toContain('<p><a href="https://www.youtube.com/embed/abc">Cómo se calcula</a></p>')
    expect(block.body).toContain('<p>Después.</p>')
    expect(block.messages).toEqual(['6:1 html-iframe'])
    const inline = render('Mira <iframe src="https://charts.example.org/c"></iframe> aquí.\n')
    expect(inline.body).toContain('<p>Mira <a href="https://charts.example.org/c">https://charts.example.org/c</a> aquí.</p>')
  })

  it('drops an `<iframe>` whose source is not on the web, as before', () => {
    const {body} = render('<iframe src="javascript:alert(1)" title="x"></iframe>\n\nDespués.\n')
    expect(body).not.toContain('iframe')
    expect(body).not.toContain('javascript')
  })
})
