import {describe, expect, it} from 'vitest'
import type {Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {parsePaper} from '@offprint/parse'

/** The paper's inline and display math, and its text with math marked `⟨…⟩`. */
function read(body: string) {
  const {tree} = parsePaper(`---\ntitle: T\n---\n\n${body}`)
  const math: string[] = []
  visit(tree, (node: Nodes) => {
    if (node.type === 'inlineMath' || node.type === 'math') math.push(`${node.type}:${node.value}`)
  })
  return {math, text: flatten(tree)}
}

function flatten(tree: Root): string {
  const parts: string[] = []
  visit(tree, (node: Nodes) => {
    if (node.type === 'text') parts.push(node.value)
    if (node.type === 'inlineMath' || node.type === 'math') parts.push(`⟨${node.value}⟩`)
  })
  return parts.join('')
}

describe('dollar amounts and `$…$` math (pandoc’s tex_math_dollars)', () => {
  it('keeps the issue’s sentence as money', () => {
    const {math, text} = read('The plan costs $4.2 trillion over ten years and saves $300 billion.\n')
    expect(math).toEqual([])
    expect(text).toBe('The plan costs $4.2 trillion over ten years and saves $300 billion.')
  })

  it('keeps `$5 and $10` and `$20,000 and $30,000` as money', () => {
    expect(read('Between $5 and $10.\n').math).toEqual([])
    expect(read('From $20,000 and $30,000 a year.\n').text).toBe('From $20,000 and $30,000 a year.')
  })

  it('reads `$x$` as math, also after money in the same paragraph', () => {
    expect(read('Let $x$ be.\n').math).toEqual(['inlineMath:x'])
    const {math, text} = read('It costs $5 and $10, where $x^2 + y$ grows.\n')
    expect(math).toEqual(['inlineMath:x^2 + y'])
    expect(text).toBe('It costs $5 and $10, where ⟨x^2 + y⟩ grows.')
  })

  it('refuses a closing `$` followed by a digit: `$x$5` is text', () => {
    expect(read('Pay $x$5 now.\n')).toEqual({math: [], text: 'Pay $x$5 now.'})
    expect(read('Between $5$6.\n').math).toEqual([])
  })

  it('refuses an opening `$` followed by a space, and a closing one after a space', () => {
    expect(read('A $ x$ b.\n')).toEqual({math: [], text: 'A $ x$ b.'})
    expect(read('A $x $ b.\n')).toEqual({math: [], text: 'A $x $ b.'})
  })

  it('reads `\\$` as a dollar sign, and `\\$` inside math as TeX’s', () => {
    expect(read('A \\$x$ b.\n')).toEqual({math: [], text: 'A $x$ b.'})
    expect(read('A $a\\$b$ c.\n').math).toEqual(['inlineMath:a\\$b'])
  })

  it('spans a line break inside math, but not a `$` opening a line', () => {
    expect(read('A $a\nb$ c.\n').math).toEqual(['inlineMath:a\nb'])
    expect(read('A $a\n$b c.\n').math).toEqual([])
  })

  it('keeps money inside notes and tables', () => {
    const {math, text} = read('Costs rose.[^1]\n\n| Item | Cost |\n| --- | --- |\n| Rent | $1,200 and $300 |\n\n[^1]: From $5 to $7 billion.\n')
    expect(math).toEqual([])
    expect(text).toContain('$1,200 and $300')
    expect(text).toContain('From $5 to $7 billion.')
    const inline = read('Costs rose.^[From $5 to $7 billion, or $x$.]\n')
    expect(inline.math).toEqual(['inlineMath:x'])
    expect(inline.text).toContain('From $5 to $7 billion, or ⟨x⟩.')
  })

  it('keeps `$$` display math as before', () => {
    expect(read('$$\ne = mc^2\n$$\n').math).toEqual(['math:e = mc^2'])
    expect(read('$$e = mc^2$$\n').math).toEqual(['math:e = mc^2'])
    expect(read('The sum $$\\sum_i x_i$$ costs $5.\n').math).toEqual(['inlineMath:\\sum_i x_i'])
    expect(read('Before.\n\n$$ a +\nb = c $$\n\nAfter $5.\n').math).toEqual(['math:a +\nb = c'])
  })

  it('keeps the text of a paper with money whole', () => {
    const {tree} = parsePaper('---\ntitle: T\n---\n\nA $1 coin and a $2 coin.\n')
    expect(toString(tree)).toContain('A $1 coin and a $2 coin.')
  })
})
