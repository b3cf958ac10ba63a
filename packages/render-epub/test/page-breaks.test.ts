import type {Element} from 'hast'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {accessibilityMetadata, markPageBreaks, type BookFacts} from '@offprint/render-epub'
import type {PaperMeta} from '@offprint/parse'

/** Two files of a book: counted text is `TitleAuthor` then the body's. */
function pieces(): Array<{filename: string; root: Element}> {
  return [
    {filename: 'title-page.xhtml', root: h('section', [h('h1', 'Title'), h('p', 'Author')])},
    {
      filename: 'text-01.xhtml',
      root: h('section', [
        h('h2', {id: 'one'}, 'One'),
        h('p', ['Some ', h('a', {href: '#x'}, 'linked'), ' words and a hyphen\u00adated outcome.']),
        h('p', ['Math ', h('math', [h('semantics', [h('mi', 'k'), h('annotation', {encoding: 'application/x-tex'}, 'k')])]), ' ends.'])
      ])
    }
  ]
}

const marker = (page: number) => `<span id="print-page-${page}" epub:type="pagebreak" role="doc-pagebreak" aria-label="${page}"></span>`

describe('markPageBreaks', () => {
  it('puts page 1 first, a page at a heading before it, and a page inside a link before the link', () => {
    const book = pieces()
    const written = markPageBreaks(book, [
      {page: 1, offset: 0},
      {page: 2, anchor: 'one', offset: 0},
      // `One` + `Some` = 7, then inside `linked`.
      {page: 3, anchor: 'one', offset: 9}
    ])
    expect(written).toEqual([
      {page: 1, href: 'title-page.xhtml#print-page-1'},
      {page: 2, href: 'text-01.xhtml#print-page-2'},
      {page: 3, href: 'text-01.xhtml#print-page-3'}
    ])
    expect(toHtml(book[0]!.root)).toMatch(new RegExp(`^<section>${marker(1)}<h1>`))
    const text = toHtml(book[1]!.root)
    expect(text).toContain(`<section>${marker(2)}<h2 id="one">One</h2>`)
    expect(text).toContain(`<p>Some ${marker(3)}<a href="#x">linked</a>`)
  })

  it('splits a text node at the page, before the word it begins inside, not counting soft hyphens or white space', () => {
    const book = pieces()
    // From `One`: `words` begins at 13, `hyphen` at 22 and `ated` (after the soft hyphen) at 28.
    markPageBreaks(book, [
      {page: 2, anchor: 'one', offset: 13},
      {page: 3, anchor: 'one', offset: 28}
    ])
    expect(toHtml(book[1]!.root)).toContain(`</a> ${marker(2)}words and a ${marker(3)}hyphen\u00adated outcome.`)
  })

  it('never writes a marker inside MathML, and skips the TeX annotation when counting', () => {
    const book = pieces()
    // From `One`: `Math` begins at 40, the `k` is 44 (its annotation not counted), `ends.` begins at 45.
    markPageBreaks(book, [
      {page: 2, anchor: 'one', offset: 44},
      {page: 3, anchor: 'one', offset: 45}
    ])
    const text = toHtml(book[1]!.root)
    expect(text).toContain(`Math ${marker(2)}<math>`)
    expect(text).toContain(`</math> ${marker(3)}ends.`)
  })

  it('leaves out, and reports, a page whose anchor the book does not have', () => {
    const missing: number[] = []
    expect(markPageBreaks(pieces(), [{page: 2, anchor: 'nowhere', offset: 0}], missing)).toEqual([])
    expect(missing).toEqual([2])
  })
})

describe('accessibilityMetadata', () => {
  const meta = {title: 'T', authors: [{name: 'Ann'}], lang: 'en', keywords: [], publisher: 'Press'} as unknown as PaperMeta
  const facts: BookFacts = {images: [], imagesHaveAlt: true, math: false, tables: {count: 0, withHeaders: 0}, headings: true, notes: false, printPages: 0}
  const values = (lines: string[], property: string) => lines.filter((line) => line.includes(`property="${property}"`)).map((line) => line.replace(/<[^>]+>/g, ''))

  it('claims EPUB Accessibility 1.1 at WCAG 2.2 AA and lists only what the book has', () => {
    const lines = accessibilityMetadata(meta, facts)
    expect(values(lines, 'dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.2 Level AA'])
    expect(values(lines, 'a11y:certifiedBy')).toEqual(['Press'])
    expect(values(lines, 'schema:accessMode')).toEqual(['textual'])
    expect(values(lines, 'schema:accessibilityFeature')).toEqual(['tableOfContents', 'readingOrder', 'structuralNavigation'])
    expect(lines.some((line) => line.includes('dc:source'))).toBe(false)
  })

  it('follows the content: pictures, MathML, a page list and its source', () => {
    const lines = accessibilityMetadata(meta, {...facts, images: [{mediaType: 'image/png'}], math: true, printPages: 7, pageBreakSource: 'urn:doi:10.5555/1'})
    expect(values(lines, 'schema:accessMode')).toEqual(['textual', 'visual'])
    expect(values(lines, 'schema:accessModeSufficient')).toEqual(['textual', 'textual,visual'])
    expect(values(lines, 'schema:accessibilityFeature')).toEqual(['tableOfContents', 'readingOrder', 'structuralNavigation', 'alternativeText', 'MathML', 'pageBreakMarkers', 'pageNavigation'])
    expect(lines).toContain('<dc:source id="print-edition">urn:doi:10.5555/1</dc:source>')
    expect(values(lines, 'schema:accessibilitySummary')[0]).toContain('(7 pages)')
  })

  it('makes no conformance claim when a picture lacks alternative text or a table header cells', () => {
    for (const lacking of [{images: [{mediaType: 'image/png'}], imagesHaveAlt: false}, {tables: {count: 2, withHeaders: 1}}]) {
      const lines = accessibilityMetadata(meta, {...facts, ...lacking})
      expect(values(lines, 'dcterms:conformsTo')).toEqual([])
      expect(values(lines, 'schema:accessibilityFeature')).not.toContain('alternativeText')
    }
  })
})
