import type {Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {inlineBlockHtml} from './content-model.js'
import {typography} from './typography.js'
import './paper-data.js'

/** The body and every note (after `remarkNotes`), each a tree of its own. */
function eachTree(tree: Root, file: VFile, apply: (root: Root) => void): void {
  apply(tree)
  for (const note of file.data.notes ?? []) {
    const root: Root = {type: 'root', children: note.children as RootContent[]}
    apply(root)
    note.children = root.children as typeof note.children
  }
}

/**
 * SmartyPants by the paper's language (`file.data.meta.lang`): curly quotes,
 * dashes, ellipses, in the body and in every note. See `typography`.
 */
export function remarkTypography() {
  return (tree: Root, file: VFile): undefined => {
    const lang = file.data.meta?.lang ?? 'en'
    eachTree(tree, file, (root) => typography(root, lang))
  }
}

/**
 * Raw HTML block tags inside a paragraph made phrasing (`<div>` → `<span>`),
 * or closing it, as browsers do, with a warning at each; body and notes.
 */
export function remarkInlineBlockHtml() {
  return (tree: Root, file: VFile): undefined => {
    eachTree(tree, file, (root) => inlineBlockHtml(root, file))
  }
}
