import type {Heading, Root, Yaml} from 'mdast'
import type {Point} from 'unist'
import {toString} from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {checkCjkLanguage} from './checks/cjk-language.js'
import {checkHeadingLevels} from './checks/heading-levels.js'
import {checkImageAlt} from './checks/image-alt.js'
import {checkNestingDepth} from './checks/nesting-depth.js'
import {checkRawHtml} from './checks/raw-html.js'
import {checkTemplateTags} from './checks/template-tags.js'
import {readFrontMatter} from './front-matter.js'
import {inlineNotes} from './inline-notes.js'
import {mathAndFences} from './math-and-fences.js'
import {report} from './report.js'
import {toPaperMeta, type FrontMatter, type PaperMeta} from './schema.js'

export interface ParseOptions {
  /**
   * Values merged under the paper's own front matter (a series config's
   * defaults); the paper wins field by field. Default: none.
   */
  defaults?: Partial<FrontMatter> | undefined
  /**
   * Largest input accepted, in bytes; a larger paper is refused with an error
   * instead of tying up the build. Default: 5 MiB.
   */
  maxBytes?: number | undefined
  /**
   * Deepest nesting of blocks and inlines accepted; deeper input is refused
   * with an error, as it would exhaust the renderers' stacks. Default: 48.
   */
  maxDepth?: number | undefined
}

export interface ParsedPaper {
  /** The markdown syntax tree, front matter node included, positions kept. */
  tree: Root
  /** Normalized metadata: front matter over defaults, with fallbacks. */
  meta: PaperMeta
  /** The source file, carrying every message found so far. */
  file: VFile
}

const emptyOptions: Readonly<ParseOptions> = Object.freeze({})
const defaultMaxBytes = 5 * 1024 * 1024

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkFrontmatter, ['yaml']).freeze()

/**
 * Parse one paper: markdown with YAML front matter → mdast, typed metadata and
 * positioned messages. Pure: the caller reads the file (give `path` on the
 * VFile so messages name it); nothing here touches the disk.
 */
export function parsePaper(input: VFile | string | Uint8Array, options: ParseOptions = emptyOptions): ParsedPaper {
  const file = input instanceof VFile ? input : new VFile({value: input})
  const text = decode(file, options.maxBytes ?? defaultMaxBytes)
  const parse = (value: string): Root => processor.parse(new VFile({value, path: file.path}))
  let tree: Root = text === undefined ? {type: 'root', children: []} : mathAndFences(parse(text), text, file, parse)
  if (!checkNestingDepth(tree, file, options.maxDepth)) tree = {type: 'root', children: tree.children.filter((node) => node.type === 'yaml')}
  if (text !== undefined) file.value = text

  const yaml = tree.children.find((node): node is Yaml => node.type === 'yaml')
  const front = {...options.defaults, ...readFrontMatter(yaml, file)}
  if (!front.title) front.title = text === undefined || hasYamlError(file) ? (file.stem ?? 'Untitled') : fallbackTitle(tree, file, yaml)
  for (const check of checks) check(tree, file)
  checkCjkLanguage(tree, file, front.lang)
  inlineNotes(tree)
  return {tree, meta: toPaperMeta(front as FrontMatter), file}
}

/** Checks of the markdown itself; each reports warnings with positions. */
const checks = [checkTemplateTags, checkHeadingLevels, checkImageAlt, checkRawHtml]

/** The text of the file, or undefined (with an error) when it is not a paper. */
function decode(file: VFile, maxBytes: number): string | undefined {
  const value = file.value
  const size = typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength
  if (size > maxBytes) {
    report(file, {
      reason: `Unexpected file of ${(size / 1048576).toFixed(1)} MiB, expected a paper of at most ${(maxBytes / 1048576).toFixed(1)} MiB`,
      ruleId: 'input-too-large',
      severity: 'error'
    })
    return undefined
  }
  const text = typeof value === 'string' ? value : new TextDecoder('utf-8', {ignoreBOM: true}).decode(value)
  const bad = binaryAt(text, value)
  if (bad) {
    report(file, {
      reason: `Unexpected ${bad.what}, expected UTF-8 markdown text`,
      ruleId: 'input-binary',
      severity: 'error',
      place: bad.place
    })
    return undefined
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * The first NUL, or the first byte that is not UTF-8, and its line and
 * column: an editor can go there. The lenient decoder turns a bad byte into
 * U+FFFD; one whose bytes in the file are not EF BF BD was such a byte.
 */
function binaryAt(text: string, value: string | Uint8Array): {what: string; place: Point} | undefined {
  const bytes = typeof value === 'string' ? undefined : value
  const encoder = new TextEncoder()
  let offset = 0 // bytes before `index`, advanced lazily
  let counted = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code !== 0 && code !== 0xfffd) continue
    if (code === 0xfffd) {
      if (!bytes) continue
      offset += encoder.encode(text.slice(counted, index)).length
      counted = index
      if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue
    }
    const before = text.slice(0, index)
    const line = before.split('\n').length
    const place = {line, column: index - before.lastIndexOf('\n')}
    return {what: code === 0 ? 'NUL byte (binary content)' : `byte 0x${bytes![offset]!.toString(16).padStart(2, '0')} that is not UTF-8 (binary content)`, place}
  }
  return undefined
}

function hasYamlError(file: VFile): boolean {
  return file.messages.some((message) => message.ruleId === 'front-matter-yaml')
}

/**
 * A title for a paper that has none. Front matter without a title is an error
 * (a required field is missing); a paper with no front matter at all gets its
 * first heading, else its file name, with a warning.
 */
function fallbackTitle(tree: Root, file: VFile, yaml: Yaml | undefined): string {
  if (yaml) {
    report(file, {
      reason: 'Unexpected front matter without `title`, expected a `title: …` field',
      ruleId: 'front-matter-required',
      severity: 'error',
      place: yaml.position?.start
    })
    return file.stem ?? 'Untitled'
  }
  const index = tree.children.findIndex((node) => node.type === 'heading')
  const heading = tree.children[index] as Heading | undefined
  const name = file.stem ?? 'Untitled'
  const title = heading ? toString(heading).trim() : ''
  if (heading && title) {
    // The heading becomes the title block; keep it out of the body.
    tree.children.splice(index, 1)
    report(file, {
      reason: `Unexpected paper without front matter, expected a \`title\`; used the first heading “${title}”`,
      ruleId: 'title-from-heading',
      severity: 'warning',
      place: heading.position?.start
    })
    return title
  }
  report(file, {
    reason: `Unexpected paper without front matter or heading, expected a \`title\`; used the file name “${name}”`,
    ruleId: 'title-from-filename',
    severity: 'warning'
  })
  return name
}
