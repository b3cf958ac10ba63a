import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {visit} from 'unist-util-visit'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite'
import {coverDocument, cssString, renderPaper, themeCss, toDocument} from '@offprint/render-html'

/** Markup that would be live if any value broke out of its text, attribute or style element. */
const payload = `</style></title>"'><img src=x onerror=alert(1)><svg onload=alert(2)><meta http-equiv=refresh content="0;url=http://127.0.0.1:9/x">\\`

function render(markdown: string) {
  return renderPaper(numberNotes(parsePaper(new VFile({path: 'x.md', value: markdown}))))
}

const quoted = JSON.stringify(payload)
const hostile = render(`---
title: ${quoted}
subtitle: ${quoted}
series: {name: ${quoted}, short: ${quoted}, number: 3}
authors:
  - {name: ${quoted}, affiliation: ${quoted}}
keywords: [${quoted}]
abstract: ${quoted}
publisher: ${quoted}
license: ${quoted}
date: 2025-03-28
---

Text.
`)

/** Every element of a parsed document, and where attributes name handlers. */
function elements(html: string): {tags: string[]; handlers: string[]; refresh: number; styles: string[]} {
  const tree: Root = fromHtml(html)
  const tags: string[] = []
  const handlers: string[] = []
  const styles: string[] = []
  let refresh = 0
  visit(tree, 'element', (node: Element) => {
    tags.push(node.tagName)
    for (const key of Object.keys(node.properties)) if (/^on/i.test(key)) handlers.push(`${node.tagName}.${key}`)
    if (node.tagName === 'meta' && String(node.properties.httpEquiv ?? '').toLowerCase() === 'refresh') refresh++
    if (node.tagName === 'style') styles.push(node.children.map((child) => (child.type === 'text' ? child.value : '')).join(''))
  })
  return {tags, handlers, refresh, styles}
}

describe('front matter values with markup in them', () => {
  it('stay text in the document: no element, handler or refresh injected, one style element', () => {
    expect(hostile.meta.title).toBe(payload)
    const found = elements(toDocument(hostile, {css: themeCss('print'), extraCss: '.x { content: "</style><img src=y onerror=alert(3)>"; }'}))
    expect(found.handlers).toEqual([])
    expect(found.refresh).toBe(0)
    expect(found.tags.filter((tag) => tag === 'img' || tag === 'svg')).toEqual([])
    expect(found.tags.filter((tag) => tag === 'style')).toHaveLength(1)
    // The running head carries the text (cut to fit the line), escaped for CSS.
    expect(found.styles[0]).toContain(`@top-right { content: ${cssString(payload).slice(0, 40)}`)
  })

  it('stay text on the cover', () => {
    const found = elements(coverDocument(hostile.meta, {extraCss: '</STYLE><svg onload=alert(4)>'}))
    expect(found.handlers).toEqual([])
    expect(found.refresh).toBe(0)
    expect(found.tags.filter((tag) => tag === 'img' || tag === 'svg')).toEqual([])
  })

  it('escapes every character that ends a CSS string or a style element', () => {
    const css = cssString('a"b\\c<d>e\nf\u0001')
    expect(css).toBe('"a\\22 b\\5c c\\3c d\\3e e f\\1 "')
    expect(css).not.toMatch(/[<>\n]/)
  })
})
