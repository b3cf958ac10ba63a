import {readFile, realpath, stat} from 'node:fs/promises'
import {extname, relative, resolve, sep} from 'node:path'
import {pathToFileURL} from 'node:url'
import {
  bibliographyFormat,
  formatCitations,
  insertCitations,
  loadBibliography,
  numberNotes,
  type CitationCache,
  type CitationOptions,
  type CslItem,
  type Paper
} from '@offprint/cite'
import {parsePaper, report} from '@offprint/parse'
import type {Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import type {PaperSource} from './find-papers.js'

const imageTypes: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp'
}

/** An image of the paper, read and checked. */
export interface PaperImage {
  path: string
  mediaType: string
  data: Buffer
}

export interface LoadedPaper {
  source: PaperSource
  paper: Paper
  /** Images by the URL written in the markdown. */
  images: Map<string, PaperImage>
}

export interface LoadOptions {
  /** Largest paper accepted, in bytes. Default: 5 MiB. */
  maxBytes?: number | undefined
  /** CSL engines shared by every paper of a build (building one takes a second). */
  citations?: CitationCache | undefined
}

/**
 * Read a paper and everything it refers to, and run the tree stages (parse,
 * notes). Problems land as messages on `paper.file`; nothing is thrown for
 * bad input.
 */
export async function loadPaper(source: PaperSource, options: LoadOptions = {}): Promise<LoadedPaper> {
  const file = new VFile({path: relative(process.cwd(), source.path) || source.path})
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024
  try {
    const info = await stat(source.path)
    // Refuse before reading: a huge file must not be pulled into memory.
    file.value = info.size > maxBytes ? Buffer.alloc(maxBytes + 1) : await readFile(source.path)
  } catch (error) {
    file.value = ''
    report(file, {
      reason: `Unexpected unreadable file (${(error as NodeJS.ErrnoException).code ?? String(error)}), expected a readable markdown file`,
      ruleId: 'input-unreadable',
      severity: 'error'
    })
    file.value = ''
  }
  const parsed = parsePaper(file, {maxBytes, defaults: source.config?.defaults})
  const citing = await citationOptions(parsed.meta.options, parsed.meta.lang, source, file, options.citations)
  if (citing) insertCitations(parsed.tree, parsed.file, citing)
  const paper = citing ? formatCitations(numberNotes(parsed), citing) : numberNotes(parsed)
  const images = await loadImages(paper, source)
  return {source, paper, images}
}

/**
 * Citation options for a paper that names a bibliography (otherwise `@word`
 * is plain text): its files read and parsed, the CSL style read when it is a
 * file. Bibliography files must be in the paper's folder, or come from the
 * series config (made absolute there).
 */
async function citationOptions(
  options: Paper['meta']['options'],
  lang: string,
  source: PaperSource,
  file: VFile,
  cache: CitationCache | undefined
): Promise<CitationOptions | undefined> {
  if (!options.bibliography) return undefined
  const fromConfig = new Set([source.config?.defaults.bibliography ?? []].flat())
  const items: CslItem[] = []
  for (const name of [options.bibliography].flat()) {
    const path = resolve(source.folder, name)
    const inside = path.startsWith(source.folder + sep)
    const format = bibliographyFormat(path)
    const problem = !inside && !fromConfig.has(name) ? 'outside the paper’s folder' : !format ? 'of an unknown kind' : undefined
    const text = problem ? undefined : await readFile(path, 'utf8').catch(() => undefined)
    if (text === undefined) {
      report(file, {
        reason: `Unexpected bibliography \`${name}\` ${problem ?? 'that cannot be read'}, expected a .bib, .json or .yaml file in ${relative(process.cwd(), source.folder) || '.'}`,
        ruleId: 'bibliography-missing',
        severity: 'error',
        place: {line: 1, column: 1}
      })
      continue
    }
    const bibliographyFile = new VFile({path: relative(process.cwd(), path), value: text})
    items.push(...loadBibliography(text, {format: format!, file: bibliographyFile}))
    // Problems in the bibliography file are the paper's problems too.
    for (const message of bibliographyFile.messages) file.messages.push(message)
  }
  let style = options.csl
  if (style && /\.csl$/i.test(style)) {
    const path = resolve(source.folder, style)
    style = await readFile(path, 'utf8').catch(() => {
      report(file, {reason: `Unexpected CSL style \`${options.csl}\` that cannot be read, expected a .csl file`, ruleId: 'citation-style', severity: 'error'})
      return undefined
    })
  }
  return {
    style,
    ibid: options.ibid,
    bibliography: items,
    lang,
    bibliographyTitle: options['bibliography-title'],
    suppressBibliography: options['suppress-bibliography'],
    cache
  }
}

async function loadImages(paper: Paper, source: PaperSource): Promise<Map<string, PaperImage>> {
  const images = new Map<string, PaperImage>()
  const nodes: Array<{url: string; place: Position | undefined}> = []
  const collect = (tree: Root) =>
    visit(tree, 'image', (node) => {
      nodes.push({url: node.url, place: node.position})
    })
  collect(paper.tree)
  for (const note of paper.notes) collect({type: 'root', children: note.children})

  const folder = await realpath(source.folder).catch(() => source.folder)
  for (const {url, place} of nodes) {
    if (images.has(url) || url.startsWith('data:')) continue
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
      report(paper.file, {
        reason: `Unexpected remote image \`${url}\`, expected a file in the paper’s folder (papers are built offline)`,
        ruleId: 'image-remote',
        severity: 'error',
        place
      })
      continue
    }
    const path = resolve(source.folder, decodeURIComponent(url.split(/[?#]/)[0] ?? url))
    const outside = (target: string, root: string) => target !== root && !target.startsWith(root + sep)
    // Refuse a path out of the folder before touching it; then again after
    // resolving symlinks, so a link cannot lead out either.
    const real = outside(path, source.folder) ? undefined : await realpath(path).catch(() => null)
    if (real === undefined || (real !== null && outside(real, folder))) {
      report(paper.file, {
        reason: `Unexpected image \`${url}\` outside the paper’s folder, expected a file inside ${relative(process.cwd(), source.folder) || '.'}`,
        ruleId: 'image-outside',
        severity: 'error',
        place
      })
      continue
    }
    if (real === null) {
      report(paper.file, {reason: `Unexpected missing image \`${url}\`, expected a file at ${relative(process.cwd(), path)}`, ruleId: 'image-missing', severity: 'error', place})
      continue
    }
    const mediaType = imageTypes[extname(real).toLowerCase()]
    if (!mediaType) {
      report(paper.file, {reason: `Unexpected image type \`${extname(real)}\`, expected one of ${Object.keys(imageTypes).join(', ')}`, ruleId: 'image-type', severity: 'error', place})
      continue
    }
    images.set(url, {path: real, mediaType, data: await readFile(real)})
  }
  return images
}

/** Image URLs for the self-contained HTML and the PDF: data: URIs. */
export function inlineImages(images: Map<string, PaperImage>): (url: string) => string | undefined {
  return (url) => {
    if (url.startsWith('data:')) return url
    const image = images.get(url)
    return image && `data:${image.mediaType};base64,${image.data.toString('base64')}`
  }
}

/** Image URLs for the EPUB: file URLs its packer reads and packs. */
export function fileImages(images: Map<string, PaperImage>): (url: string) => string | undefined {
  return (url) => {
    const image = images.get(url)
    return image && pathToFileURL(image.path).href
  }
}
