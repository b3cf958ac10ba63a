import {describe, expect, it} from 'vitest'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import * as site from '@offprint/site'
import {formatBytes, renderCatalog, sortEntries, truncateText} from '@offprint/site'
import {entry, sample} from './fixtures.js'

function parse(html: string): Root {
  return fromHtml(html)
}

function text(tree: Root | Element, selector: string): string[] {
  return selectAll(selector, tree).map((node) => toText(node).replace(/\s+/g, ' ').trim())
}

describe('@offprint/site', () => {
  it('exposes its API', () => {
    expect(Object.keys(site).sort()).toEqual(['atomFeed', 'formatBytes', 'groupEditions', 'opdsFeed', 'renderCatalog', 'sitemap', 'sortEntries', 'truncateText', 'xmlDocument', 'xmlElement'])
  })
})

describe('renderCatalog', () => {
  const html = renderCatalog(sample)
  const tree = parse(html)

  it('writes a complete document that runs and loads nothing', () => {
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true)
    expect(text(tree, 'title')).toEqual(['Offprint Policy Papers'])
    expect(select('meta[charset=utf-8]', tree)).toBeDefined()
    expect(select('meta[http-equiv=Content-Security-Policy]', tree)?.properties.content).toBe("default-src 'none'; style-src 'unsafe-inline'")
    expect(selectAll('script, link, img, iframe, object, embed, [src], [style]', tree)).toEqual([])
    expect(selectAll('style', tree)).toHaveLength(1)
  })

  it('heads the page with the series most papers share and lists one article per paper, newest first', () => {
    expect(text(tree, 'h1')).toEqual(['Offprint Policy Papers'])
    expect(text(tree, '.publisher')).toEqual(['The Harbourside Institute'])
    expect(selectAll('main > article', tree).map((node) => node.properties.id)).toEqual(['paper-ja-transport', 'paper-grid', 'paper-brief'])
    expect(text(tree, 'article h2')).toEqual(['高齢化する地方における公共交通の再設計', 'Buying Flexibility', 'Open Doors, Open Networks'])
  })

  it('sets each paper’s language on its article, and the catalog’s on words it adds to another language’s paper', () => {
    expect(selectAll('article', tree).map((node) => node.properties.lang)).toEqual(['ja', 'en-GB', 'en-GB'])
    expect(select('#paper-ja-transport .downloads', tree)?.properties.lang).toBe('en')
    expect(select('#paper-grid .downloads', tree)?.properties.lang).toBeUndefined()
    const japanese = parse(renderCatalog(sample, {lang: 'ja'}))
    expect(select('html', japanese)?.properties.lang).toBe('ja')
    expect(text(japanese, '#paper-grid .pages')).toEqual(['7ページ'])
    expect(select('#paper-ja-transport .downloads', japanese)?.properties.lang).toBeUndefined()
  })

  it('prints number, date in the paper’s language, title linking to the HTML, subtitle, authors and DOI', () => {
    const grid = select('#paper-grid', tree)!
    expect(text(grid, '.paper-meta')).toEqual(['No. 14 · 12 March 2026'])
    expect(select('time', grid)?.properties.dateTime).toBe('2026-03-12')
    expect(select('h2 a', grid)?.properties.href).toBe('grid.html')
    expect(select('article', tree)?.properties.ariaLabelledBy).toEqual(['paper-ja-transport-title'])
    expect(text(grid, '.paper-subtitle')).toEqual(['Contract design and public value'])
    expect(text(grid, '.authors li')).toEqual(['Miriam Achterberg, The Harbourside Institute', 'Tomás Ferreira-Lund'])
    expect(select('.doi a', grid)?.properties.href).toBe('https://doi.org/10.5555/offprint.2026.14')
    // A paper of another series names it; Japanese dates and affiliations read as Japanese.
    const ja = select('#paper-ja-transport', tree)!
    expect(text(ja, '.paper-meta')).toEqual(['オフプリント政策論集 · 第15号 · 2026年4月20日'])
    expect(text(ja, '.authors li')).toEqual(['山田 花子（ハーバーサイド研究所）'])
    expect(select('.doi', ja)).toBeUndefined()
  })

  it('links PDF and EPUB as downloads with media type, size and pages', () => {
    const links = selectAll('#paper-grid .downloads a', tree)
    expect(links.map((node) => toText(node))).toEqual(['PDF · 312\u00a0kB · 7 pages', 'EPUB · 20\u00a0kB'])
    expect(links.map((node) => [node.properties.href, node.properties.type, node.properties.download])).toEqual([
      ['grid.pdf', 'application/pdf', true],
      ['grid.epub', 'application/epub+zip', true]
    ])
    expect(text(tree, '#paper-brief .downloads a')).toEqual(['PDF · 169 kB · 7 pages', 'EPUB · 8.6 kB'])
  })

  it('escapes hostile metadata instead of running it', () => {
    const hostile = '<script>alert(1)</script>'
    const page = renderCatalog(
      [
        entry('x', {
          title: hostile,
          subtitle: '</style><img src=x onerror=alert(1)>',
          authors: [{name: '<b onmouseover=alert(1)>Eve</b>', affiliation: '" onfocus="alert(1)'}],
          abstract: '<iframe src="https://evil.example"></iframe>',
          doi: '10.5555/"><script>x</script>'
        })
      ],
      {title: '</title><script>alert(2)</script>'}
    )
    const hostileTree = parse(page)
    expect(selectAll('script, img, iframe, b, [onerror], [onmouseover], [onfocus]', hostileTree)).toEqual([])
    expect(text(hostileTree, 'title')).toEqual(['</title><script>alert(2)</script>'])
    expect(text(hostileTree, 'h2')).toEqual([hostile])
    expect(text(hostileTree, '.paper-subtitle')).toEqual(['</style><img src=x onerror=alert(1)>'])
    expect(select('.doi a', hostileTree)?.properties.href).toBe('https://doi.org/10.5555/%22%3E%3Cscript%3Ex%3C/script%3E')
    expect(page).not.toContain('<script')
  })

  it('keeps file names with spaces, `#` or a scheme as paths to those files', () => {
    const page = parse(renderCatalog([entry('annual review #3', {title: 'A'}), entry('javascript:alert(1)', {title: 'B'})]))
    const hrefs = selectAll('a[href]', page).map((node) => String(node.properties.href))
    expect(hrefs).toContain('annual%20review%20%233.pdf')
    expect(hrefs).toContain('javascript%3Aalert(1).html')
    expect(hrefs.filter((href) => /^[a-z]+:/i.test(href))).toEqual([])
  })

  it('falls back to “Papers” with no series, and takes an explicit title', () => {
    const plain = [entry('a', {title: 'A'}), entry('b', {title: 'B'})]
    expect(text(parse(renderCatalog(plain)), 'h1')).toEqual(['Papers'])
    const titled = parse(renderCatalog(sample, {title: 'Harbourside papers'}))
    expect(text(titled, 'h1')).toEqual(['Harbourside papers'])
    expect(text(titled, '#paper-grid .paper-meta')).toEqual(['Offprint Policy Papers · No. 14 · 12 March 2026'])
  })

  it('is reproducible: same papers in any order, same bytes; a date only when given', () => {
    expect(renderCatalog([...sample].reverse())).toBe(html)
    expect(html).not.toContain('<footer')
    const dated = parse(renderCatalog(sample, {generatedAt: '2026-05-05T10:00:00Z'}))
    expect(text(dated, 'footer')).toEqual(['Updated May 5, 2026'])
    expect(select('footer time', dated)?.properties.dateTime).toBe('2026-05-05T10:00:00Z')
  })

  it('shortens a long abstract at a word or sentence, never mid-word', () => {
    const sentence = 'Public buyers should stop purchasing energy from storage and start purchasing capability. '
    const abstract = sentence.repeat(12)
    const page = parse(renderCatalog([entry('long', {title: 'Long', abstract})]))
    const [shown] = text(page, '.abstract')
    expect(shown!.length).toBeLessThan(520)
    expect(shown).toMatch(/capability\. …$/)
    const words = new Set(abstract.split(/\s+/))
    for (const word of shown!.replace(/ ?…$/, '').split(' ')) expect(words).toContain(word)
  })
})

describe('sortEntries', () => {
  it('orders newest first, then higher series number, then title; undated last', () => {
    const series = (number?: number | string) => ({name: 'S', number})
    const entries = [
      entry('undated', {title: 'Undated'}),
      entry('old', {title: 'Old', date: '2024-01-01', series: series(3)}),
      entry('n9', {title: 'Nine', date: '2026-01-01', series: series(9)}),
      entry('n10', {title: 'Ten', date: '2026-01-01', series: series(10)}),
      entry('beta', {title: 'beta', date: '2026-01-01'}),
      entry('alpha', {title: 'Alpha', date: '2026-01-01'}),
      entry('new', {title: 'New', date: '2026-06-30', series: series('2a')})
    ]
    expect(sortEntries(entries).map((item) => item.slug)).toEqual(['new', 'n10', 'n9', 'alpha', 'beta', 'old', 'undated'])
  })
})

describe('formatBytes', () => {
  it('prints SI sizes, one decimal below 10, in the catalog’s language', () => {
    const sizes = [0, 850, 999, 1000, 2449, 20_000, 312_000, 999_960, 1_250_000, 12_345_678_901]
    expect(sizes.map((bytes) => formatBytes(bytes, 'en').replace('\u00a0', ' '))).toEqual([
      '0 B', '850 B', '999 B', '1 kB', '2.4 kB', '20 kB', '312 kB', '1 MB', '1.3 MB', '12 GB'
    ])
    expect(formatBytes(1_250_000, 'de')).toBe('1,3\u00a0MB')
  })
})

describe('truncateText', () => {
  it('keeps text that fits, whole paragraphs', () => {
    expect(truncateText('One.\n\nTwo  lines\nhere.', 100, 'en')).toEqual({paragraphs: ['One.', 'Two lines here.'], truncated: false})
  })

  it('cuts one long sentence after a whole word', () => {
    const result = truncateText('Procurement models designed for wind and solar generation fit storage poorly', 30, 'en')
    expect(result).toEqual({paragraphs: ['Procurement models designed…'], truncated: true})
  })

  it('cuts Japanese at a word boundary, counting wide characters double', () => {
    const {paragraphs, truncated} = truncateText('地方では人口減少と高齢化が同時に進み、路線バスの減便や廃止が相次いでいる。', 40, 'ja')
    expect(truncated).toBe(true)
    expect(paragraphs).toEqual(['地方では人口減少と高齢化が同時に進み…'])
  })
})
