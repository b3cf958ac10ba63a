import type {Emphasis, Image, Paragraph, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'

/**
 * A picture captioned the way Medium and other CMS exports write it: the
 * image, then its caption in italics in the same paragraph
 * (`![Impacts of reforms](chart.png)_Impacts of reforms_`), often on the
 * next line. Read as a figure captioned by the italic text, as its author
 * meant and a reader sees it. Left as written, it was a picture inside a
 * paragraph whose only text repeated the alt text, which screen readers
 * read twice (Ace: image-redundant-alt).
 */
export function remarkImageCaptions() {
  return (tree: Root): undefined => {
    visit(tree, 'paragraph', (paragraph: Paragraph) => {
      const content = paragraph.children.filter((child) => !(child.type === 'break' || (child.type === 'text' && !child.value.trim())))
      if (content.length !== 2 || content[0]!.type !== 'image' || content[1]!.type !== 'emphasis') return
      const image = content[0] as Image
      const caption = toString(content[1] as Emphasis).trim()
      if (image.title || !caption) return
      image.title = caption
      paragraph.children = [image]
    })
  }
}
