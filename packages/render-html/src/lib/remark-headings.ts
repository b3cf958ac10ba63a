import type {Heading, Root} from 'mdast'
import type {VFile} from 'vfile'
import GithubSlugger from 'github-slugger'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {themeIds} from './paper-data.js'
import type {HeadingEntry} from './render-paper.js'

/**
 * The body's headings start at h2 (the title is the h1), keep their steps,
 * and get ids from their text (GitHub's slugs, never one the theme uses)
 * unless the author gave one (`{#sec-x}`);
 * the list goes to `file.data.headings` for outlines and the EPUB nav.
 */
export function remarkHeadings() {
  return (tree: Root, file: VFile): undefined => {
    const slugger = new GithubSlugger()
    for (const reserved of themeIds) slugger.slug(reserved)
    const headings: HeadingEntry[] = []
    const shift = 2 - minimumDepth(tree)
    visit(tree, 'heading', (heading: Heading) => {
      heading.depth = Math.min(6, heading.depth + shift) as Heading['depth']
      const text = toString(heading).trim()
      // An id the author gave (`{#sec-x}`) is kept, and taken from the slugs left for the others.
      const given = heading.data?.hProperties?.id
      const id = typeof given === 'string' && given ? given : slugger.slug(text || 'section')
      if (id === given) slugger.slug(given)
      heading.data = {...heading.data, hProperties: {...heading.data?.hProperties, id}}
      headings.push({depth: heading.depth, text, id})
    })
    file.data.headings = headings
  }
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
