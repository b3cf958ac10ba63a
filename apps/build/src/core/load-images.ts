import {readFile, realpath} from 'node:fs/promises'
import {extname, relative, resolve, sep} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Paper} from '@offprint/cite'
import {report} from '@offprint/parse/report'
import type {Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
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

/**
 * Read the images a paper shows: files inside its folder only (a path or a
 * symlink out of it is refused), of a type every output can carry.
 */
export async function loadImages(paper: Paper, source: PaperSource, inputs: Set<string>): Promise<Map<string, PaperImage>> {
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
    inputs.add(real)
    images.set(url, {path: real, mediaType, data: await readFile(real)})
  }
  return images
}

/** The cover picture front matter names: a .jpg or .png inside the paper's folder. */
export async function loadCover(
  name: string,
  paper: Paper,
  source: PaperSource,
  inputs: Set<string>
): Promise<{data: Buffer; mediaType: 'image/jpeg' | 'image/png'} | undefined> {
  const path = resolve(source.folder, name)
  const real = path.startsWith(source.folder + sep) ? await realpath(path).catch(() => undefined) : undefined
  const folder = await realpath(source.folder).catch(() => source.folder)
  if (!real || !real.startsWith(folder + sep)) {
    report(paper.file, {
      reason: `Unexpected cover \`${name}\` ${real === undefined && path.startsWith(source.folder + sep) ? 'that does not exist' : 'outside the paper’s folder'}, expected a .jpg or .png file in ${relative(process.cwd(), source.folder) || '.'}`,
      ruleId: 'cover-missing',
      severity: 'error'
    })
    return undefined
  }
  inputs.add(real)
  return {data: await readFile(real), mediaType: /\.png$/i.test(real) ? 'image/png' : 'image/jpeg'}
}

/**
 * Image URLs for the self-contained HTML and the PDF: data: URIs. Takes the
 * URL as written, or the file URL `fileImages` gave it.
 */
export function inlineImages(images: Map<string, PaperImage>): (url: string) => string | undefined {
  const byFile = new Map([...images.values()].map((image) => [pathToFileURL(image.path).href, image]))
  return (url) => {
    if (url.startsWith('data:')) return url
    const image = images.get(url) ?? byFile.get(url)
    return image && `data:${image.mediaType};base64,${image.data.toString('base64')}`
  }
}

/** Image URLs for the EPUB: file URLs its packer reads and packs; data: URIs as they are. */
export function fileImages(images: Map<string, PaperImage>): (url: string) => string | undefined {
  return (url) => {
    if (url.startsWith('data:')) return url
    const image = images.get(url)
    return image && pathToFileURL(image.path).href
  }
}
