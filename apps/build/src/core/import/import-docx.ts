import {basename, extname} from 'node:path'
import mammoth from 'mammoth'
import rehypeParse from 'rehype-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {report} from '@offprint/parse/report'
import {languageTag, readCoreProperties, readStyles} from './core-properties.js'
import {DocxError, openDocx, readXml, serialize} from './docx-package.js'
import {takeCitationFields, type BibliographyField, type CitationField} from './fields.js'
import {frontMatterOf} from './front-matter.js'
import {attachCaptions, flattenCells, headFirstRows, takeMetadata, unwrapInnerLinks} from './hast-cleanup.js'
import {inspectDocument} from './inspect-document.js'
import {takeNotes} from './notes.js'
import {referencesOf} from './references.js'
import {toMarkdown} from './to-markdown.js'

export {DocxError}

/** A Word manuscript as a paper folder: its files (path in the folder → content), and what was lost. */
export interface ImportedPaper {
  files: Map<string, string | Uint8Array>
  /** Messages about the .docx (`line` is the Word paragraph's number). */
  file: VFile
  counts: {notes: number; images: number; references: number}
}

/** Paragraph styles the front matter takes, and the body's own mappings. */
const styleMap = [
  ...['Title', 'Subtitle', 'Author', 'Date', 'Abstract'].flatMap((style) => [`p.${style} => p.offprint-${style.toLowerCase()}:fresh`, `p[style-name='${style}'] => p.offprint-${style.toLowerCase()}:fresh`]),
  ...['Caption', 'Image Caption', 'Table Caption'].map((style) => `p[style-name='${style}'] => p.offprint-caption:fresh`),
  ...['Quote', 'Intense Quote', 'Block Text', 'Block Quotation'].map((style) => `p[style-name='${style}'] => blockquote > p:fresh`),
  "p[style-name='Source Code'] => pre:separator('\\n')",
  "r[style-name='Verbatim Char'] => code",
  'strike => s'
]

/** Pictures browsers and the build read; others (EMF, WMF, TIFF) are left out with a warning. */
const pictureTypes: Record<string, string> = {'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg', 'image/webp': 'webp'}

/**
 * Read a .docx into a paper folder's files. Throws DocxError when the file
 * is not a Word document; everything it reads but cannot carry is a warning
 * on `file`, at the Word paragraph it came from.
 */
export async function importDocx(bytes: Uint8Array, path: string): Promise<ImportedPaper> {
  const file = new VFile({path})
  const docx = await openDocx(bytes)
  const document = await readXml(docx.zip, docx.main)
  if (!document) throw new DocxError(`no ${docx.main}`)
  const styles = readStyles(await readXml(docx.zip, docx.parts.get('styles') ?? 'word/styles.xml'))
  const core = readCoreProperties(await readXml(docx.zip, 'docProps/core.xml'))
  const comments = docx.parts.get('comments')
  const inspection = inspectDocument(document, comments ? await readXml(docx.zip, comments) : undefined)
  for (const loss of inspection.losses) warn(file, loss.paragraph, `Unexpected ${loss.what} in paragraph ${loss.paragraph}${quote(loss.words)}, expected ${loss.expected}`, loss.ruleId)

  // Citation fields out of the document and its notes, before mammoth sees only their text.
  const citations: CitationField[] = []
  const bibliographies: BibliographyField[] = []
  for (const part of [docx.main, docx.parts.get('footnotes'), docx.parts.get('endnotes')]) {
    const xml = part === docx.main ? document : part && (await readXml(docx.zip, part))
    if (!part || !xml) continue
    const found = takeCitationFields(xml, citations.length, styles.headings)
    if (found.citations.length === 0 && found.bibliographies.length === 0 && found.unreadable.length === 0) continue
    citations.push(...found.citations)
    bibliographies.push(...found.bibliographies)
    for (const bad of found.unreadable) warn(file, 1, `Unexpected citation field${quote(bad.shown)} whose data cannot be read (${bad.reason}), expected Zotero’s or Mendeley’s CSL-JSON: its text is kept as written`, 'import-citation')
    docx.zip.file(part, serialize(xml))
  }

  const files = new Map<string, string | Uint8Array>()
  const images = pictureNames()
  let pictureIndex = 0
  const result = await mammoth.convertToHtml(
    {buffer: Buffer.from(await docx.zip.generateAsync({type: 'uint8array'}))},
    {
      styleMap,
      convertImage: mammoth.images.imgElement(async (image) => {
        const where = inspection.pictures[pictureIndex++]
        const alt = (image as {altText?: string}).altText?.trim()
        const extension = pictureTypes[image.contentType]
        if (!extension) {
          warn(file, where?.paragraph ?? 1, `Unexpected ${image.contentType} picture${where ? ` in paragraph ${where.paragraph}${quote(where.words)}` : ''}, expected PNG, JPEG, GIF, SVG or WebP: left out${alt ? ` (its description: “${alt}”)` : ''}; save it from Word as PNG`, 'import-image-format')
          return {src: ''}
        }
        const name = images.next(extension)
        files.set(name, new Uint8Array(await image.readAsBuffer()))
        if (!alt) warn(file, where?.paragraph ?? 1, `Unexpected picture without a description${where ? ` in paragraph ${where.paragraph}${quote(where.words)}` : ''}, expected alt text (Word: Edit Alt Text): \`${name}\` has none`, 'import-image-alt')
        return {src: name, alt: alt ?? ''}
      })
    }
  )
  const body = unified().use(rehypeParse, {fragment: true}).parse(result.value)
  dropEmptyImages(body)
  const metadata = takeMetadata(body)
  const notes = takeNotes(body)
  attachCaptions(body)
  unwrapInnerLinks(body)
  headFirstRows(body)
  flattenCells(body)

  const {items, markdown: citationText} = referencesOf(citations)
  if (items.length > 0) files.set('references.json', JSON.stringify(items, null, 2) + '\n')
  const text = await toMarkdown(body, notes, citationText)
  const heading = bibliographies.find((each) => each.heading)?.heading
  const front = frontMatterOf({core, metadata, language: languageTag(core.language) ?? languageTag(styles.language), bibliography: items.length > 0 ? 'references.json' : undefined, bibliographyTitle: heading, fallbackTitle: titleFromName(path)})
  if (front.titleFrom === 'file name') warn(file, 1, `Unexpected document without a title, expected one in File › Properties or a Title-styled paragraph: the title is the file name “${front.title}”`, 'import-title')
  files.set('index.md', front.yaml + '\n' + text)
  return {file, files, counts: {notes: notes.length, images: [...files.keys()].filter((name) => name.startsWith('images/')).length, references: items.length}}
}

function warn(file: VFile, paragraph: number, reason: string, ruleId: string): void {
  report(file, {reason, ruleId, severity: 'warning', place: {line: paragraph, column: 1}})
}

function quote(words: string): string {
  return words ? ` (“${words}”)` : ''
}

function pictureNames() {
  let count = 0
  return {next: (extension: string) => `images/image${++count}.${extension}`}
}

/** Pictures left out (their `src` empty) leave no empty `<img>`. */
function dropEmptyImages(node: {children: unknown[]}): void {
  node.children = node.children.filter((each) => {
    const element = each as {type: string; tagName?: string; properties?: {src?: unknown}; children?: unknown[]}
    if (element.type !== 'element') return true
    if (element.tagName === 'img' && !element.properties?.src) return false
    if (element.children) dropEmptyImages(element as {children: unknown[]})
    return true
  })
}

function titleFromName(path: string): string {
  const words = basename(path, extname(path)).replace(/[_-]+/g, ' ').trim()
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Untitled'
}
