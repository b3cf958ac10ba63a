import type {PaperMeta} from '@offprint/parse'
import {labelsFor, type HeadingEntry} from '@offprint/render-html'
import {accessibilityMetadata, type BookFacts} from './accessibility-metadata.js'
import type {ChapterFile} from './chapters.js'
import type {PageTarget} from './page-breaks.js'
import {xml} from './xml.js'

export interface ManifestImage {
  href: string
  mediaType: string
}

export interface PackageInput {
  meta: PaperMeta
  identifier: string
  /** dcterms:modified, to the second. */
  modified: Date
  chapters: ReadonlyArray<ChapterFile>
  images: ReadonlyArray<ManifestImage>
  cover?: ManifestImage | undefined
  /** Related works (other editions), one `dc:relation` each. */
  relations?: ReadonlyArray<string> | undefined
  /** What the book holds, for its accessibility metadata. */
  facts: BookFacts
}

/** The OPF package document: metadata (one creator per author, series, a11y), manifest, spine. */
export function packageDocument(input: PackageInput): string {
  const {meta} = input
  const lines: string[] = []
  const add = (line: string) => lines.push('    ' + line)
  add(`<dc:identifier id="book-id">${xml(input.identifier)}</dc:identifier>`)
  add(`<dc:title id="title">${xml(meta.title)}</dc:title>`)
  add(`<meta refines="#title" property="title-type">main</meta>`)
  if (meta.subtitle) {
    add(`<dc:title id="subtitle">${xml(meta.subtitle)}</dc:title>`)
    add(`<meta refines="#subtitle" property="title-type">subtitle</meta>`)
  }
  meta.authors.forEach((author, index) => {
    add(`<dc:creator id="creator-${index + 1}">${xml(author.name)}</dc:creator>`)
    add(`<meta refines="#creator-${index + 1}" property="role" scheme="marc:relators">aut</meta>`)
    add(`<meta refines="#creator-${index + 1}" property="display-seq">${index + 1}</meta>`)
  })
  add(`<dc:language>${xml(meta.lang)}</dc:language>`)
  if (meta.date) add(`<dc:date>${xml(meta.date)}</dc:date>`)
  if (meta.publisher) add(`<dc:publisher>${xml(meta.publisher)}</dc:publisher>`)
  if (meta.abstract) add(`<dc:description>${xml(meta.abstract.replace(/\s+/g, ' ').trim())}</dc:description>`)
  for (const keyword of meta.keywords) add(`<dc:subject>${xml(keyword)}</dc:subject>`)
  if (meta.license) add(`<dc:rights>${xml(meta.license)}</dc:rights>`)
  for (const relation of input.relations ?? []) add(`<dc:relation>${xml(relation)}</dc:relation>`)
  add(`<meta property="dcterms:modified">${input.modified.toISOString().replace(/\.\d{3}Z$/, 'Z')}</meta>`)
  if (meta.series) {
    add(`<meta property="belongs-to-collection" id="series">${xml(meta.series.name)}</meta>`)
    add(`<meta refines="#series" property="collection-type">series</meta>`)
    if (meta.series.number !== undefined) add(`<meta refines="#series" property="group-position">${xml(meta.series.number)}</meta>`)
  }
  // Accessibility metadata, derived from what this book holds.
  for (const line of accessibilityMetadata(meta, input.facts)) add(line)
  if (input.cover) add(`<meta name="cover" content="cover-image"/>`)

  const manifest = [
    `<item id="nav" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>`,
    `<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>`,
    `<item id="css" href="style.css" media-type="text/css"/>`,
    ...(input.cover ? [`<item id="cover-image" href="${xml(input.cover.href)}" media-type="${xml(input.cover.mediaType)}" properties="cover-image"/>`] : []),
    ...input.images.map((image, index) => `<item id="image-${index + 1}" href="${xml(image.href)}" media-type="${xml(image.mediaType)}"/>`),
    ...input.chapters.map(
      (chapter, index) =>
        `<item id="${chapterId(index)}" href="${xml(chapter.filename)}" media-type="application/xhtml+xml"${/<math[\s>]/.test(chapter.content) ? ' properties="mathml"' : ''}/>`
    )
  ]
  const spine = input.chapters.map((_, index) => `<itemref idref="${chapterId(index)}"/>`)

  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${xml(meta.lang)}" prefix="schema: http://schema.org/ a11y: http://www.idpf.org/epub/vocab/package/a11y/#">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${lines.join('\n')}
  </metadata>
  <manifest>
    ${manifest.join('\n    ')}
  </manifest>
  <spine toc="ncx">
    ${spine.join('\n    ')}
  </spine>
</package>
`
}

function chapterId(index: number): string {
  return `chapter-${index + 1}`
}

/** The navigation document: the headings as a nested list, and landmarks. */
export function navDocument(
  meta: PaperMeta,
  chapters: ReadonlyArray<ChapterFile>,
  headings: ReadonlyArray<HeadingEntry & {href: string}>,
  pages: ReadonlyArray<PageTarget> = []
): string {
  const words = labelsFor(meta.lang)
  const toc: string[] = [`<li><a href="title-page.xhtml">${xml(meta.title)}</a></li>`]
  // Nest h3+ under the h2 before them; deeper levels go one level in.
  let open = false
  for (const heading of headings) {
    if (heading.depth === 2) {
      if (open) toc.push('</ol></li>')
      open = false
      toc.push(`<li><a href="${xml(heading.href)}">${xml(heading.text)}</a>`)
      toc.push('<ol>')
      open = true
    } else if (heading.depth === 3 && open) {
      toc.push(`<li><a href="${xml(heading.href)}">${xml(heading.text)}</a></li>`)
    }
  }
  if (open) toc.push('</ol></li>')
  const notes = chapters.find((chapter) => chapter.filename === 'notes.xhtml')
  if (notes) toc.push(`<li><a href="notes.xhtml">${xml(words.notes)}</a></li>`)
  const bibliography = chapters.find((chapter) => chapter.filename === 'bibliography.xhtml')
  if (bibliography) toc.push(`<li><a href="bibliography.xhtml">${xml(bibliography.title)}</a></li>`)
  // The back matter, and the colophon where it stands in the book: after the title page, or last.
  const entry = (chapter: ChapterFile) => `<li><a href="${chapter.filename}">${xml(chapter.title)}</a></li>`
  const colophonFirst = chapters.findIndex((chapter) => chapter.filename === 'colophon.xhtml') === chapters.findIndex((chapter) => chapter.filename === 'title-page.xhtml') + 1
  for (const chapter of chapters) {
    if (chapter.filename === 'about-authors.xhtml' || (chapter.filename === 'colophon.xhtml' && !colophonFirst)) toc.push(entry(chapter))
    else if (chapter.filename === 'colophon.xhtml') toc.splice(1, 0, entry(chapter))
  }
  // An <ol> may not be empty: drop the ones no h3 filled.
  const tocXml = toc.join('\n').replace(/<ol>\n<\/ol>/g, '')
  const bodyStart = chapters.find((chapter) => chapter.filename.startsWith('text-'))
  const colophon = chapters.find((chapter) => chapter.filename === 'colophon.xhtml')

  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${xml(meta.lang)}" lang="${xml(meta.lang)}">
<head>
  <meta charset="UTF-8"/>
  <title>${xml(meta.title)}</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
  <nav epub:type="toc" id="toc" role="doc-toc">
    <h1>${xml(meta.title)}</h1>
    <ol>
${tocXml}
    </ol>
  </nav>
${pageList(meta.lang, pages)}  <nav epub:type="landmarks" id="landmarks" hidden="hidden">
    <ol>
${chapters.some((chapter) => chapter.filename === 'cover.xhtml') ? '      <li><a epub:type="cover" href="cover.xhtml">Cover</a></li>\n' : ''}      <li><a epub:type="titlepage" href="title-page.xhtml">${xml(meta.title)}</a></li>
${bodyStart ? `      <li><a epub:type="bodymatter" href="${xml(bodyStart.filename)}">${xml(bodyStart.title)}</a></li>\n` : ''}${notes ? `      <li><a epub:type="endnotes" href="notes.xhtml">${xml(words.notes)}</a></li>\n` : ''}${colophon ? `      <li><a epub:type="colophon" href="colophon.xhtml">${xml(colophon.title)}</a></li>\n` : ''}${bibliography ? `      <li><a epub:type="bibliography" href="bibliography.xhtml">${xml(bibliography.title)}</a></li>\n` : ''}    </ol>
  </nav>
</body>
</html>
`
}

const pagesWord: Readonly<Record<string, string>> = {en: 'Pages', ja: 'ページ', fr: 'Pages', de: 'Seiten', es: 'Páginas'}

/** The print edition's pages, one entry each (hidden: reading systems offer it as "go to page"). */
function pageList(lang: string, pages: ReadonlyArray<PageTarget>): string {
  if (pages.length === 0) return ''
  const label = pagesWord[lang.toLowerCase().split('-')[0] ?? 'en'] ?? pagesWord.en!
  const entries = pages.map((page) => `      <li><a href="${xml(page.href)}">${page.page}</a></li>`)
  return `  <nav epub:type="page-list" id="page-list" role="doc-pagelist" aria-label="${xml(label)}" hidden="hidden">
    <ol>
${entries.join('\n')}
    </ol>
  </nav>
`
}

/** The template each chapter file is written with (ejs, rendered by epub-gen-memory). */
export function chapterTemplate(lang: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${xml(lang)}" lang="${xml(lang)}">
<head>
  <meta charset="UTF-8"/>
  <title><%= title %></title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
<%- content %>
</body>
</html>
`
}
