import type {Root} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {remarkPaper, remarkPaperSyntax, type Options} from './remark-paper.js'
import type {PaperMeta} from './schema.js'

export type ParseOptions = Options

export interface ParsedPaper {
  /** The markdown syntax tree, front matter node included, positions kept. */
  tree: Root
  /** Normalized metadata: front matter over defaults, with fallbacks. */
  meta: PaperMeta
  /** The source file, carrying every message found so far. */
  file: VFile
}

const emptyOptions: Readonly<ParseOptions> = Object.freeze({})

/**
 * Parse one paper: markdown with YAML front matter → mdast, typed metadata and
 * positioned messages. Pure: the caller reads the file (give `path` on the
 * VFile so messages name it); nothing here touches the disk. A thin wrapper
 * over `remarkPaperSyntax` and `remarkPaper`, for callers that want the tree
 * alone.
 */
export function parsePaper(input: VFile | string | Uint8Array, options: ParseOptions = emptyOptions): ParsedPaper {
  const file = input instanceof VFile ? input : new VFile({value: input})
  const processor = unified().use(remarkPaperSyntax).use(remarkPaper, options)
  const tree = processor.runSync(processor.parse(file) as Root, file) as Root
  return {tree, meta: file.data.meta!, file}
}
