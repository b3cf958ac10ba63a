import type {Root as HastRoot} from 'hast'
import type {Root as MdastRoot} from 'mdast'
import type {RenderedPaper, HeadingEntry} from './render-paper.js'

/** Each note's hast by number (named here: inside `vfile`'s scope `Map` is its source-map type). */
export type NoteTrees = Map<number, HastRoot>

declare module 'vfile' {
  interface DataMap {
    /** The body's headings, with the ids `remarkHeadings` gave them. */
    headings: HeadingEntry[]
    /**
     * Each note's content as hast, by number, beside the body tree: set by
     * `rehypeNotes`, carried through our rehype stages like the body.
     */
    noteTrees: NoteTrees
    /** The works cited as hast, beside the body tree (`rehypeNotes`). */
    bibliographyTree: HastRoot
    /** The body's mdast as the last remark plugin left it (`remarkKeepTree`), for callers that read it after the run. */
    mdast: MdastRoot
    /** The paper in the parts every output assembles, set by `rehypeArticle`, the last stage. */
    rendered: RenderedPaper
  }
}

/** Every hast tree of a paper our rehype stages treat alike: the body, then the notes, then the works cited. */
export function partsOf(tree: HastRoot, data: {noteTrees?: Map<number, HastRoot> | undefined; bibliographyTree?: HastRoot | undefined}): HastRoot[] {
  return [tree, ...(data.noteTrees?.values() ?? []), ...(data.bibliographyTree ? [data.bibliographyTree] : [])]
}

/** Ids the theme uses around the body: headings never take them. */
export const themeIds: ReadonlyArray<string> = ['title', 'abstract-title', 'notes', 'notes-title', 'bibliography', 'bibliography-title']
