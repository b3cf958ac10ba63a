import type {Element, ElementContent, Root as HastRoot} from 'hast'
import type {Heading, Root, RootContent} from 'mdast'
import type {Note, Paper} from '@offprint/cite'
import type {PaperMeta} from '@offprint/parse'
import GithubSlugger from 'github-slugger'
import {h} from 'hastscript'
import {toString} from 'mdast-util-to-string'
import {raw} from 'hast-util-raw'
import {sanitize} from 'hast-util-sanitize'
import {toHast, type Handlers} from 'mdast-util-to-hast'
import {EXIT, visit} from 'unist-util-visit'
import {inlineBlockHtml, repairContentModel} from './content-model.js'
import {mathHandlers, paragraphHandler} from './handlers.js'
import {unwrapDeadLinks} from './links.js'
import {sanitizeSchema} from './sanitize-schema.js'
import {fitTables} from './table-fit.js'
import {typography} from './typography.js'
import {abstractSection, titleBlock} from './title-block.js'
import {noteId, noteReferenceHandler, notesSection, referenceId, separateAdjacentCalls} from './notes.js'

export interface RenderOptions {
  /**
   * Map an image URL as written in the paper to the URL the output uses (a
   * data: URI, a packed file name). Return undefined to drop the image.
   * Default: URLs are kept as written.
   */
  resolveImage?: ((url: string) => string | undefined) | undefined
}

/** One heading of the body, for outlines and the EPUB nav. */
export interface HeadingEntry {
  depth: number
  text: string
  id: string
}

/** A paper turned into hast, in the parts every output assembles. */
export interface RenderedPaper {
  meta: PaperMeta
  notes: ReadonlyArray<Note>
  titleBlock: Element
  abstract: Element | undefined
  /** The body's top-level nodes; headings carry ids and start at h2. */
  body: ElementContent[]
  notesSection: Element | undefined
  /** The bibliography the citation stage produced, when there is one. */
  bibliography: Element | undefined
  headings: HeadingEntry[]
}

const emptyOptions: Readonly<RenderOptions> = Object.freeze({})

/** Paper model → hast parts: title block, abstract, body, notes. Pure. */
export function renderPaper(paper: Paper, options: RenderOptions = emptyOptions): RenderedPaper {
  const handlers: Handlers = {noteReference: noteReferenceHandler, paragraph: paragraphHandler, ...mathHandlers(paper.file)}
  const slugger = new GithubSlugger()
  // Reserve the ids the theme uses so headings never collide with them.
  for (const reserved of ['title', 'abstract-title', 'notes', 'notes-title', 'bibliography', 'bibliography-title']) slugger.slug(reserved)
  const headings: HeadingEntry[] = []
  const tree: Root = structuredClone(paper.tree)
  const shift = 2 - minimumDepth(tree)
  typography(tree, paper.meta.lang)
  inlineBlockHtml(tree, paper.file)
  fitTables(tree, paper.file)

  visit(tree, (node) => {
    if (node.type === 'heading') {
      const heading = node as Heading
      heading.depth = Math.min(6, heading.depth + shift) as Heading['depth']
      const text = toString(heading).trim()
      const id = slugger.slug(text || 'section')
      heading.data = {...heading.data, hProperties: {...heading.data?.hProperties, id}}
      headings.push({depth: heading.depth, text, id})
    }
  })

  // Raw HTML is parsed first; dead links are found while positions are still
  // known; then everything is held to the allow-list, and image URLs are
  // mapped last, so the allow-list judges what the author wrote.
  const toRaw = (children: RootContent[]): HastRoot => {
    const hast = toHast({type: 'root', children} as Root, {handlers, allowDangerousHtml: true}) as HastRoot
    separateAdjacentCalls(hast)
    // Re-parsing raw HTML drops positions: carry links' through it as a property.
    visit(hast, 'element', (node) => {
      if (node.tagName === 'a' && node.position) node.properties.dataOffprintPlace = `${node.position.start.line}:${node.position.start.column}`
    })
    // Given the file, the re-parse keeps raw HTML's positions (a raw `<a href>`
    // is reported where it is, not at 1:1, and the repairs' warnings too); it costs a scan of the file, so
    // only for parts that have raw HTML.
    let hasRaw = false
    visit(hast, 'raw', () => {
      hasRaw = true
      return EXIT
    })
    return raw(hast, hasRaw ? {file: paper.file} : {}) as HastRoot
  }
  const bodyRoot = toRaw(tree.children)
  const noteRoots = new Map(
    paper.notes.map((note) => {
      // Notes are trees of their own: they get the body's typography and repairs too.
      const root: Root = {type: 'root', children: structuredClone(note.children) as RootContent[]}
      typography(root, paper.meta.lang)
      inlineBlockHtml(root, paper.file)
      return [note.number, toRaw(root.children)]
    })
  )
  unwrapDeadLinks([bodyRoot, ...noteRoots.values()], paper.file, reservedIds(paper))
  const finish = (root: HastRoot): ElementContent[] => {
    const clean = sanitize(root, sanitizeSchema) as HastRoot
    repairContentModel(clean, paper.file)
    visit(clean, 'element', (node, index, parent) => {
      if (node.tagName !== 'img' || !options.resolveImage) return
      const url = options.resolveImage(String(node.properties.src ?? ''))
      if (url) node.properties.src = url
      else if (parent && index !== undefined) {
        parent.children.splice(index, 1)
        return index
      }
    })
    return clean.children.filter((child): child is ElementContent => child.type !== 'doctype')
  }
  const bibliographyRoot = paper.bibliography && toRaw(structuredClone(paper.bibliography.children) as RootContent[])
  const body = finish(bodyRoot)
  const notes = notesSection(paper.notes, paper.meta.lang, (note) => finish(noteRoots.get(note.number)!))
  return {
    meta: paper.meta,
    notes: paper.notes,
    titleBlock: titleBlock(paper.meta),
    abstract: abstractSection(paper.meta),
    body,
    notesSection: notes,
    bibliography:
      paper.bibliography && bibliographyRoot
        ? h('section.bibliography#bibliography', {role: 'doc-bibliography', ariaLabelledBy: 'bibliography-title'}, [
            h('h2.bibliography-title#bibliography-title', paper.bibliography.title),
            ...finish(bibliographyRoot)
          ])
        : undefined,
    headings
  }
}

/** Ids the theme and the notes section add around the body. */
function reservedIds(paper: Paper): string[] {
  const ids = ['title', 'abstract-title', 'notes', 'notes-title', 'bibliography', 'bibliography-title']
  for (const entry of paper.bibliography?.children ?? []) {
    const id = (entry.data?.hProperties as {id?: unknown} | undefined)?.id
    if (typeof id === 'string') ids.push(id)
  }
  for (const note of paper.notes) {
    ids.push(noteId(note.number))
    for (let index = 1; index <= note.references; index++) ids.push(referenceId(note.number, index))
  }
  return ids
}

function minimumDepth(tree: Root): number {
  let depth = 2
  let found = false
  visit(tree, 'heading', (node) => {
    depth = found ? Math.min(depth, node.depth) : node.depth
    found = true
  })
  return depth
}

/**
 * The same rendered paper with its image URLs mapped again (file URLs for
 * the EPUB → data: URIs for the self-contained HTML and PDF), so a paper is
 * rendered once for every output. The input is not changed.
 */
export function mapImages(rendered: RenderedPaper, resolveImage: (url: string) => string | undefined): RenderedPaper {
  const map = <T extends ElementContent>(node: T): T => {
    const copy = structuredClone(node)
    visit(copy, 'element', (element, index, parent) => {
      if (element.tagName !== 'img') return
      const url = resolveImage(String(element.properties.src ?? ''))
      if (url) element.properties.src = url
      else if (parent && index !== undefined) {
        parent.children.splice(index, 1)
        return index
      }
    })
    return copy
  }
  return {
    ...rendered,
    body: rendered.body.map(map),
    notesSection: rendered.notesSection && map(rendered.notesSection),
    bibliography: rendered.bibliography && map(rendered.bibliography)
  }
}
