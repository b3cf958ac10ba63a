import type {Root as HastRoot} from 'hast'
import {sanitize} from 'hast-util-sanitize'
import type {VFile} from 'vfile'
import {repairContentModel} from './content-model.js'
import './paper-data.js'
import {sanitizeSchema} from './sanitize-schema.js'

/**
 * Body, notes and works cited held to our allow-list (`sanitizeSchema`:
 * GitHub's, plus figures, note roles, MathML; only http(s) and mailto links,
 * only http(s) and data: images), then to the XHTML content model the EPUB
 * is checked against. Runs after every rehype plugin, ours and the series':
 * whatever they add is judged too. Only the stages after it, which add
 * Offprint's own frame, are trusted.
 */
export function rehypeSanitizePaper() {
  return (tree: HastRoot, file: VFile): HastRoot => {
    const clean = (root: HastRoot): HastRoot => {
      const result = sanitize(root, sanitizeSchema) as HastRoot
      repairContentModel(result, file)
      return result
    }
    const body = clean(tree)
    if (file.data.noteTrees) file.data.noteTrees = new Map([...file.data.noteTrees].map(([number, root]) => [number, clean(root)]))
    if (file.data.bibliographyTree) file.data.bibliographyTree = clean(file.data.bibliographyTree)
    return body
  }
}
