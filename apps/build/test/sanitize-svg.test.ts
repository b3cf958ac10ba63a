import {describe, expect, it} from 'vitest'
import {sanitizeCss} from '../src/core/sanitize-css.js'
import {sanitizeSvg} from '../src/core/sanitize-svg.js'

const svg = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">${body}<rect id="r" width="5" height="5" fill="teal"/></svg>`

/** The sanitized SVG's text; it must not name the outside host anywhere. */
function cleaned(body: string): {text: string; removed: string[]} {
  const result = sanitizeSvg(Buffer.from(svg(body)))
  expect(result.error).toBeUndefined()
  const text = result.data!.toString('utf8')
  expect(text).toContain('fill="teal"')
  return {text, removed: result.removed}
}

/** Every way the review (and we) found to spell a fetch in CSS. */
const bypasses: Array<[string, string]> = [
  ['an escaped at-rule name', '@\\69mport "http://evil.test/a.css";'],
  ['an escaped at-rule name, url form', '@\\000069mport url(http://evil.test/a.css);'],
  ['an uppercase at-rule', '@IMPORT "http://evil.test/a.css";'],
  ['an escaped function name', 'rect { fill: u\\72l(http://evil.test/b) }'],
  ['an escaped url function, fully', 'rect { fill: \\75\\72\\6c(http://evil.test/b) }'],
  ['image-set', 'rect { fill: red; background-image: image-set("http://evil.test/c.png" 1x) }'],
  ['-webkit-image-set', 'rect { background-image: -webkit-image-set(url(http://evil.test/c.png) 1x) }'],
  ['a quoted ) inside url()', 'rect { fill: url("http://evil.test/d)x") }'],
  ['a quoted ) and a fragment after it', 'rect { fill: url("http://evil.test/d) url(#r)") }'],
  ['a comment inside the function name', 'rect { fill: u/**/rl(http://evil.test/e) }'],
  ['uppercase URL(', 'rect { fill: URL(http://evil.test/f) }'],
  ['an escaped property name', 'rect { b\\61ckground: url(http://evil.test/g) }'],
  ['a url nested in var() fallback', 'rect { fill: var(--a, url(http://evil.test/h)) }'],
  ['a url in a custom property', 'rect { --paint: url(http://evil.test/i) }'],
  ['a url nested in another function', 'rect { filter: drop-shadow(0 0 1px red) blur(url(http://evil.test/j)) }'],
  ['a url inside @media', '@media print { rect { fill: url(http://evil.test/k) } }'],
  ['@font-face with unicode-range', '@font-face { font-family: x; src: url(http://evil.test/l.woff); unicode-range: U+0041 }'],
  ['@namespace', '@namespace x url(http://evil.test/m);'],
  ['a stray brace then @import', 'rect { fill: red } } @import "http://evil.test/n.css";'],
  ['cross-fade', 'rect { background: cross-fade(url(#r), "http://evil.test/o.png", 50%) }'],
  ['behavior', 'rect { behavior: url(#r) } g { -moz-binding: url(#r) }'],
  ['expression', 'rect { width: expression(fetch("http://evil.test/p")) }'],
  ['a bad escape breaking the url token', 'rect { fill: url(http://evil.test/q\\\n) }'],
  ['a protocol-relative url', 'rect { fill: url(//evil.test/r) }']
]

describe('sanitizeSvg: CSS in a <style> element', () => {
  for (const [name, css] of bypasses) {
    it(`removes ${name}`, () => {
      const {text, removed} = cleaned(`<style>${css}</style>`)
      expect(text).not.toMatch(/evil\.test/)
      expect(text).not.toMatch(/@import|@font-face|@namespace|behavior|binding|expression/i)
      expect(removed.length, text).toBeGreaterThan(0)
    })
  }

  it('keeps what is safe and writes it back as css-tree reads it', () => {
    const {text, removed} = cleaned('<style><![CDATA[ rect { fill: url(#g); stroke: red } @media print { g > rect { opacity: .5 } } @keyframes k { from { opacity: 0 } } ]]></style>')
    expect(removed).toEqual([])
    expect(text).toContain('<style>rect{fill:url(#g);stroke:red}@media print{g&gt;rect{opacity:.5}}@keyframes k{from{opacity:0}}</style>')
  })

  it('removes a style element with nothing safe left in it', () => {
    const {text, removed} = cleaned('<style>@import "http://evil.test/a.css";</style>')
    expect(text).not.toContain('<style')
    expect(removed).toContain('@import')
  })
})

describe('sanitizeSvg: CSS in style and presentation attributes', () => {
  for (const [name, css] of bypasses.filter(([, css]) => css.startsWith('rect {'))) {
    const declarations = css.slice(css.indexOf('{') + 1, css.indexOf('}'))
    it(`removes ${name} from a style attribute`, () => {
      const {text} = cleaned(`<circle r="2" style='${declarations.replace(/'/g, '&apos;').replace(/\n/g, '&#10;')}'/>`)
      expect(text).not.toMatch(/evil\.test/)
    })
  }

  it('keeps the safe declarations of a style attribute', () => {
    const {text, removed} = cleaned('<circle r="2" style="fill: url(#g); stroke: u\\72l(http://evil.test/s); opacity: 0.5"/>')
    expect(text).toContain('style="fill:url(#g);opacity:0.5"')
    expect(removed.join(' ')).toMatch(/unreadable CSS|url/)
  })

  it('removes presentation attributes that load, keeps those that point inside', () => {
    const {text, removed} = cleaned(
      '<circle r="1" fill="url(http://evil.test/t)" stroke="u\\72l(http://evil.test/u)" filter="URL(&quot;http://evil.test/v)&quot;)" mask="url(#m)" transform="translate(1 2) rotate(3)"/>' +
        '<animate attributeName="fill" values="url(http://evil.test/w);red" dur="1s"/>'
    )
    expect(text).not.toMatch(/evil\.test/)
    expect(text).toContain('mask="url(#m)"')
    expect(text).toContain('transform="translate(1 2) rotate(3)"')
    expect(removed.join(' ')).toContain('url(http://evil.test/t)')
  })
})

describe('sanitizeSvg: references in elements', () => {
  it('removes outside href and xlink:href from every element that loads or links', () => {
    const elements = [
      '<use href="http://evil.test/1.svg#x"/>',
      '<use xlink:href="http://evil.test/2.svg#x"/>',
      '<image href="http://evil.test/3.png" width="1" height="1"/>',
      '<image xlink:href="//evil.test/4.png" width="1" height="1"/>',
      '<a href="https://evil.test/5"><text>x</text></a>',
      '<filter id="f"><feImage href="http://evil.test/6.png"/></filter>',
      '<pattern id="p" href="http://evil.test/7.svg#q" width="1" height="1"/>',
      '<linearGradient id="l" xlink:href="http://evil.test/8.svg#g"/>',
      '<script href="http://evil.test/9.js"/>',
      '<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="http://evil.test/10.png"/></foreignObject>',
      '<set attributeName="href" to="http://evil.test/11"/>',
      '<animate attributeName="xlink:href" values="http://evil.test/12" dur="1s"/>',
      '<use href="data:image/svg+xml,%3Csvg%3E%3Cimage href=%22http://evil.test/13%22/%3E%3C/svg%3E"/>',
      '<g xml:base="http://evil.test/14/"><use href="#r"/></g>'
    ]
    const {text, removed} = cleaned(elements.join(''))
    expect(text).not.toMatch(/evil\.test/)
    expect(text).toContain('<use href="#r"/>')
    expect(removed).toEqual(expect.arrayContaining(['<script>', '<foreignObject>', '<set>', '<animate>', 'xml:base']))
  })

  it('removes entity declarations and references', () => {
    const result = sanitizeSvg(
      Buffer.from(`<!DOCTYPE svg [<!ENTITY u "url(http://evil.test/e)">]>\n${svg('<circle r="1" fill="&u;"/>')}`)
    )
    const text = result.data?.toString('utf8') ?? ''
    expect(text).not.toMatch(/evil\.test|ENTITY|DOCTYPE/)
    expect(result.removed).toContain('the DOCTYPE')
  })
})

describe('sanitizeCss', () => {
  it('decodes escapes in at-rule and property names before judging them', () => {
    expect(sanitizeCss('@\\69mport "x.css"; a { color: red }', 'stylesheet')).toEqual({css: 'a{color:red}', removed: ['@import']})
    expect(sanitizeCss('\\62 ehavior: url(#x); color: red', 'declarationList')).toEqual({css: 'color:red', removed: ['behavior']})
  })
})
