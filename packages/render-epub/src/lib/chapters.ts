import type {Element, ElementContent, Root} from 'hast'
import {h} from 'hastscript'
import {toXast} from 'hast-util-to-xast'
import {toXml} from 'xast-util-to-xml'
import {visit} from 'unist-util-visit'
import type {RenderedPaper} from '@offprint/render-html'
import {markPageBreaks, type PageTarget, type PrintPageStart} from './page-breaks.js'

/** A picture written into the text as a data: URI, packed as a file of its own. */
export interface InlineImage {
  href: string
  mediaType: string
  data: Uint8Array
}

const extensions: Readonly<Record<string, string>> = {'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg', 'image/webp': 'webp'}

/**
 * Images the packer can carry: files (`file:` URLs, which it reads) stay;
 * `data:` pictures are decoded into `inline` for us to pack; anything else
 * (a relative path nobody resolved, the network) is dropped — a book never
 * fetches.
 */
function packImages(root: Element, inline: InlineImage[]): void {
  visit(root, 'element', (node, index, parent) => {
    if (node.tagName !== 'img' || !parent || index === undefined) return
    const src = String(node.properties.src ?? '')
    if (src.startsWith('file:')) return
    const data = /^data:([\w/+.-]+);base64,(.*)$/s.exec(src)
    const extension = data && extensions[data[1]!.toLowerCase()]
    if (data && extension) {
      const href = `images/inline-${inline.length + 1}.${extension}`
      inline.push({href, mediaType: data[1]!.toLowerCase(), data: Buffer.from(data[2]!, 'base64')})
      node.properties.src = href
      return
    }
    parent.children.splice(index, 1)
    return index
  })
}

/** The print edition's page starts to mark, and what was marked. */
export interface PageBreaks {
  starts: ReadonlyArray<PrintPageStart>
  /** Filled in: the markers written, in page order. */
  written: PageTarget[]
  /** Filled in: pages whose start the book could not place. */
  missing: number[]
}

/** One XHTML file of the book. */
export interface ChapterFile {
  filename: string
  title: string
  /** Body markup, as XHTML. */
  content: string
  /** Every `id` in it, from the tree it was written from (the nav links to them). */
  ids: string[]
}

/**
 * Split a rendered paper into the book's files: a title page, one file per
 * top-level section of the text, and the notes. Links between them are
 * rewritten to `file.xhtml#id`, and notes carry the EPUB semantics that give
 * pop-up notes in Apple Books and Kobo (`epub:type="noteref"` / `endnote`).
 * With `pageBreaks`, a marker goes where each print page begins.
 */
/**
 * The back matter the print edition has (render-html's `aboutAuthors` and
 * `imprintSection`), placed where it prints: the imprint after the title
 * page (`page`) or last (`end`).
 */
export interface BackMatter {
  authors?: Element | undefined
  imprint?: Element | undefined
  place: 'page' | 'end'
}

export function toChapters(
  rendered: RenderedPaper,
  cover?: {href: string} | undefined,
  inline: InlineImage[] = [],
  pageBreaks?: PageBreaks,
  backMatter?: BackMatter
): ChapterFile[] {
  const pieces: Array<{filename: string; title: string; root: Element}> = []
  if (cover) {
    pieces.push({
      filename: 'cover.xhtml',
      title: rendered.meta.title,
      root: h('section.cover', {'epub:type': 'cover'}, [h('img', {src: cover.href, alt: rendered.meta.title, role: 'doc-cover'})])
    })
  }
  pieces.push({
    filename: 'title-page.xhtml',
    title: rendered.meta.title,
    root: h('section.title-page', {'epub:type': 'titlepage'}, [rendered.titleBlock, ...(rendered.abstract ? [rendered.abstract] : [])])
  })

  const colophon = backMatter?.imprint && colophonPiece(backMatter.imprint)
  if (colophon && backMatter?.place === 'page') pieces.push(colophon)

  const sections = splitAtH2(rendered.body)
  sections.forEach((children, index) => {
    const heading = children.find((child): child is Element => child.type === 'element' && child.tagName === 'h2')
    const title = heading ? textOf(heading) : rendered.meta.title
    pieces.push({
      filename: `text-${String(index + 1).padStart(2, '0')}.xhtml`,
      title,
      // Each epub:type with a DPUB-ARIA counterpart carries it as its role (Ace: epub-type-has-matching-role).
      root: h('section.paper-body', {'epub:type': 'bodymatter chapter', role: 'doc-chapter'}, children)
    })
  })

  if (rendered.notesSection) {
    const notes = structuredClone(rendered.notesSection)
    notes.properties['epub:type'] = 'endnotes'
    visit(notes, 'element', (node) => {
      if (node.tagName === 'li') node.properties['epub:type'] = 'endnote'
    })
    pieces.push({filename: 'notes.xhtml', title: textOf(notes.children.find((c): c is Element => c.type === 'element')!), root: notes})
  }

  if (rendered.bibliography) {
    const bibliography = structuredClone(rendered.bibliography)
    bibliography.properties['epub:type'] = 'bibliography'
    pieces.push({filename: 'bibliography.xhtml', title: textOf(bibliography.children.find((c): c is Element => c.type === 'element')!), root: bibliography})
  }

  if (backMatter?.authors) {
    const authors = structuredClone(backMatter.authors)
    // An <aside> in print (tagged Aside); a file of its own in the book, so a section.
    authors.tagName = 'section'
    pieces.push({filename: 'about-authors.xhtml', title: textOf(authors.children.find((c): c is Element => c.type === 'element')!), root: authors})
  }
  if (colophon && backMatter?.place !== 'page') pieces.push(colophon)

  // Where every id lives, so `#id` links can point across files.
  const home = new Map<string, string>()
  for (const piece of pieces) {
    visit(piece.root, 'element', (node) => {
      if (typeof node.properties.id === 'string') home.set(node.properties.id, piece.filename)
      if (node.tagName === 'a' && node.properties.role === 'doc-noteref') node.properties['epub:type'] = 'noteref'
      // epub-gen-memory drops `datetime`; the date stays as text.
      if (node.tagName === 'time') delete node.properties.dateTime
    })
  }
  for (const piece of pieces) if (piece.filename !== 'cover.xhtml') packImages(piece.root, inline)
  if (pageBreaks) {
    const text = pieces.filter((piece) => piece.filename !== 'cover.xhtml')
    pageBreaks.written.push(...markPageBreaks(text, pageBreaks.starts, pageBreaks.missing))
  }
  return pieces.map((piece) => {
    visit(piece.root, 'element', (node, index, parent) => {
      const href = node.properties.href
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return
      // Markdown percent-encodes non-ASCII in URLs (`#%E5%87%BD`); ids are written as text (`函`).
      const id = decodeFragment(href.slice(1))
      const target = home.get(id)
      if (target) {
        node.properties.href = (target === piece.filename ? '' : target) + '#' + id
      } else if (parent && index !== undefined) {
        // render-html has warned of links to anchors that do not exist; none may reach the book.
        parent.children.splice(index, 1, ...node.children)
        return index
      }
    })
    scriptLevelsInStyles(piece.root)
    closeHeadingGaps(piece.root)
    emptyHeadersAsCells(piece.root)
    const root: Root = {type: 'root', children: [piece.root]}
    // hast from parsed HTML does not mark MathML's namespace; XHTML needs it.
    const content = toXml(toXast(root)).replace(/<math(?=[\s>])(?![^>]*\sxmlns=)/g, '<math xmlns="http://www.w3.org/1998/Math/MathML"')
    const ids = [...home].filter(([, filename]) => filename === piece.filename).map(([id]) => id)
    return {filename: piece.filename, title: piece.title, content, ids}
  })
}

/** The imprint as the book's colophon (EPUB `colophon`, DPUB-ARIA `doc-colophon`), named by its details' heading. */
function colophonPiece(imprint: Element): {filename: string; title: string; root: Element} {
  const root = structuredClone(imprint)
  // doc-colophon is a section's role (an <aside> may not take it).
  root.tagName = 'section'
  root.properties['epub:type'] = 'colophon'
  root.properties.role = 'doc-colophon'
  let title = ''
  visit(root, 'element', (node) => {
    if (node.properties.id === 'imprint-title') title = textOf(node)
  })
  // `data-place` styles print; the book places the file instead.
  delete root.properties.dataPlace
  return {filename: 'colophon.xhtml', title, root}
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return fragment
  }
}

/**
 * temml sets `scriptlevel` on token elements (MathML Core allows it
 * anywhere); EPUB's MathML 3 schema allows it on `<mstyle>` only, so the
 * element is wrapped in one that carries it.
 */
function scriptLevelsInStyles(root: Element): void {
  visit(root, 'element', (node, index, parent) => {
    if (node.tagName === 'mstyle' || node.properties.scriptlevel === undefined || !parent || index === undefined) return
    const level = node.properties.scriptlevel
    delete node.properties.scriptlevel
    parent.children[index] = {type: 'element', tagName: 'mstyle', properties: {scriptlevel: level}, children: [node]}
  })
}

/**
 * Headings that skip a level (an h4 right under an h2, as authors write)
 * move up to the next level, so each file's outline has no gap (WCAG 1.3.1;
 * Ace: heading-order). The nav, built from the paper's own levels, is
 * unchanged.
 */
function closeHeadingGaps(root: Element): void {
  let previous: number | undefined
  visit(root, 'element', (node) => {
    const match = /^h([1-6])$/.exec(node.tagName)
    if (!match) return
    const level = previous === undefined ? Number(match[1]) : Math.min(Number(match[1]), previous + 1)
    node.tagName = `h${level}`
    previous = level
  })
}

/**
 * A header cell with no text (the corner of a table whose first column
 * names its rows) heads nothing: it becomes a data cell (WCAG 1.3.1; Ace:
 * empty-table-header).
 */
function emptyHeadersAsCells(root: Element): void {
  visit(root, 'element', (node) => {
    if (node.tagName === 'th' && textOf(node) === '' && !node.children.some((child) => child.type === 'element' && child.tagName === 'img')) node.tagName = 'td'
  })
}

/** Body nodes grouped so each group starts at an h2 (text before the first h2 is its own group). */
function splitAtH2(body: ReadonlyArray<ElementContent>): ElementContent[][] {
  const groups: ElementContent[][] = []
  let current: ElementContent[] = []
  for (const node of body) {
    if (node.type === 'element' && node.tagName === 'h2' && current.some((n) => n.type === 'element')) {
      groups.push(current)
      current = []
    }
    current.push(structuredClone(node))
  }
  if (current.some((n) => n.type === 'element')) groups.push(current)
  return groups
}

function textOf(node: Element): string {
  let text = ''
  visit(node, 'text', (child) => {
    text += child.value
  })
  return text.trim()
}
