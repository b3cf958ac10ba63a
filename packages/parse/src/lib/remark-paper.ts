import type {Heading, Root, Yaml} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import {remarkDefinitionList} from 'remark-definition-list'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import type {PluggableList, Preset, Processor} from 'unified'
import {VFile} from 'vfile'
import {checkCjkLanguage} from './checks/cjk-language.js'
import {checkHeadingLevels} from './checks/heading-levels.js'
import {checkImageAlt} from './checks/image-alt.js'
import {checkNestingDepth, checkSourceDepth} from './checks/nesting-depth.js'
import {checkRawHtml} from './checks/raw-html.js'
import {checkTemplateTags} from './checks/template-tags.js'
import {headingHtmlAsText} from './heading-html.js'
import {decode} from './decode.js'
import {remarkDollarMath} from './dollar-math.js'
import {readFrontMatter} from './front-matter.js'
import {inlineNotes} from './inline-notes.js'
import {mathAndFences} from './math-and-fences.js'
import {findDashedTables, insertDashedTables} from './pandoc/dashed-tables.js'
import {remarkGridtables} from './pandoc/gridtables.js'
import {pandocLines, pandocSyntax} from './pandoc/pandoc-syntax.js'
import type {FenceLines} from './pandoc/fence-lines.js'
import {report} from './report.js'
import {inheritSeries, toPaperMeta, type FrontMatter, type PaperMeta} from './schema.js'

export interface Options {
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

declare module 'vfile' {
  interface DataMap {
    /** The paper's normalized metadata (front matter over defaults), set by `remarkPaper`. */
    meta: PaperMeta
  }
}

const emptyOptions: Readonly<Options> = Object.freeze({})
const defaultMaxBytes = 5 * 1024 * 1024
// A line of two groups of dashes: the mark of a pandoc simple or multiline table (see `findDashedTables`).
const mayHaveDashedTables = /^ {0,3}-{2,} +-{2,}/m

/**
 * The markdown Offprint reads: CommonMark, GFM, pandoc's grid tables
 * (`+---+` borders, Adobe's extension) and definition lists
 * (`Term` then `: definition`), `$math$` (pandoc's dollar rule), YAML front
 * matter. GFM's strikethrough takes `~~two~~` tildes only:
 * one is pandoc's subscript (`H~2~O`), read by `remarkPaper`.
 */
export const remarkPaperSyntax: Preset = {
  plugins: [remarkParse, [remarkGfm, {singleTilde: false}], remarkGridtables, remarkDefinitionList, remarkDollarMath, [remarkFrontmatter, ['yaml']]] as PluggableList
}

/** Checks of the markdown itself; each reports warnings with positions. */
const checks = [checkTemplateTags, checkHeadingLevels, checkImageAlt, checkRawHtml]

/**
 * The paper stage, after `remarkPaperSyntax`: the input is decoded and held to
 * its limits before it is parsed (a binary or huge file is an error, not a
 * tree), runaway math and fences are re-read, and the tree's front matter
 * becomes `file.data.meta`; the markdown is checked and pandoc's inline notes
 * become GFM notes. Touches no disk: the caller reads the file.
 */
export function remarkPaper(this: Processor, options?: Options | null | undefined) {
  const settings = options ?? emptyOptions
  const maxBytes = settings.maxBytes ?? defaultMaxBytes
  const parser = this.parser
  if (!parser) throw new Error('Unexpected `remarkPaper` without a parser, expected `remarkPaperSyntax` before it')
  // Files the parser refused (binary, too large): their tree is empty by force, not by content.
  const refused = new WeakSet<VFile>()
  // Fence lines found before the parse, for the transform to group the blocks between.
  const fences = new WeakMap<VFile, FenceLines>()
  this.parser = (_document, file) => {
    const text = decode(file, maxBytes)
    if (text === undefined) {
      refused.add(file)
      return {type: 'root', children: []}
    }
    file.value = text
    // Too deep to parse safely: refused before any recursive step sees it.
    if (!checkSourceDepth(text, file, settings.maxDepth)) {
      refused.add(file)
      return {type: 'root', children: []}
    }
    const parse = (value: string): Root => parser(value, new VFile({value, path: file.path})) as Root
    const lines = pandocLines(text, parse)
    fences.set(file, lines)
    // Pandoc's simple and multiline tables: their lines blanked for the parse, their tables put back after.
    const dashed = mayHaveDashedTables.test(lines.text) ? findDashedTables(lines.text, parse(lines.text), parse) : undefined
    const body = dashed?.text ?? lines.text
    let tree = mathAndFences(parse(body), body, file, parse)
    if (dashed) insertDashedTables(tree, dashed.tables)
    for (const place of dashed?.overflows ?? []) {
      report(file, {
        reason: "Unexpected text across a column's edge in a simple or multiline table, expected each cell's text within its column's dashes (pandoc splits it here; text left of the first column is dropped)",
        ruleId: 'table-column-overflow',
        severity: 'warning',
        place
      })
    }
    if (!checkNestingDepth(tree, file, settings.maxDepth)) tree = {type: 'root', children: tree.children.filter((node) => node.type === 'yaml')}
    return tree
  }

  return (tree: Root, file: VFile): undefined => {
    const yaml = tree.children.find((node): node is Yaml => node.type === 'yaml')
    const own = readFrontMatter(yaml, file)
    const front = {...settings.defaults, ...own}
    front.series = inheritSeries(settings.defaults?.series, own.series, {config: settings.defaults?.lang, paper: front.lang})
    if (front.series === undefined) delete front.series
    if (!front.title) front.title = refused.has(file) || hasYamlError(file) ? (file.stem ?? 'Untitled') : fallbackTitle(tree, file, yaml)
    headingHtmlAsText(tree, file)
    pandocSyntax(tree, file, fences.get(file))
    for (const check of checks) check(tree, file)
    checkCjkLanguage(tree, file, front.lang)
    inlineNotes(tree)
    file.data.meta = toPaperMeta(front as FrontMatter)
  }
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
