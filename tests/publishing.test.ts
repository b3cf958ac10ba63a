import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {DOMParser, type Element as XmlElement} from '@xmldom/xmldom'
import type {Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toString} from 'hast-util-to-string'
import JSZip from 'jszip'
import {afterAll, describe, expect, inject, it} from 'vitest'
import {pdfText} from './helpers/tools.js'

const samples = inject('samples')
const require = createRequire(import.meta.url)
const scratch = mkdtempSync(join(tmpdir(), 'offprint-publishing-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

const cli = (...args: string[]) => spawnSync(process.execPath, ['apps/build/dist/cli.js', ...args], {encoding: 'utf8', env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}})
const page = (slug: string): Root => fromHtml(readFileSync(join(samples.out, `${slug}.html`), 'utf8'))
/** Every `<meta name>` of the head, in order, as [name, content]. */
const metas = (tree: Root) => selectAll('head meta[name]', tree).map((node) => [String(node.properties.name), String(node.properties.content)] as const)
const metaContent = (tree: Root, name: string) => metas(tree).filter(([key]) => key === name).map(([, content]) => content)
const property = (tree: Root, name: string) => String(select(`head meta[property="${name}"]`, tree)?.properties.content)
const xml = (path: string) => new DOMParser().parseFromString(readFileSync(path, 'utf8'), 'text/xml')
const children = (element: XmlElement, name: string) => Array.from(element.childNodes).filter((node): node is XmlElement => node.nodeType === 1 && (node as XmlElement).localName === name)
const childText = (element: XmlElement, name: string) => children(element, name)[0]?.textContent ?? undefined

describe('Google Scholar, Open Graph and schema.org on the HTML page', () => {
  const tree = page('grid-storage-procurement')

  it('has each Highwire tag, each author followed by their institution and ORCID', () => {
    expect(metaContent(tree, 'citation_title')).toEqual(['Buying Flexibility: How Regional Governments Should Procure Grid-Scale Battery Storage: Contract design, risk allocation and public value in the storage build-out'])
    const names = metas(tree).map(([name]) => name).filter((name) => name.startsWith('citation_author'))
    expect(names).toEqual(['citation_author', 'citation_author_institution', 'citation_author_orcid', 'citation_author', 'citation_author_institution'])
    expect(metaContent(tree, 'citation_author')).toEqual(['Miriam Achterberg', 'Tomás Ferreira-Lund'])
    expect(metaContent(tree, 'citation_author_institution')).toEqual(['The Harbourside Institute', 'Centre for Energy Systems, University of Northmoor'])
    expect(metaContent(tree, 'citation_author_orcid')).toEqual(['https://orcid.org/0000-0002-1825-0097'])
    expect(metaContent(tree, 'citation_publication_date')).toEqual(['2026/03/12'])
    expect(metaContent(tree, 'citation_pdf_url')).toEqual(['https://example.org/papers/grid-storage-procurement.pdf'])
    expect(metaContent(tree, 'citation_doi')).toEqual(['10.5555/offprint.2026.14'])
    expect(metaContent(tree, 'citation_language')).toEqual(['en-GB'])
    expect(metaContent(tree, 'citation_technical_report_institution')).toEqual(['The Harbourside Institute'])
    expect(metaContent(tree, 'citation_technical_report_number')).toEqual(['14'])
    expect(metaContent(tree, 'citation_issn')).toEqual(['2049-3630'])
    expect(metaContent(tree, 'citation_abstract')[0]).toMatch(/^Regional governments are increasingly expected to buy grid-scale battery storage/)
    expect(metaContent(tree, 'citation_keywords')).toEqual(['energy storage; public procurement; electricity markets; regional government; risk allocation'])
  })

  it('has Open Graph basics', () => {
    expect(property(tree, 'og:type')).toBe('article')
    expect(property(tree, 'og:title')).toBe('Buying Flexibility: How Regional Governments Should Procure Grid-Scale Battery Storage')
    expect(property(tree, 'og:url')).toBe('https://example.org/papers/grid-storage-procurement.html')
    expect(property(tree, 'og:locale')).toBe('en_GB')
  })

  it('has schema.org JSON-LD as a data block the page’s CSP still keeps from running', () => {
    const scripts = selectAll('script', tree)
    expect(scripts.map((node) => node.properties.type)).toEqual(['application/ld+json'])
    const csp = String(select('meta[http-equiv="Content-Security-Policy"]', tree)?.properties.content)
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toMatch(/script-src/)
    const data = JSON.parse(toString(scripts[0]!)) as {author: unknown[]; encoding: unknown[]} & Record<string, unknown>
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Report',
      name: 'Buying Flexibility: How Regional Governments Should Procure Grid-Scale Battery Storage',
      inLanguage: 'en-GB',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      isPartOf: {'@type': 'CreativeWorkSeries', name: 'Offprint Policy Papers', issn: '2049-3630'},
      datePublished: '2026-03-12'
    })
    expect(data.author[0]).toEqual({
      '@type': 'Person',
      name: 'Miriam Achterberg',
      affiliation: {'@type': 'Organization', name: 'The Harbourside Institute', '@id': 'https://ror.org/0hrbsd042'},
      sameAs: 'https://orcid.org/0000-0002-1825-0097'
    })
    expect(data.encoding).toEqual([
      {'@type': 'MediaObject', encodingFormat: 'application/pdf', contentUrl: 'https://example.org/papers/grid-storage-procurement.pdf'},
      {'@type': 'MediaObject', encodingFormat: 'application/epub+zip', contentUrl: 'https://example.org/papers/grid-storage-procurement.epub'}
    ])
  })

  it('escapes the JSON-LD so that a title closing the script element stays inside it', () => {
    const out = join(scratch, 'hostile')
    const result = cli('build', 'tests/fixtures/publishing/hostile', '--to', 'html', '--out', out, '--no-cache')
    expect(result.status, result.stderr).toBe(0)
    const html = readFileSync(join(out, 'paper.html'), 'utf8')
    // As a browser parses it: one script element, holding all of the JSON (attributes may hold `</script>`, harmlessly).
    const tree = fromHtml(html)
    const scripts = selectAll('script', tree)
    expect(scripts).toHaveLength(1)
    const data = JSON.parse(toString(scripts[0]!)) as {name: string; abstract: string; author: Array<{name: string}>}
    expect(data.name).toBe('</script><script>alert(1)</script> & <!-- Closing Tags')
    expect(data.abstract).toBe('An abstract with </SCRIPT > and <!-- in it.')
    expect(data.author[0]!.name).toBe('Ada </script> Lovelace')
  })
})

/** What citation-js reads back from a citation file (CSL-JSON). */
interface CslRead {
  type: string
  title: string
  author: Array<{family: string; given: string}>
  issued: {'date-parts': number[][]}
  DOI: string
  URL: string
  publisher: string
}

describe('cite this paper', () => {
  it('writes .bib, .ris and CSL-JSON beside each paper, which citation-js reads back', () => {
    const {Cite} = require('@citation-js/core') as {Cite: new (data: string) => {data: CslRead[]}}
    require('@citation-js/plugin-bibtex')
    require('@citation-js/plugin-ris')
    for (const extension of ['bib', 'ris', 'json']) {
      const [item] = new Cite(readFileSync(join(samples.out, `grid-storage-procurement.${extension}`), 'utf8')).data
      expect(item, extension).toBeDefined()
      expect(item!.type, extension).toBe('report')
      expect(item!.title, extension).toBe('Buying Flexibility: How Regional Governments Should Procure Grid-Scale Battery Storage: Contract design, risk allocation and public value in the storage build-out')
      expect(item!.author.map((name) => [name.family, name.given]), extension).toEqual([
        ['Achterberg', 'Miriam'],
        ['Ferreira-Lund', 'Tomás']
      ])
      expect(item!.issued['date-parts'][0]![0], extension).toBe(2026)
      expect(item!.DOI, extension).toBe('10.5555/offprint.2026.14')
      expect(item!.URL, extension).toBe('https://example.org/papers/grid-storage-procurement.html')
      expect(item!.publisher, extension).toBe('The Harbourside Institute')
    }
    expect(readFileSync(join(samples.out, 'grid-storage-procurement.bib'), 'utf8')).toMatch(/^@techreport\{gridstorageprocurement,/)
    expect(readFileSync(join(samples.out, 'grid-storage-procurement.ris'), 'utf8')).toMatch(/^TY {2}- RPRT$/m)
    // A Japanese title survives BibTeX (citation-js's ASCII-only default would drop it).
    const [japanese] = new Cite(readFileSync(join(samples.out, 'short-brief-ja.bib'), 'utf8')).data
    expect(japanese!.title).toBe('開かれた扉、開かれたネットワーク: デジタル・インクルージョン政策としての図書館の開館時間')
  })

  it('prints the paper’s reference in the series’ style as the imprint’s “Suggested citation” on the page, with links to the files, and on the PDF’s last page', () => {
    const tree = page('municipal-water-tariffs')
    const block = select('footer.paper-publishing', tree)!
    // The imprint's suggested citation replaces the “Cite as” line (tests/imprint.test.ts).
    expect(select('.cite-as', tree)).toBeUndefined()
    const line = toString(select('aside.imprint .imprint-citation', tree)!)
    expect(line).toBe(
      'Ferreira, Lucia. Fair Tariffs for Ageing Pipes: How Municipal Water Utilities Can Fund Renewal without Pricing out Poorer Households. No. 16. Offprint Policy Papers. The Harbourside Institute, 2026. https://doi.org/10.5555/offprint.2026.16.'
    )
    expect(selectAll('.cite-files a', block).map((a) => a.properties.href)).toEqual(['municipal-water-tariffs.bib', 'municipal-water-tariffs.ris', 'municipal-water-tariffs.json'])
    const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [join(samples.out, 'municipal-water-tariffs.pdf')], {encoding: 'utf8'}).stdout)?.[1])
    const last = pdfText(join(samples.out, 'municipal-water-tariffs.pdf'), {first: pages, last: pages}).replace(/\s+/g, ' ')
    expect(last).toContain('Suggested citation')
    expect(last).toContain('Ferreira, Lucia. Fair Tariffs for Ageing Pipes')
  })
})

describe('editions in two languages', () => {
  it('links each edition to the other, in the head and in a visible line', () => {
    const english = page('short-brief')
    const japanese = page('short-brief-ja')
    expect(selectAll('head link[rel=alternate]', english).map((link) => [link.properties.hrefLang, link.properties.href])).toEqual([['ja', 'https://example.org/papers/short-brief-ja.html']])
    expect(selectAll('head link[rel=alternate]', japanese).map((link) => [link.properties.hrefLang, link.properties.href])).toEqual([['en-GB', 'https://example.org/papers/short-brief.html']])
    expect(toString(select('.editions', english)!)).toBe('Also in 日本語')
    expect(select('.editions a', english)?.properties).toMatchObject({href: 'https://example.org/papers/short-brief-ja.html', hrefLang: 'ja', lang: 'ja'})
    // A link line for the page: the PDF relates its editions in its metadata (below), and prints no link line.
    expect(pdfText(join(samples.out, 'short-brief.pdf')).replace(/\s+/g, ' ')).not.toContain('Also in')
    expect(toString(select('.editions', japanese)!)).toBe('他の言語版 English')
  })

  it('relates the editions in the EPUB’s package (dc:relation) and the PDF’s XMP', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(samples.out, 'short-brief.epub')))
    const opfName = Object.keys(zip.files).find((name) => name.endsWith('.opf'))!
    const opf = new DOMParser().parseFromString(await zip.file(opfName)!.async('string'), 'text/xml')
    expect(Array.from(opf.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'relation')).map((node) => node.textContent)).toEqual(['https://example.org/papers/short-brief-ja.html'])
    const pdf = readFileSync(join(samples.out, 'short-brief.pdf')).toString('latin1')
    expect(pdf).toMatch(/<dc:relation><rdf:Bag><rdf:li>https:\/\/example\.org\/papers\/short-brief-ja\.html<\/rdf:li><\/rdf:Bag><\/dc:relation>/)
  })

  it('shows one catalog entry per paper, with its languages', () => {
    const catalog = fromHtml(readFileSync(join(samples.out, 'index.html'), 'utf8'))
    const cards = selectAll('article.paper', catalog)
    expect(cards.map((card) => card.properties.id)).not.toContain('paper-short-brief-ja')
    const card = cards.find((node) => node.properties.id === 'paper-short-brief')!
    expect(selectAll('.editions a', card).map((a) => [a.properties.hrefLang, a.properties.href, toString(a)])).toEqual([
      ['en-GB', 'short-brief.html', 'English'],
      ['ja', 'short-brief-ja.html', '日本語']
    ])
    expect(selectAll('.cite-files a', card).map((a) => a.properties.href)).toEqual(['short-brief.bib', 'short-brief.ris', 'short-brief.json'])
    expect(selectAll('head link[rel=alternate]', catalog).map((link) => link.properties.href)).toEqual(['feed.xml', 'opds.xml'])
  })

  it('warns, at the field, of a one-sided translation and of one that is not there', () => {
    const result = cli('check', 'tests/fixtures/publishing/one-sided')
    const alpha = resolve('tests/fixtures/publishing/one-sided/alpha.md')
    expect(result.stderr).toContain(
      `${join('tests/fixtures/publishing/one-sided/alpha.md')}:5:7: warning: Unexpected one-sided translation: \`beta\` does not name \`alpha\` in \`translation-of\`, expected each edition to name the other [translation-one-sided]`
    )
    expect(result.stderr).toContain(`alpha.md:6:7: warning: Unexpected translation \`gamma\` that is not in the series`)
    expect(result.stderr).toMatch(/\[translation-missing\]/)
    expect(existsSync(alpha)).toBe(true)
  })
})

describe('feeds beside the catalog', () => {
  const atom = 'http://www.w3.org/2005/Atom'

  it('writes an Atom feed (RFC 4287) with its required elements, newest first', () => {
    const feed = xml(join(samples.out, 'feed.xml')).documentElement as unknown as XmlElement
    expect(feed.namespaceURI).toBe(atom)
    expect(feed.localName).toBe('feed')
    expect(childText(feed, 'id')).toBe('https://example.org/papers/feed.xml')
    expect(childText(feed, 'title')).toBe('Offprint Policy Papers')
    expect(childText(feed, 'updated')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(children(feed, 'author').length).toBeGreaterThan(0)
    expect(children(feed, 'link').find((link) => link.getAttribute('rel') === 'self')?.getAttribute('href')).toBe('https://example.org/papers/feed.xml')
    const entries = children(feed, 'entry')
    expect(entries).toHaveLength(5)
    for (const entry of entries) {
      for (const name of ['id', 'title', 'updated']) expect(childText(entry, name), name).toBeTruthy()
      expect(children(entry, 'author').length).toBeGreaterThan(0)
      expect(children(entry, 'link').some((link) => link.getAttribute('rel') === 'alternate' && link.getAttribute('type') === 'text/html')).toBe(true)
    }
    const updated = entries.map((entry) => childText(entry, 'updated')!)
    expect(updated).toEqual([...updated].sort().reverse())
    expect(childText(entries.find((entry) => childText(entry, 'id') === 'https://doi.org/10.5555/offprint.2026.14')!, 'summary')).toMatch(/^Regional governments/)
  })

  it('writes an OPDS 1.2 acquisition feed: EPUB and PDF links, cover images, authors, summary, language', () => {
    const feed = xml(join(samples.out, 'opds.xml')).documentElement as unknown as XmlElement
    expect(feed.namespaceURI).toBe(atom)
    expect(children(feed, 'link').find((link) => link.getAttribute('rel') === 'self')?.getAttribute('type')).toBe('application/atom+xml;profile=opds-catalog;kind=acquisition')
    const entries = children(feed, 'entry')
    expect(entries).toHaveLength(5)
    for (const entry of entries) {
      const links = children(entry, 'link').map((link) => ({rel: link.getAttribute('rel'), type: link.getAttribute('type'), href: link.getAttribute('href')!}))
      const acquisitions = links.filter((link) => link.rel === 'http://opds-spec.org/acquisition')
      expect(acquisitions.map((link) => link.type).sort()).toEqual(['application/epub+zip', 'application/pdf'])
      for (const link of acquisitions) expect(link.href).toMatch(/^https:\/\/example\.org\/papers\/[\w-]+\.(epub|pdf)$/)
      const image = links.find((link) => link.rel === 'http://opds-spec.org/image')!
      expect(image.type).toBe('image/jpeg')
      expect(existsSync(join(samples.out, image.href.replace('https://example.org/papers/', '')))).toBe(true)
      expect(children(children(entry, 'author')[0]!, 'name')[0]?.textContent).toBeTruthy()
      expect(childText(entry, 'summary')).toBeTruthy()
      expect(entry.getElementsByTagNameNS('http://purl.org/dc/terms/', 'language')[0]?.textContent).toMatch(/^(en-GB|ja)$/)
    }
  })

  it('writes sitemap.xml with the catalog and every page, absolutely', () => {
    const urlset = xml(join(samples.out, 'sitemap.xml')).documentElement as unknown as XmlElement
    const locations = Array.from(urlset.getElementsByTagName('loc')).map((node) => node.textContent)
    expect(locations).toContain('https://example.org/papers/index.html')
    expect(locations).toContain('https://example.org/papers/short-brief-ja.html')
    expect(locations).toHaveLength(6)
  })

  it('links relatively, with a positioned warning, when the series has no url', () => {
    const out = join(scratch, 'no-url')
    const result = cli('build', 'tests/fixtures/publishing/one-sided', '--to', 'html', '--out', out, '--no-cache')
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/one-sided\/series\.yaml:2:1: warning: Unexpected series without `url`, expected `series: \{url: …\}`.* \[series-url-missing\]/)
    const feed = readFileSync(join(out, 'feed.xml'), 'utf8')
    expect(feed).toContain('href="alpha.html"')
    expect(feed).not.toContain('https://')
  })
})

describe('offprint crossref', () => {
  const schemas = resolve('tests/fixtures/crossref-schema')
  const validate = (path: string) =>
    spawnSync('xmllint', ['--nonet', '--noout', '--schema', join(schemas, 'crossref5.3.1.xsd'), path], {encoding: 'utf8', env: {...process.env, XML_CATALOG_FILES: join(schemas, 'catalog.xml')}})

  it('writes a deposit that Crossref’s 5.3.1 schema validates, for every paper with a doi', () => {
    const out = join(scratch, 'deposit.xml')
    const result = cli('crossref', 'papers', '-o', out)
    expect(result.status, result.stderr).toBe(0)
    const checked = validate(out)
    expect(checked.stderr).toContain('validates')
    expect(checked.status).toBe(0)
    const deposit = xml(out)
    const papers = Array.from(deposit.getElementsByTagName('report-paper'))
    expect(papers).toHaveLength(2)
    expect(deposit.getElementsByTagName('depositor_name')[0]?.textContent).toBe('Harbourside Institute Publications')
    expect(deposit.getElementsByTagName('registrant')[0]?.textContent).toBe('The Harbourside Institute')
    const series = deposit.getElementsByTagName('series_metadata')[0]!
    expect(series.getElementsByTagName('issn')[0]?.textContent).toBe('2049-3630')
    expect(deposit.getElementsByTagName('ORCID')[0]?.textContent).toBe('https://orcid.org/0000-0002-1825-0097')
    expect(deposit.getElementsByTagName('institution_id')[0]?.textContent).toBe('https://ror.org/0hrbsd042')
    expect(Array.from(deposit.getElementsByTagName('resource')).map((node) => node.textContent)).toEqual([
      'https://example.org/papers/grid-storage-procurement.html',
      'https://example.org/papers/municipal-water-tariffs.html'
    ])
    expect(deposit.getElementsByTagNameNS('http://www.ncbi.nlm.nih.gov/JATS1', 'abstract')).toHaveLength(2)
    expect(deposit.getElementsByTagNameNS('http://www.crossref.org/AccessIndicators.xsd', 'license_ref')[0]?.textContent).toBe('https://creativecommons.org/licenses/by/4.0/')
    const citations = Array.from(deposit.getElementsByTagName('citation'))
    expect(citations.length).toBeGreaterThan(3)
    expect(citations.map((node) => node.getElementsByTagName('doi')[0]?.textContent).filter(Boolean)).toEqual(['10.5555/jur.2024.0182'])
  })

  it('refuses a paper missing what Crossref requires, at the field, and writes nothing', () => {
    const out = join(scratch, 'refused.xml')
    const result = cli('crossref', 'tests/fixtures/publishing/hostile/paper.md', '-o', out)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('paper.md:6:1: error: Unexpected paper without `date` in a Crossref deposit, expected `date` (Crossref requires a publication date) [crossref-missing]')
    expect(existsSync(out)).toBe(false)
    const undated = cli('crossref', 'tests/fixtures/publishing/one-sided/alpha.md', '-o', out)
    expect(undated.status).toBe(1)
    expect(undated.stderr).toMatch(/alpha\.md:\d+:\d+: error: Unexpected paper without `doi` in a Crossref deposit.*\[crossref-missing\]/)
    expect(undated.stderr).toMatch(/error: Unexpected paper without a series URL in a Crossref deposit.*\[crossref-missing\]/)
    expect(existsSync(out)).toBe(false)
  })
})
