import type {Paper} from '@offprint/cite'
import {report} from '@offprint/parse/report'
import type {RenderedPaper} from '@offprint/render-html'
import type {Element, ElementContent, Root as HastRoot} from 'hast'
import type {Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {PaperSource} from './find-papers.js'
import {dataUri, imageBytes, type ImageBytes, type ImageSourceOptions} from './image-bytes.js'
import {resolveField} from './paper-paths.js'
import {defaultMaxImageBytes, readImageFile} from './read-image-file.js'
import type {RemoteImageCache} from './remote-image-cache.js'
import type {FetchLimits} from './remote-images.js'

/** An image of the paper, read and checked. */
export interface PaperImage {
  /** The real file; empty for a picture written as a data: URI or fetched. */
  path: string
  mediaType: string
  /** The bytes to ship (exactly those checked): an SVG's are the sanitized ones. */
  data: Buffer
}

export interface ImageOptions {
  /** Largest raster picture accepted, in pixels (width × height). Default: 50 megapixels. */
  maxPixels?: number | undefined
  /** Largest image file or download accepted, in bytes. Default: 50 MB. */
  maxBytes?: number | undefined
  /** Fetch no remote picture: use the cached ones, refuse the others. Default: false. */
  offline?: boolean | undefined
  /** Where remote pictures are kept between builds. Default: none (fetched every time). */
  remoteCache?: RemoteImageCache | undefined
  /** The time limit of a fetch and the like. Default: see FetchLimits. */
  remoteLimits?: FetchLimits | undefined
}

/** A picture this many pixels takes Chromium about 200 MB to decode; far past print resolution for a page. */
export const defaultMaxImagePixels = 50_000_000

/** Remote pictures fetched at once for one paper. */
const fetchesAtOnce = 4

/**
 * Read the images a paper shows — markdown images, and raw HTML `<img>` with
 * a `data:` URI (the same checks, not a way around them): files inside its
 * folder (or, site-absolute, inside the series' `images.site-root`), http(s)
 * pictures `images.remote` allows (fetched here, never by the browser), and
 * `data:` URIs; whose bytes are a picture every output can carry, that
 * decode, and that are not so large they exhaust the browser. SVG figures are
 * sanitized (no script, no outside references). Each problem is an error at
 * the image.
 */
export async function loadImages(
  paper: Paper,
  source: PaperSource,
  inputs: Set<string>,
  options: ImageOptions = {},
  rendered?: RenderedPaper | undefined
): Promise<Map<string, PaperImage>> {
  const images = new Map<string, PaperImage>()
  const nodes: Array<{url: string; place: Position | undefined}> = []
  const collect = (tree: Root) =>
    visit(tree, 'image', (node) => {
      nodes.push({url: node.url, place: node.position})
    })
  collect(paper.tree)
  for (const note of paper.notes) collect({type: 'root', children: note.children})
  nodes.push(...rawDataImages(rendered))

  const sourceOptions: ImageSourceOptions = {...options, maxBytes: options.maxBytes ?? defaultMaxImageBytes}
  const bytesOf = prefetch(
    nodes.map((node) => node.url),
    (url) => imageBytes(url, source, sourceOptions)
  )
  const seen = new Set<string>()
  for (const {url, place} of nodes) {
    if (seen.has(url)) continue
    seen.add(url)
    const got: ImageBytes = /^data:/i.test(url) ? fromDataUri(url) : await bytesOf(url)
    if (!got.ok) {
      report(paper.file, {reason: `Unexpected ${got.reason}`, ruleId: got.ruleId, severity: 'error', place})
      continue
    }
    const checked = await checkImage(got.data, url, paper, place, options, {byName: Boolean(got.path)})
    if (!checked) continue
    if (got.fetched && options.remoteCache) {
      // A cache that cannot be written only costs a fetch next time.
      const record = await options.remoteCache.put(url.startsWith('//') ? `https:${url}` : url, got.data).catch(() => undefined)
      if (record) inputs.add(record)
    }
    if (got.input) inputs.add(got.input)
    images.set(url, {path: got.path ?? '', ...checked})
  }
  return images
}

/**
 * A lookup of each URL's bytes, remote ones started at once (a few at a
 * time) so a paper of twenty web pictures does not wait for each in turn;
 * local ones read when asked.
 */
function prefetch(urls: ReadonlyArray<string>, get: (url: string) => Promise<ImageBytes>): (url: string) => Promise<ImageBytes> {
  const queue: Array<() => void> = []
  let active = 0
  const limited = async (url: string): Promise<ImageBytes> => {
    if (active >= fetchesAtOnce) await new Promise<void>((resolve) => queue.push(resolve))
    active++
    try {
      return await get(url)
    } catch (error) {
      return {ok: false, reason: `image \`${url}\` that could not be read (${(error as Error).message}), expected a picture`, ruleId: 'image-unreadable'}
    } finally {
      active--
      queue.shift()?.()
    }
  }
  const remote = new Map([...new Set(urls.filter((url) => /^(https?:)?\/\//i.test(url)))].map((url) => [url, limited(url)]))
  return (url) => remote.get(url) ?? get(url)
}

function fromDataUri(url: string): ImageBytes {
  const data = dataUri(url)
  return data ? {ok: true, data} : {ok: false, reason: 'data: URI that cannot be read, expected data:image/…;base64,…', ruleId: 'image-type'}
}

/** Raw HTML `<img>` whose `src` is a `data:` URI, with where it was written: they get a markdown image's checks. */
function rawDataImages(rendered: RenderedPaper | undefined): Array<{url: string; place: Position | undefined}> {
  if (!rendered) return []
  const found: Array<{url: string; place: Position | undefined}> = []
  const parts: ElementContent[] = [...rendered.body, ...(rendered.notesSection ? [rendered.notesSection] : []), ...(rendered.bibliography ? [rendered.bibliography] : [])]
  visit({type: 'root', children: parts} as HastRoot, 'element', (node: Element) => {
    const src = node.tagName === 'img' ? node.properties.src : undefined
    if (typeof src === 'string' && /^data:/i.test(src)) found.push({url: src, place: node.position})
  })
  return found
}

/** The bytes of a picture checked: its real type, whole, within the pixel limit; an SVG sanitized. */
async function checkImage(
  data: Buffer,
  url: string,
  paper: Paper,
  place: Position | undefined,
  options: ImageOptions,
  {byName}: {byName: boolean}
): Promise<{mediaType: string; data: Buffer} | undefined> {
  const name = url.startsWith('data:') ? 'data: URI' : `\`${url}\``
  const maxPixels = options.maxPixels ?? defaultMaxImagePixels
  // The image decoders and the SVG sanitizer (a CSS parser, an XML DOM: ~300 modules) are loaded for a paper with pictures only.
  const {inspectImage} = await import('./inspect-image.js')
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
  if (byName && named !== inspection.type) {
    // Readers go by a file's name: a JPEG called .png is refused by epubcheck. (A URL's picture is judged by its bytes.)
    report(paper.file, {
      reason: `Unexpected ${inspection.type.toUpperCase()} data in image ${name}, expected ${named ? `${named.toUpperCase()} data as its name says` : 'a name ending in .png, .jpg, .gif, .svg or .webp'}`,
      ruleId: 'image-type',
      severity: 'error',
      place
    })
    return undefined
  }
  if (inspection.type !== 'svg') return {mediaType: inspection.mediaType, data}
  const {sanitizeSvg} = await import('./sanitize-svg.js')
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
  const place = paper.file.data.fieldPlaces?.cover
  const read = await readImageFile(path, options.maxBytes ?? defaultMaxImageBytes)
  if (!read.ok) {
    report(paper.file, {reason: `Unexpected cover \`${name}\` that is ${read.detail}, expected a .jpg or .png file`, ruleId: 'cover-missing', severity: 'error', place})
    return undefined
  }
  const checked = await checkImage(read.data, name, paper, place && {start: place, end: place}, options, {byName: true})
  if (!checked) return undefined
  if (checked.mediaType !== 'image/png' && checked.mediaType !== 'image/jpeg') {
    report(paper.file, {reason: `Unexpected cover \`${name}\` of type ${checked.mediaType}, expected a .jpg or .png file`, ruleId: 'cover-missing', severity: 'error', place})
    return undefined
  }
  inputs.add(path)
  return {data: checked.data, mediaType: checked.mediaType}
}

/**
 * Image URLs for the self-contained HTML and the PDF: data: URIs of the bytes
 * checked. Takes the URL as written, or the one `fileImages` gave it; any
 * other picture (not checked) is dropped.
 */
export function inlineImages(images: Map<string, PaperImage>): (url: string) => string | undefined {
  const ours = new Set([...images.values()].map(toDataUri))
  return (url) => {
    const image = images.get(url)
    if (image) return toDataUri(image)
    return ours.has(url) ? url : undefined
  }
}

/**
 * Image URLs for the EPUB: data: URIs of the bytes checked, which the EPUB
 * adapter packs itself. Never a file for a packer to read again: a file
 * changed (a symlink retargeted) after it was checked must not ship.
 */
export function fileImages(images: Map<string, PaperImage>): (url: string) => string | undefined {
  return (url) => {
    const image = images.get(url)
    return image && toDataUri(image)
  }
}

/** A picture's data: URI, made once (every output asks for it). */
const dataUris = new WeakMap<PaperImage, string>()
function toDataUri(image: PaperImage): string {
  let uri = dataUris.get(image)
  if (uri === undefined) {
    uri = `data:${image.mediaType};base64,${image.data.toString('base64')}`
    dataUris.set(image, uri)
  }
  return uri
}
