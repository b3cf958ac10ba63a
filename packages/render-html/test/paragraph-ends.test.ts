import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {tieParagraphEnds} from '../src/lib/paragraph-ends.js'

/** The fragment with its paragraph ends tied; no-break spaces shown as `~`, soft hyphens as `|`. */
function tied(html: string): string {
  const root: Element = {type: 'element', tagName: 'div', properties: {}, children: fromHtml(html, {fragment: true}).children as Element[]}
  tieParagraphEnds(root)
  return toHtml(root.children).replace(/\u00a0/g, '~').replace(/\u00ad/g, '|')
}

describe('paragraph ends', () => {
  it('ties a short last word to the one before it, and a short pair once more', () => {
    expect(tied('<p>the value for that cell will be zero.</p>')).toBe('<p>the value for that cell will be~zero.</p>')
    expect(tied('<p>which one was true and it was so.</p>')).toBe('<p>which one was true and it~was~so.</p>')
    // Never more than two ties, even when the words stay short.
    expect(tied('<p>and so on as it is.</p>')).toBe('<p>and so on as~it~is.</p>')
  })

  it('leaves a long enough last word free, and takes its soft hyphens out', () => {
    expect(tied('<p>a long para\u00adgraph ends on ap\u00adproach\u00ades.</p>')).toBe('<p>a long para|graph ends on approaches.</p>')
  })

  it('counts note calls and inline elements, ties across them, and never inside code', () => {
    expect(tied('<p>Notepad++ (Windows only).<sup><a href="#n3">3</a></sup></p>')).toBe('<p>Notepad++ (Windows~only).<sup><a href="#n3">3</a></sup></p>')
    expect(tied('<p>go and look <em>at it</em>.</p>')).toBe('<p>go and look~<em>at~it</em>.</p>')
    expect(tied('<p>then run <code>npm test</code> now.</p>')).toBe('<p>then run <code>npm test</code>~now.</p>')
  })

  it('keeps a short last word with a hyphen of its own on one line', () => {
    expect(tied('<p>Social Science History 34, no. 2 (2010): 171-197.</p>')).toBe('<p>Social Science History 34, no. 2 (2010): <span class="keep-line">171-197.</span></p>')
  })

  it('keeps a CJK paragraph’s last characters together, closing punctuation with them', () => {
    expect(tied('<p>日本語の文章はここで終わる。</p>')).toBe('<p>日本語の文章はここで<span class="keep-line">終わる。</span></p>')
  })

  it('ties list items without block children, paragraphs inside the others, and nothing in code blocks, tables or headings', () => {
    expect(tied('<ul><li>an item that ends short</li><li><p>a paragraph in an item ends here.</p></li></ul>')).toBe(
      '<ul><li>an item that ends~short</li><li><p>a paragraph in an item ends~here.</p></li></ul>'
    )
    expect(tied('<pre><code>a b c</code></pre><table><tr><td>x y z</td></tr></table><h2>A heading is it</h2>')).toBe('<pre><code>a b c</code></pre><table><tbody><tr><td>x y z</td></tr></tbody></table><h2>A heading is it</h2>')
    // A line break ends the last line: nothing before it is tied.
    expect(tied('<p>first line<br>a b</p>')).toBe('<p>first line<br>a~b</p>')
  })
})
