import {readFile} from 'node:fs/promises'
import {pathToFileURL} from 'node:url'
import type {Paper} from '@offprint/cite'
import {report} from '@offprint/parse/report'
import type {Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {PaperSource} from './find-papers.js'
import {inspectImage} from './inspect-image.js'
import {resolveField} from './paper-paths.js'
import {reportRefusal, resolveInside} from './resolve-inside.js'
import {sanitizeSvg} from './sanitize-svg.js'

/** An image of the paper, read and checked. */
export interface PaperImage {
  /** The real file; empty for a picture written as a data: URI. */
  path: string
  mediaType: string
  /** The bytes to ship: an SVG's are the sanitized ones. */
  data: Buffer
}

export interface ImageOptions {
  /** Largest raster picture accepted, in pixels (width × height). Default: 50 megapixels. */
  maxPixels?: number | undefined
}

/** A picture this many pixels takes Chromium about 200 MB to decode; far past print resolution for a page. */
export const defaultMaxImagePixels = 50_000_000

/**
 * Read the images a paper shows: files inside its folder only (a path or a
 * symlink out of it is refused), whose bytes are a picture every output can
 * carry, that decode, and that are not so large they exhaust the browser.
 * SVG figures are sanitized (no script, no outside references).
 */
export async function loadImages(paper: Paper, source: PaperSource, inputs: Set<string>, options: ImageOptions = {}): Promise<Map<string, PaperImage>> {
  const images = new Map<string, PaperImage>()
  const nodes: Array<{url: string; place: Position | undefined}> = []
  const collect = (tree: Root) =>
    visit(tree, 'image', (node) => {
      nodes.push({url: node.url, place: node.position})
    })
  collect(paper.tree)
  for (const note of paper.notes) collect({type: 'root', children: note.children})

  for (const {url, place} of nodes) {
    if (images.has(url)) continue
    const inline = dataUri(url)
    let path = ''
    if (!inline) {
      const name = safeDecode(url.split(/[?#]/)[0] ?? url)
      const result = await resolveInside(name, source.folder)
      if (!result.ok) {
        const ruleId = result.problem === 'remote' ? 'image-remote' : result.problem === 'outside' ? 'image-outside' : 'image-missing'
        reportRefusal(paper.file, result, {what: 'image', name: url, folder: source.folder, folderName: 'the paper’s folder', expected: 'a file', ruleId, place})
        continue
      }
      path = result.path
    }
    const data = inline ?? (await readFile(path))
    const checked = await checkImage(data, url, paper, place, options)
    if (!checked) continue
    if (path) inputs.add(path)
    images.set(url, {path, ...checked})
  }
  return images
}

/** The bytes of a picture checked: its real type, whole, within the pixel limit; an SVG sanitized. */
async function checkImage(data: Buffer, url: string, paper: Paper, place: Position | undefined, options: ImageOptions): Promise<{mediaType: string; data: Buffer} | undefined> {
  const name = url.startsWith('data:') ? 'data: URI' : `\`${url}\``
  const maxPixels = options.maxPixels ?? defaultMaxImagePixels
  const inspection = await inspectImage(data, maxPixels)
  if (!inspection.ok) {
    const {problem, detail} = inspection
    report(paper.file, {
      reason:
        problem === 'type'
          ? `Unexpected ${detail} in image ${name}, expected a PNG, JPEG, GIF, SVG or WebP picture`
          : problem === 'corrupt'
            ? `Unexpected ${detail} in image ${name}, expected a picture that decodes`
            : `Unexpected image ${name} of ${detail}, expected at most ${megapixels(maxPixels)} megapixels (scale it down to print resolution)`,
      ruleId: problem === 'type' ? 'image-type' : problem === 'corrupt' ? 'image-corrupt' : 'image-too-large',
      severity: 'error',
      place
    })
    return undefined
  }
  const extension = /\.([a-z]+)$/i.exec(url.split(/[?#]/)[0] ?? '')?.[1]?.toLowerCase()
  const named = extension === 'jpeg' ? 'jpg' : extension
  if (!url.startsWith('data:') && named !== inspection.type) {
    // Readers and the EPUB packer go by the name: a JPEG called .png is refused by epubcheck.
    report(paper.file, {
      reason: `Unexpected ${inspection.type.toUpperCase()} data in image ${name}, expected ${named ? `${named.toUpperCase()} data as its name says` : 'a name ending in .png, .jpg, .gif, .svg or .webp'}`,
      ruleId: 'image-type',
      severity: 'error',
      place
    })
    return undefined
  }
  if (inspection.type !== 'svg') return {mediaType: inspection.mediaType, data}
  const svg = sanitizeSvg(data)
  if (!svg.data) {
    report(paper.file, {reason: `Unexpected SVG ${name} that is not well-formed (${svg.error}), expected an SVG file`, ruleId: 'image-corrupt', severity: 'error', place})
    return undefined
  }
  if (svg.removed.length > 0) {
    report(paper.file, {
      reason: `Unexpected ${svg.removed.slice(0, 5).join(', ')}${svg.removed.length > 5 ? '…' : ''} in SVG ${name}, expected a picture without script or outside references (removed)`,
      ruleId: 'image-svg-unsafe',
      severity: 'warning',
      place
    })
  }
  return {mediaType: inspection.mediaType, data: svg.data}
}

function megapixels(pixels: number): string {
  return String(Math.round(pixels / 100_000) / 10)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The bytes of a `data:` URI, or undefined for any other URL. */
function dataUri(url: string): Buffer | undefined {
  const match = /^data:[^,;]*((?:;[^,;]*)*?)(;base64)?,(.*)$/is.exec(url)
  if (!match) return undefined
  return match[2] ? Buffer.from(match[3] ?? '', 'base64') : Buffer.from(safeDecode(match[3] ?? ''), 'latin1')
}

/** The cover picture front matter names: a .jpg or .png inside the paper's folder, whole and within the pixel limit. */
export async function loadCover(
  name: string,
  paper: Paper,
  source: PaperSource,
  inputs: Set<string>,
  options: ImageOptions = {}
): Promise<{data: Buffer; mediaType: 'image/jpeg' | 'image/png'} | undefined> {
  const path = await resolveField(paper.file, source, {key: 'cover', name, what: 'cover', expected: 'a .jpg or .png file', ruleId: 'cover-missing'})
  if (!path) return undefined
  const data = await readFile(path)
  const place = paper.file.data.fieldPlaces?.cover
  const checked = await checkImage(data, name, paper, place && {start: place, end: place}, options)
  if (!checked) return undefined
  if (checked.mediaType !== 'image/png' && checked.mediaType !== 'image/jpeg') {
    report(paper.file, {reason: `Unexpected cover \`${name}\` of type ${checked.mediaType}, expected a .jpg or .png file`, ruleId: 'cover-missing', severity: 'error', place})
    return undefined
  }
  inputs.add(path)
  return {data: checked.data, mediaType: checked.mediaType}
}

/**
 * Image URLs for the self-contained HTML and the PDF: data: URIs. Takes the
 * URL as written, or the URL `fileImages` gave it.
 */
export function inlineImages(images: Map<string, PaperImage>): (url: string) => string | undefined {
  const byFile = new Map([...images.values()].filter((image) => image.path).map((image) => [pathToFileURL(image.path).href, image]))
  // The sanitized SVG figures `fileImages` gave as data: URIs are ours: they pass.
  const ours = new Set([...images.values()].filter((image) => image.mediaType === 'image/svg+xml').map(toDataUri))
  return (url) => {
    const image = images.get(url) ?? byFile.get(url)
    if (image) return toDataUri(image)
    if (ours.has(url)) return url
    // Raw HTML's own data: pictures; an SVG one could carry script, so only raster ones pass.
    return /^data:image\/(png|jpeg|gif|webp)[;,]/i.test(url) ? url : undefined
  }
}

/**
 * Image URLs for the EPUB: file URLs its packer reads and packs; SVG figures
 * (sanitized, so not the file's bytes) and data: pictures as data: URIs, which
 * the EPUB adapter packs itself.
 */
export function fileImages(images: Map<string, PaperImage>): (url: string) => string | undefined {
  return (url) => {
    const image = images.get(url)
    if (!image) return /^data:image\/(png|jpeg|gif|webp)[;,]/i.test(url) ? url : undefined
    return image.path && image.mediaType !== 'image/svg+xml' ? pathToFileURL(image.path).href : toDataUri(image)
  }
}

function toDataUri(image: PaperImage): string {
  return `data:${image.mediaType};base64,${image.data.toString('base64')}`
}
