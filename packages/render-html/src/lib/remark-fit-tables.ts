import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {fitTables} from './table-fit.js'

/**
 * The body's tables fitted to the text block: set smaller, on a landscape
 * page, or allowed to break, with a warning at each (see `fitTables`).
 */
export function remarkFitTables() {
  return (tree: Root, file: VFile): undefined => {
    fitTables(tree, file)
  }
}
