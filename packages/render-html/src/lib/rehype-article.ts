import type {ElementContent, Root as HastRoot} from 'hast'
import {h} from 'hastscript'
import type {VFile} from 'vfile'
import {articleOf} from './document.js'
import {notesSection} from './notes.js'
import './paper-data.js'
import type {RenderedPaper} from './render-paper.js'
import {abstractSection, titleBlock} from './title-block.js'

/**
 * The last stage: Offprint's frame around the sanitized parts — title block
 * and abstract from the metadata, the numbered notes section with its back
 * links, the works cited — into `file.data.rendered` (what `toDocument`,
 * `renderPdf` and `renderEpub` take); the tree becomes the `<article>`.
 */
export function rehypeArticle() {
  return (tree: HastRoot, file: VFile): HastRoot => {
    const meta = file.data.meta
    if (!meta) throw new Error('Unexpected `rehypeArticle` without `file.data.meta`, expected `remarkPaper` first')
    const notes = file.data.notes ?? []
    const content = (root: HastRoot | undefined): ElementContent[] => (root?.children ?? []).filter((child): child is ElementContent => child.type !== 'doctype')
    const bibliography = file.data.bibliography
    const rendered: RenderedPaper = {
      meta,
      notes,
      titleBlock: titleBlock(meta),
      abstract: abstractSection(meta),
      body: content(tree),
      notesSection: notesSection(notes, meta.lang, (note) => content(file.data.noteTrees?.get(note.number))),
      bibliography:
        bibliography && file.data.bibliographyTree
          ? h('section.bibliography#bibliography', {role: 'doc-bibliography', ariaLabelledBy: 'bibliography-title'}, [
              h('h2.bibliography-title#bibliography-title', bibliography.title),
              ...content(file.data.bibliographyTree)
            ])
          : undefined,
      headings: file.data.headings ?? []
    }
    file.data.rendered = rendered
    return {type: 'root', children: [articleOf(rendered)]}
  }
}
