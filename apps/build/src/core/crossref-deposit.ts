import {createHash} from 'node:crypto'
import {personName, type CslItem} from '@offprint/cite'
import type {PaperMeta, SeriesConfig} from '@offprint/parse'
import {sourceDate} from '@offprint/parse/build-time'
import {report} from '@offprint/parse/report'
import {licenseUrl} from '@offprint/render-html'
import {xmlDocument, xmlElement as x} from '@offprint/site'
import type {VFile} from 'vfile'
import type {Element} from 'xast'
import {fieldPlace} from './resolve-inside.js'

/** One paper to register: its metadata, where it is published, and the works it cites. */
export interface DepositPaper {
  slug: string
  meta: PaperMeta
  /** The series' home page; the paper's DOI resolves to `<url>/<slug>.html`. */
  url: string
  /** The works its bibliography lists (CSL-JSON), for `citation_list`. */
  cited: ReadonlyArray<CslItem>
}

export interface DepositOptions {
  /** From `series.yaml`: `crossref: {depositor: {name, email}, registrant}`. */
  crossref: NonNullable<SeriesConfig['crossref']>
  /** The deposit's time stamp, which Crossref compares with the last deposit's. Default: `SOURCE_DATE_EPOCH`, else now. */
  date?: Date | undefined
}

const schemaVersion = '5.3.1'

/**
 * Whether Crossref can register the paper: a DOI, a publication date and
 * a series URL (its DOI must resolve somewhere). Each thing missing is an
 * error at the field that would hold it (or at `doi`).
 */
export function checkDepositable(meta: PaperMeta, url: string | undefined, file: VFile): boolean {
  const at = (field: string) => fieldPlace(file, field) ?? fieldPlace(file, 'doi') ?? fieldPlace(file, 'title') ?? {line: 1, column: 1}
  const missing: Array<[string, string]> = []
  if (!meta.doi) missing.push(['doi', '`doi` (the DOI to register)'])
  if (!meta.date) missing.push(['date', '`date` (Crossref requires a publication date)'])
  if (!url) missing.push(['series', '`series: {url: …}` (the DOI resolves to the paper’s page under it)'])
  for (const [field, expected] of missing) {
    report(file, {reason: `Unexpected paper without ${field === 'series' ? 'a series URL' : `\`${field}\``} in a Crossref deposit, expected ${expected}`, ruleId: 'crossref-missing', severity: 'error', place: at(field)})
  }
  return missing.length === 0
}

/**
 * A Crossref deposit (schema 5.3.1 `doi_batch`) registering each paper as
 * a `report-paper`: in its series (`report-paper_series_metadata`, with the
 * ISSN) when the series has one, else on its own (`report-paper_metadata`,
 * which alone has a place for the paper's licence). Contributors with
 * ORCID, affiliation and ROR id; titles; the abstract as JATS; the
 * publication date; publisher and report number; `doi_data` with the
 * paper's page; a `citation_list` of its works cited, with DOIs where known.
 */
export function crossrefDeposit(papers: ReadonlyArray<DepositPaper>, options: DepositOptions): string {
  const date = options.date ?? sourceDate() ?? new Date()
  const timestamp = date.toISOString().replace(/\D/g, '').slice(0, 14)
  const batch = 'offprint-' + createHash('sha256').update(papers.map((paper) => paper.meta.doi).join('\n') + timestamp).digest('hex').slice(0, 16)
  const root = x(
    'doi_batch',
    {
      xmlns: `http://www.crossref.org/schema/${schemaVersion}`,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xmlns:jats': 'http://www.ncbi.nlm.nih.gov/JATS1',
      'xmlns:ai': 'http://www.crossref.org/AccessIndicators.xsd',
      'xsi:schemaLocation': `http://www.crossref.org/schema/${schemaVersion} https://www.crossref.org/schemas/crossref${schemaVersion}.xsd`,
      version: schemaVersion
    },
    [
      x('head', {}, [
        x('doi_batch_id', {}, batch),
        x('timestamp', {}, timestamp),
        x('depositor', {}, [x('depositor_name', {}, options.crossref.depositor.name), x('email_address', {}, options.crossref.depositor.email)]),
        x('registrant', {}, options.crossref.registrant)
      ]),
      x('body', {}, papers.map(reportPaper))
    ]
  )
  return xmlDocument(root)
}

function reportPaper(paper: DepositPaper): Element {
  const {meta} = paper
  const language = meta.lang.split('-')[0]!.toLowerCase()
  const issn = meta.series?.issn
  const license = meta.license ? licenseUrl(meta.license) : undefined
  const program = license && /^https?:\/\//.test(license) ? x('ai:program', {name: 'AccessIndicators'}, x('ai:license_ref', {applies_to: 'vor'}, license)) : undefined
  const [year, month, day] = meta.date!.split('-')
  const common = {
    titles: x('titles', {}, [x('title', {}, meta.title), meta.subtitle ? x('subtitle', {}, meta.subtitle) : undefined]),
    abstract: meta.abstract ? x('jats:abstract', {}, meta.abstract.split(/\n\s*\n/).map((text) => x('jats:p', {}, text.replace(/\s+/g, ' ').trim()))) : undefined,
    date: x('publication_date', {media_type: 'online'}, [x('month', {}, month), x('day', {}, day), x('year', {}, year)]),
    publisher: meta.publisher ? x('publisher', {}, x('publisher_name', {}, meta.publisher)) : undefined,
    item: meta.series?.number === undefined ? undefined : x('publisher_item', {}, x('identifier', {id_type: 'report-number'}, String(meta.series.number))),
    doi: x('doi_data', {}, [x('doi', {}, meta.doi), x('resource', {}, new URL(`${encodeURIComponent(paper.slug)}.html`, paper.url.endsWith('/') ? paper.url : paper.url + '/').href)]),
    citations: paper.cited.length > 0 ? x('citation_list', {}, paper.cited.map((item, index) => citation(item, index))) : undefined
  }
  const contributors = meta.authors.length > 0 ? x('contributors', {}, meta.authors.map((author, index) => contributor(author, index, meta.lang))) : undefined
  if (issn && meta.series) {
    // The series form has no licence of the paper's own: the licence is the series'.
    const series = x('series_metadata', {}, [x('titles', {}, x('title', {}, meta.series.name)), x('issn', {media_type: 'electronic'}, issn), program])
    return x('report-paper', {}, x('report-paper_series_metadata', {language}, [series, contributors, common.titles, common.abstract, common.date, common.publisher, common.item, common.doi, common.citations]))
  }
  return x('report-paper', {}, x('report-paper_metadata', {language}, [contributors, common.titles, common.abstract, common.date, common.publisher, common.item, program, common.doi, common.citations]))
}

function contributor(author: PaperMeta['authors'][number], index: number, lang: string): Element {
  const attributes = {sequence: index === 0 ? 'first' : 'additional', contributor_role: 'author'}
  const name = personName(author, lang)
  if ('literal' in name) return x('organization', attributes, name.literal)
  const affiliation = author.affiliation
    ? x('affiliations', {}, x('institution', {}, [x('institution_name', {}, author.affiliation), author.ror ? x('institution_id', {type: 'ror'}, author.ror) : undefined]))
    : undefined
  return x('person_name', attributes, [
    name.given ? x('given_name', {}, name.given) : undefined,
    x('surname', {}, name.family),
    affiliation,
    author.orcid ? x('ORCID', {}, `https://orcid.org/${author.orcid}`) : undefined
  ])
}

/** A work cited: its DOI when known, and always the reference as text (Crossref matches it when there is no DOI). */
function citation(item: CslItem, index: number): Element {
  const doi = typeof item['DOI'] === 'string' ? item['DOI'].replace(/^https?:\/\/(dx\.)?doi\.org\//i, '') : undefined
  return x('citation', {key: `ref${index + 1}`}, [doi ? x('doi', {}, doi) : undefined, x('unstructured_citation', {}, unstructured(item))])
}

function unstructured(item: CslItem): string {
  const names = Array.isArray(item['author']) ? (item['author'] as Array<{family?: string; given?: string; literal?: string}>).map((name) => name.literal ?? [name.given, name.family].filter(Boolean).join(' ')) : []
  const issued = (item['issued'] as {'date-parts'?: unknown[][]} | undefined)?.['date-parts']?.[0]?.[0]
  const parts = [names.join(', '), issued === undefined ? undefined : `(${String(issued)})`, typeof item['title'] === 'string' ? item['title'] : undefined, typeof item['container-title'] === 'string' ? item['container-title'] : undefined]
  return parts.filter(Boolean).join('. ').replace(/<[^>]*>/g, '') || item.id
}
