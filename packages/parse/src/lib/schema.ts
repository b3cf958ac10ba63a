import {z} from 'zod'

/** `YYYY-MM-DD`, and a day that exists. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(value + 'T00:00:00Z')
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
  }, 'a date that exists, as YYYY-MM-DD')

/** A BCP 47 language tag, loosely: `en`, `en-GB`, `ja`, `zh-Hant-TW`. */
const languageTag = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 language tag such as en or ja')

/** A paper's slug: its file name without .md, or its folder's name. */
const slug = z.string().regex(/^[^\s/\\]+$/, 'a paper slug (its file or folder name, without .md)')

export const authorSchema = z.union([
  z.string().min(1).describe('The author’s name.'),
  z
    .object({
      name: z.string().min(1).describe('The author’s name as printed.'),
      affiliation: z.string().optional().describe('Institution, printed under the name.'),
      email: z.email().optional().describe('Contact address.'),
      orcid: z
        .string()
        .regex(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, 'an ORCID iD such as 0000-0002-1825-0097')
        .optional()
        .describe('ORCID iD, 0000-0000-0000-0000.'),
      ror: z
        .string()
        .regex(/^(https:\/\/ror\.org\/)?0[a-z0-9]{6}\d{2}$/, 'a ROR id such as https://ror.org/05dxps055 or 05dxps055')
        .optional()
        .describe('ROR id of the affiliation (https://ror.org/…), for Crossref deposits.'),
      bio: z.string().min(1).optional().describe('A few sentences about the author, printed under “About the authors” (plain text; a blank line starts a paragraph).')
    })
    .strict()
])

export const seriesSchema = z.union([
  z.string().min(1).describe('The series name.'),
  z
    .object({
      name: z.string().min(1).describe('The series name, printed as a banner.'),
      short: z
        .string()
        .min(1)
        .optional()
        .describe('A shorter name for the running heads, for a name too long for one line (default: the name, cut with an ellipsis if need be).'),
      number: z
        .union([z.number().int().positive(), z.string().min(1)])
        .optional()
        .describe('The paper’s number in the series.'),
      url: z.url().optional().describe('The series’ home page, where its papers are published: absolute links in feeds, Scholar tags and deposits are made from it.'),
      issn: z
        .string()
        .regex(/^\d{4}-\d{3}[\dX]$/, 'an ISSN such as 2049-3630')
        .optional()
        .describe('The series’ ISSN, for Crossref deposits, citation files and the imprint.'),
      description: z
        .string()
        .min(1)
        .optional()
        .describe('What the series is, in a few sentences: printed under “About the series” in the imprint (plain text; a blank line starts a paragraph).')
    })
    .strict()
])

/** Fields that steer rendering; a series config sets them for every paper. */
const renderingFields = {
  bibliography: z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .optional()
    .describe('Bibliography file(s), relative to the paper: .bib, .json (CSL-JSON) or .yaml (CSL-YAML).'),
  csl: z.string().min(1).optional().describe('Citation style: chicago-notes (default), chicago-author-date, apa, or a .csl file.'),
  ibid: z.boolean().optional().describe('Use “Ibid.” for a citation repeating the one before it (default false).'),
  'bibliography-title': z.string().optional().describe('Heading of the bibliography at the end (default: none printed unless set).'),
  'suppress-bibliography': z.boolean().optional().describe('Print no bibliography section (default false).'),
  cover: z
    .string()
    .regex(/\.(jpe?g|png)$/i, 'a .jpg or .png file')
    .optional()
    .describe('EPUB cover picture (.jpg or .png), relative to the paper; default: one made from the title block.'),
  notes: z.enum(['endnotes', 'footnotes']).optional().describe('Where notes go in the PDF: a Notes section (endnotes, default) or the foot of each page.'),
  charts: z
    .object({
      data: z
        .enum(['details', 'appendix'])
        .optional()
        .describe('Where the PDF gives Vega-Lite and Plotly charts’ numbers: `details` (default), left out, as the `<details>` after each figure is not printed; `appendix`, a “Chart data” appendix of captioned tables after the text.')
    })
    .strict()
    .optional()
    .describe('Charts’ numbers in the PDF: {data: appendix} prints each Vega-Lite and Plotly chart’s data as a captioned table in a “Chart data” appendix after the text, linked from its figure (default {data: details}: left out of the PDF; the HTML and EPUB always give them in a `<details>`).'),
  paper: z.enum(['A4', 'Letter']).optional().describe('Page size of the PDF (default A4).'),
  print: z
    .object({
      bleed: z.string().regex(/^\d+(\.\d+)?(mm|pt|in)$/, 'a length such as 3mm').optional().describe('Bleed around the trim box, e.g. 3mm.'),
      marks: z.boolean().optional().describe('Print crop marks (default false).'),
      pdfx: z
        .literal('X-4')
        .optional()
        .describe('Also write <slug>-press.pdf, PDF/X-4 in the CMYK of the `icc` profile, for a printer (default: no press edition).'),
      icc: z
        .string()
        .regex(/\.(icc|icm)$/i, 'an .icc or .icm file')
        .optional()
        .describe('The printer’s CMYK output profile for `pdfx`, relative to the file that names it, e.g. press.icc.')
    })
    .strict()
    .refine((print) => print.pdfx === undefined || print.icc !== undefined, {message: 'an `icc` profile with `pdfx` (the printer’s CMYK output profile)', path: ['icc']})
    .optional()
    .describe('Print-shop options: {bleed: 3mm, marks: true, pdfx: X-4, icc: press.icc}.')
}

/** The front matter of one paper, as written by its editor. */
export const frontMatterSchema = z.object({
  title: z.string().min(1).describe('The paper’s title (required).'),
  subtitle: z.string().optional().describe('A subtitle, printed under the title.'),
  series: seriesSchema.optional().describe('The series: a name, or {name, short, number, url, issn, description}; a paper naming the series of its series.yaml takes the fields it leaves out from there.'),
  authors: z
    .array(authorSchema)
    .optional()
    .describe('Authors in order: a name, or {name, affiliation, email, orcid, ror, bio}.'),
  date: isoDate.optional().describe('Publication date, YYYY-MM-DD.'),
  lang: languageTag.optional().describe('Language of the text, BCP 47 (default en).'),
  abstract: z.string().optional().describe('A summary, printed before the text.'),
  keywords: z.array(z.string().min(1)).optional().describe('Subject keywords.'),
  publisher: z.string().optional().describe('The publishing institution.'),
  license: z.string().optional().describe('The licence, e.g. CC BY 4.0: the imprint prints its full name and link (any Creative Commons licence; another as written).'),
  copyright: z
    .union([
      z.string().min(1),
      z
        .object({
          holder: z.string().min(1).optional().describe('Who holds the copyright (default: the publisher, else the authors).'),
          year: z
            .union([z.number().int().positive(), z.string().regex(/^\d{4}([-–]\d{4})?$/, 'a year such as 2026 or 2024–2026')])
            .optional()
            .describe('The copyright year (default: the year of `date`).')
        })
        .strict()
    ])
    .optional()
    .describe('The copyright line of the imprint: a holder, or {holder, year} (default: © the year of `date`, the publisher, else the authors).'),
  doi: z
    .string()
    .regex(/^10\.\d{4,9}\/\S+$/, 'a DOI such as 10.5555/12345')
    .optional()
    .describe('The paper’s DOI, without https://doi.org/.'),
  translations: z
    .record(languageTag, slug)
    .optional()
    .describe('Editions of this paper in other languages, by language: {ja: nato-japan-ja}; each should name this paper in `translation-of`.'),
  'translation-of': slug.optional().describe('The slug of the paper this one translates; that paper should list this one in `translations`.'),
  ...renderingFields
})

export type FrontMatter = z.infer<typeof frontMatterSchema>

/** One plugin of a series: a module (path relative to series.yaml, or package name), with options or not. */
const pluginEntry = z.union([z.string().min(1), z.tuple([z.string().min(1), z.record(z.string(), z.unknown())])])

/**
 * A host `images.remote` lists: a name, an IPv4 address or a bracketed IPv6
 * one, with a port or not (`cdn.example.org`, `127.0.0.1:8765`, `[::1]:8080`),
 * or a bare IPv6 address.
 */
const listedHost = z
  .string()
  .regex(
    /^(?:(?:\[[0-9a-f:.]+\]|[0-9a-z](?:[0-9a-z-]*[0-9a-z])?(?:\.[0-9a-z](?:[0-9a-z-]*[0-9a-z])?)*)(?::\d{1,5})?|[0-9a-f]*:[0-9a-f:.]*:[0-9a-f:.]*)$/i,
    'a host name or address, with a port or not, such as cdn.example.org or 127.0.0.1:8765'
  )

/** Where a series' papers may take images from besides their own folders; a paper cannot change it. */
const imagesField = z
  .object({
    'site-root': z
      .string()
      .min(1)
      .optional()
      .describe('The folder that site-absolute image paths (`/images/posts/x/chart.png`) are found in, relative to series.yaml; a path never leaves it, symlinks included (default: none, such paths are errors).'),
    remote: z
      .union([z.boolean(), z.array(listedHost)])
      .optional()
      .describe(
        'Remote images (`https://…`) that Offprint fetches itself and caches: `true` for any host on a public address, or a list of hosts allowed as listed, e.g. `[cdn.example.org, "127.0.0.1:8765"]` (default: none, remote images are errors).'
      )
  })
  .strict()

/**
 * `papers/series.yaml`: defaults every paper of the series inherits (its own
 * front matter wins field by field), plus series-wide assets.
 */
export const seriesConfigSchema = frontMatterSchema
  .pick({series: true, publisher: true, lang: true, license: true, copyright: true, keywords: true, ...pickTrue(renderingFields)})
  .extend({
    logo: z.string().min(1).optional().describe('Logo image for the title block, relative to series.yaml.'),
    crossref: z
      .object({
        depositor: z
          .object({name: z.string().min(1).describe('Who deposits.'), email: z.email().describe('Where Crossref sends its report.')})
          .strict()
          .describe('The depositor named in the deposit’s head.'),
        registrant: z.string().min(1).describe('The organisation that owns the DOIs.')
      })
      .strict()
      .optional()
      .describe('For `offprint crossref`: {depositor: {name, email}, registrant}.'),
    theme: z
      .object({css: z.string().min(1).optional().describe('A CSS file, relative to series.yaml, loaded after the theme (override its variables).')})
      .strict()
      .optional()
      .describe('Theme overrides.'),
    plugins: z
      .object({
        remark: z.array(pluginEntry).optional().describe('Remark plugins, run on the markdown tree after Offprint\'s own stages, before it becomes HTML.'),
        rehype: z.array(pluginEntry).optional().describe('Rehype plugins, run on the HTML tree after Offprint\'s own stages, before sanitizing.')
      })
      .strict()
      .optional()
      .describe('Unified plugins the series adds to the pipeline: each a module path relative to series.yaml or a package name, or `[path, options]`.'),
    images: imagesField.optional().describe('Where images may come from besides each paper’s folder: {site-root, remote} (series only; a paper cannot set it).')
  })
  .strict()

export type SeriesConfig = z.infer<typeof seriesConfigSchema>

function pickTrue<T extends object>(shape: T): {[K in keyof T]: true} {
  return Object.fromEntries(Object.keys(shape).map((key) => [key, true])) as {[K in keyof T]: true}
}

/** The field names front matter may use; others are reported as unknown. */
export const frontMatterFields: ReadonlyArray<string> = Object.keys(frontMatterSchema.shape)

export interface Author {
  name: string
  affiliation?: string | undefined
  email?: string | undefined
  orcid?: string | undefined
  /** ROR id, as a URL (https://ror.org/…). */
  ror?: string | undefined
  /** A few sentences about the author (“About the authors”). */
  bio?: string | undefined
}

export interface Series {
  name: string
  /** The name in running heads, when `name` is too long for them. */
  short?: string | undefined
  number?: number | string | undefined
  url?: string | undefined
  issn?: string | undefined
  /** What the series is (“About the series”). */
  description?: string | undefined
}

/** Paper metadata, normalized: the one model every renderer reads. */
export interface PaperMeta {
  title: string
  subtitle?: string | undefined
  series?: Series | undefined
  authors: Author[]
  date?: string | undefined
  lang: string
  abstract?: string | undefined
  keywords: string[]
  publisher?: string | undefined
  license?: string | undefined
  /** The copyright holder and year as written; the imprint fills in what is missing. */
  copyright?: {holder?: string | undefined; year?: string | undefined} | undefined
  doi?: string | undefined
  /** Editions in other languages: language → slug. */
  translations?: Record<string, string> | undefined
  /** The slug of the paper this one translates. */
  translationOf?: string | undefined
  /** Rendering options, as written (validated) in front matter or series config. */
  options: RenderingOptions
}

export type RenderingOptions = Pick<FrontMatter, keyof typeof renderingFields>

/** Normalize validated front matter into the paper model. */
export function toPaperMeta(front: FrontMatter): PaperMeta {
  const series = typeof front.series === 'string' ? {name: front.series} : front.series
  return {
    title: front.title.trim(),
    subtitle: front.subtitle?.trim(),
    series,
    authors: (front.authors ?? []).map((author) =>
      typeof author === 'string' ? {name: author} : {...author, ror: author.ror && (author.ror.startsWith('https://') ? author.ror : `https://ror.org/${author.ror}`)}
    ),
    date: front.date,
    lang: front.lang ?? 'en',
    abstract: front.abstract?.trim(),
    keywords: front.keywords ?? [],
    publisher: front.publisher,
    license: front.license,
    copyright: typeof front.copyright === 'string' ? {holder: front.copyright} : front.copyright && {holder: front.copyright.holder, year: front.copyright.year === undefined ? undefined : String(front.copyright.year)},
    doi: front.doi,
    translations: front.translations,
    translationOf: front['translation-of'],
    options: Object.fromEntries(
      Object.keys(renderingFields)
        .filter((key) => front[key as keyof FrontMatter] !== undefined)
        .map((key) => [key, front[key as keyof FrontMatter]])
    ) as RenderingOptions
  }
}

/**
 * JSON Schemas of the front matter and the series config, generated from the
 * zod schemas (the single source), for editors' IDEs and the README.
 */
export function jsonSchemas(): {paper: Record<string, unknown>; series: Record<string, unknown>} {
  const convert = (schema: z.ZodType, title: string, id: string) => ({
    $id: `https://offprint.dev/schema/${id}`,
    title,
    ...z.toJSONSchema(schema, {target: 'draft-2020-12', unrepresentable: 'any', io: 'input'})
  })
  return {
    paper: convert(frontMatterSchema, 'Offprint paper front matter', 'paper.schema.json'),
    series: convert(seriesConfigSchema, 'Offprint series config (papers/series.yaml)', 'series.schema.json')
  }
}

/**
 * The paper's series with what its series config says of the same series
 * (url, issn, description): a paper that names its series, or gives only its
 * number, still prints the series' ISSN and description. A paper naming
 * another series keeps its own; the paper wins field by field. The
 * description is written in the config's language: a paper in another
 * language (a translation) does not inherit it.
 */
export function inheritSeries(config: FrontMatter['series'], own: FrontMatter['series'], langs: {config?: string | undefined; paper?: string | undefined} = {}): FrontMatter['series'] {
  if (config === undefined || typeof config === 'string') return own ?? config
  const sameLanguage = primaryLanguage(langs.config) === primaryLanguage(langs.paper)
  const inherited = sameLanguage ? config : {...config, description: undefined}
  if (own === undefined) return inherited
  const ownName = typeof own === 'string' ? own : own.name
  if (ownName !== config.name) return own
  return typeof own === 'string' ? inherited : {...inherited, ...own}
}

function primaryLanguage(tag: string | undefined): string {
  return (tag ?? 'en').toLowerCase().split('-')[0]!
}
