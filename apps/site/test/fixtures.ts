import type {PaperMeta} from '@offprint/parse'
import type {CatalogEntry} from '@offprint/site'

/** A paper's metadata with the fields a test does not care about filled in. */
export function meta(fields: Partial<PaperMeta> & {title: string}): PaperMeta {
  return {authors: [], lang: 'en', keywords: [], options: {}, ...fields}
}

/** An entry whose PDF, EPUB and HTML are `<slug>.pdf` and so on. */
export function entry(slug: string, fields: Partial<PaperMeta> & {title: string}, sizes = {pdf: 312_000, epub: 20_000, html: 45_000}): CatalogEntry {
  return {
    slug,
    meta: meta(fields),
    files: [
      {format: 'html', href: `${slug}.html`, bytes: sizes.html},
      {format: 'epub', href: `${slug}.epub`, bytes: sizes.epub},
      {format: 'pdf', href: `${slug}.pdf`, bytes: sizes.pdf, pages: 7}
    ]
  }
}

const series = {name: 'Offprint Policy Papers', url: 'https://example.org/papers'}

/** The sample series: two English papers of the series, a Japanese one of its sister series. */
export const sample: CatalogEntry[] = [
  entry('grid', {
    title: 'Buying Flexibility',
    subtitle: 'Contract design and public value',
    series: {...series, number: 14},
    authors: [{name: 'Miriam Achterberg', affiliation: 'The Harbourside Institute'}, {name: 'Tomás Ferreira-Lund'}],
    date: '2026-03-12',
    lang: 'en-GB',
    abstract: 'Regional governments are increasingly expected to buy grid-scale battery storage.',
    publisher: 'The Harbourside Institute',
    doi: '10.5555/offprint.2026.14'
  }),
  entry('brief', {title: 'Open Doors, Open Networks', series, date: '2026-02-03', lang: 'en-GB', publisher: 'The Harbourside Institute'}, {pdf: 169_400, epub: 8_600, html: 30_000}),
  entry('ja-transport', {
    title: '高齢化する地方における公共交通の再設計',
    subtitle: '路線バスの縮小を超えて、移動の権利をどう守るか',
    series: {name: 'オフプリント政策論集', number: 15},
    authors: [{name: '山田 花子', affiliation: 'ハーバーサイド研究所'}],
    date: '2026-04-20',
    lang: 'ja',
    abstract: '地方では人口減少と高齢化が同時に進み、路線バスの減便や廃止が相次いでいる。',
    publisher: 'ハーバーサイド研究所'
  })
]
