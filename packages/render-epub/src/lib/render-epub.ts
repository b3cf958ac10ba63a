import {EPub, type Chapter, type Options} from 'epub-gen-memory'
import {sourceDate} from '@offprint/parse/build-time'
import {aboutAuthors, imprintPlace, imprintSection, themeCss, type RenderedPaper} from '@offprint/render-html'
import {toChapters, type ChapterFile, type InlineImage, type PageBreaks} from './chapters.js'
import {bookIdentifier, printIdentifier} from './identifier.js'
import type {PrintPageStart} from './page-breaks.js'
import {completeSvgFonts} from './svg-fonts.js'
import {chapterTemplate, navDocument, packageDocument} from './package-document.js'

export interface EpubOptions {
  /** The paper's slug; with the series it names the book when there is no DOI. */
  slug: string
  /**
   * dcterms:modified and the time stamp of every file in the zip. Default:
   * `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
   */
  modified?: Date | undefined
  /** Reflowable CSS. Default: the theme's `epub` stylesheet. */
  css?: string | undefined
  /** The cover picture (front matter `cover`, or one made from the title block). Default: none. */
  cover?: {data: Uint8Array; mediaType: 'image/jpeg' | 'image/png'} | undefined
  /**
   * The print edition's pages: where each begins (render-pdf's
   * `onPageStarts`), marked in the text as page breaks and listed in a
   * `page-list` nav; `source` names that edition (`pageBreakSource`).
   * Default: no page list. `source` defaults to the paper's DOI, else a
   * UUID derived from the series and slug of its PDF.
   */
  printPages?: {starts: ReadonlyArray<PrintPageStart>; source?: string | undefined} | undefined
  /** Related works, as URLs or URNs (the paper's editions in other languages): one `dc:relation` each. Default: none. */
  relations?: ReadonlyArray<string> | undefined
  /**
   * The paper's formatted reference in the series' style (citeproc), printed
   * as “Suggested citation” in the colophon. Default: none.
   */
  citeAs?: string | undefined
}

export interface EpubResult {
  /** The EPUB file. */
  data: Uint8Array
  /** What epub-gen-memory warned about (an attribute it dropped, say), and print pages the text could not place. */
  warnings: string[]
}

/**
 * epub-gen-memory with our package document, nav and chapter templates in
 * place of its own (it hard-codes the language, joins authors into one
 * creator, and names everything with random ids): the adapter's lever.
 */
/**
 * An `<img>` of ours (packed by us, kept from the packer) and an `<img>`'s
 * `src`, in our serialized XHTML. An attribute is skipped whole, quotes and
 * all: XML lets `>` stand unescaped in a value (`alt="Growth > 5%"`).
 */
const inlineImageTag = /<img\b(?:[^>"]|"[^"]*")*?\ssrc="images\/inline-[^"]*"(?:[^>"]|"[^"]*")*?(?:\/>|><\/img>)/g
const imageSource = /(<img\b(?:[^>"]|"[^"]*")*?\ssrc=")([^"]*)(")/g

class OffprintEPub extends EPub {
  constructor(
    options: Options,
    chapters: Chapter[],
    private readonly build: (images: Array<{href: string; mediaType: string}>) => {opf: string; identifier: string},
    private readonly coverFile?: {href: string; data: Uint8Array} | undefined,
    private readonly inline: ReadonlyArray<InlineImage> = []
  ) {
    // The cover and data: pictures are ours to pack: keep them from its image fetcher.
    super(
      options,
      chapters.map((chapter) =>
        chapter.filename === 'cover.xhtml' ? {...chapter, content: '<p></p>'} : {...chapter, content: chapter.content.replace(inlineImageTag, '')}
      )
    )
    // It has registered the images to pack; give them stable names, in order.
    const packed = new Map<string, string>()
    this.images.forEach((image, index) => {
      image.id = `image-${index + 1}`
      packed.set(image.url, `images/${image.id}.${image.extension}`)
    })
    // Its own serialization drops attributes off its allow-list (MathML's,
    // data-*) and escapes all non-ASCII; ours is already valid XHTML, so use
    // it, pointing images at their packed files.
    this.content.forEach((chapter, index) => {
      chapter.content = chapters[index]!.content.replace(imageSource, (all, head: string, url: string, tail: string) => {
        const href = packed.get(url.replace(/&amp;/g, '&'))
        return href ? head + href + tail : all
      })
    })
    const {opf, identifier} = this.build([
      ...this.images.map((image) => ({href: `images/${image.id}.${image.extension}`, mediaType: image.mediaType ?? 'application/octet-stream'})),
      ...inline.map((image) => ({href: image.href, mediaType: image.mediaType}))
    ])
    this.options.contentOPF = opf
    this.uuid = identifier
  }

  /** Render, then give every entry of the zip the same time stamp. */
  async pack(modified: Date): Promise<Uint8Array> {
    await this.render()
    if (this.coverFile) this.zip.file(`OEBPS/${this.coverFile.href}`, this.coverFile.data, {binary: true})
    for (const image of this.inline) this.zip.file(`OEBPS/${image.href}`, image.data, {binary: true})
    for (const [name, entry] of Object.entries(this.zip.files)) {
      if (name.startsWith('OEBPS/images/') && name.endsWith('.svg')) this.zip.file(name, completeSvgFonts(await entry.async('string')))
    }
    for (const entry of Object.values(this.zip.files)) entry.date = modified
    // zlib's default level: level 9 took 60 % longer for 0.05 % smaller files.
    return this.generateAsync({type: 'uint8array', mimeType: 'application/epub+zip', compression: 'DEFLATE', compressionOptions: {level: 6}})
  }
}

/** A rendered paper → an EPUB 3 (title page, text sections, notes, nav, full metadata). */
export async function renderEpub(rendered: RenderedPaper, options: EpubOptions): Promise<EpubResult> {
  const {meta} = rendered
  // A copy, to the second: the caller's date is not touched.
  const modified = new Date(options.modified ?? sourceDate() ?? new Date())
  modified.setUTCMilliseconds(0)
  const cover = options.cover && {href: `cover.${options.cover.mediaType === 'image/png' ? 'png' : 'jpg'}`, mediaType: options.cover.mediaType, data: options.cover.data}
  const inline: InlineImage[] = []
  const pageBreaks: PageBreaks | undefined = options.printPages && {starts: options.printPages.starts, written: [], missing: []}
  // The colophon and “About the authors” where the print edition has them.
  const place = imprintPlace(rendered)
  const backMatter = {authors: aboutAuthors(meta), imprint: imprintSection(meta, {citeAs: options.citeAs, place}), place}
  const chapters: ChapterFile[] = toChapters(rendered, cover, inline, pageBreaks, backMatter)
  const home = new Map<string, string>()
  for (const chapter of chapters) for (const id of chapter.ids) home.set(id, chapter.filename)
  const headings = rendered.headings.map((heading) => ({...heading, href: `${home.get(heading.id) ?? ''}#${heading.id}`}))
  const identifier = bookIdentifier(meta, options.slug)
  const warnings: string[] = []
  if (pageBreaks && pageBreaks.missing.length > 0) warnings.push(`print page ${pageBreaks.missing.join(', ')} not placed: its anchor is not in the book`)
  const imagesHaveAlt = rendered.body.every(function allAlt(node): boolean {
    if (node.type !== 'element') return true
    if (node.tagName === 'img' && !node.properties.alt) return false
    return node.children.every((child) => allAlt(child as never))
  })

  const epub = new OffprintEPub(
    {
      title: meta.title,
      author: meta.authors.map((author) => author.name),
      publisher: meta.publisher ?? '',
      description: meta.abstract ?? '',
      lang: meta.lang,
      css: options.css ?? themeCss('epub'),
      tocTitle: meta.title,
      prependChapterTitles: false,
      numberChaptersInTOC: false,
      tocInTOC: false,
      version: 3,
      chapterXHTML: chapterTemplate(meta.lang),
      tocXHTML: navDocument(meta, chapters, headings, pageBreaks?.written),
      ignoreFailedDownloads: false,
      verbose: (type, ...args) => {
        // Its attribute warnings are about its own serialization, which we replace.
        const text = args.map(String).join(' ')
        if (type === 'warn' && !/attribute .* isn't allowed/.test(text)) warnings.push(text)
      }
    },
    chapters.map((chapter) => ({title: chapter.title, filename: chapter.filename, content: chapter.content})),
    (images) => ({
      identifier,
      opf: packageDocument({
        meta,
        identifier,
        modified,
        chapters,
        images,
        cover,
        relations: options.relations,
        facts: {
          images,
          imagesHaveAlt,
          math: chapters.some((chapter) => /<math[\s>]/.test(chapter.content)),
          tables: tablesOf(chapters),
          headings: rendered.headings.length > 0,
          notes: chapters.some((chapter) => chapter.filename === 'notes.xhtml'),
          printPages: pageBreaks?.written.length ?? 0,
          pageBreakSource: options.printPages?.source ?? printIdentifier(meta, options.slug)
        }
      })
    }),
    cover,
    inline
  )
  return {data: await epub.pack(modified), warnings}
}

/** Tables in the book, and how many have header cells. */
function tablesOf(chapters: ReadonlyArray<ChapterFile>): {count: number; withHeaders: number} {
  let count = 0
  let withHeaders = 0
  for (const chapter of chapters) {
    for (const table of chapter.content.matchAll(/<table[\s>][\s\S]*?<\/table>/g)) {
      count++
      if (/<th[\s>]/.test(table[0])) withHeaders++
    }
  }
  return {count, withHeaders}
}
