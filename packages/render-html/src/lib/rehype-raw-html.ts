import type {Root as HastRoot} from 'hast'
import {raw} from 'hast-util-raw'
import {EXIT, visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {iframesAsLinks} from './iframe-links.js'
import {separateAdjacentCalls} from './notes.js'
import {partsOf} from './paper-data.js'

/**
 * The raw HTML of the body, the notes and the works cited parsed into hast
 * (hast-util-raw), after adjacent note calls are told apart; an `<iframe>`
 * becomes a link to its source. The sanitizer judges the result later: this
 * stage trusts nothing.
 */
export function rehypeRawHtml() {
  return (tree: HastRoot, file: VFile): HastRoot => {
    const parts = partsOf(tree, file.data).map((root) => parseRaw(root, file))
    const [body, ...rest] = parts
    if (file.data.noteTrees) {
      const numbers = [...file.data.noteTrees.keys()]
      file.data.noteTrees = new Map(numbers.map((number, index) => [number, rest[index]!]))
    }
    if (file.data.bibliographyTree) file.data.bibliographyTree = rest.at(-1)!
    return body!
  }
}

function parseRaw(root: HastRoot, file: VFile): HastRoot {
  separateAdjacentCalls(root)
  // Re-parsing raw HTML drops positions: carry links' through it as a property.
  visit(root, 'element', (node) => {
    if (node.tagName === 'a' && node.position) node.properties.dataOffprintPlace = `${node.position.start.line}:${node.position.start.column}`
  })
  // Given the file, the re-parse keeps raw HTML's positions (a raw `<a href>`
  // is reported where it is, not at 1:1, and the repairs' warnings too); it costs a scan of the file, so
  // only for parts that have raw HTML.
  let hasRaw = false
  visit(root, 'raw', () => {
    hasRaw = true
    return EXIT
  })
  const parsed = raw(root, hasRaw ? {file} : {}) as HastRoot
  if (hasRaw) iframesAsLinks(parsed)
  return parsed
}
