import {createInflate, crc32} from 'node:zlib'
import {imageSize} from 'image-size'

/** The picture types every output (PDF, EPUB 3 core media, HTML) can carry. */
export const mediaTypes: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp'
}

export type Inspection =
  | {ok: true; type: string; mediaType: string; width: number; height: number}
  | {ok: false; problem: 'type' | 'corrupt' | 'too-large'; detail: string}

/**
 * What an image file really is, by its bytes, not its name (a text file
 * called fig.png is not a PNG), and whether it decodes: a truncated or
 * damaged PNG or JPEG makes an invalid EPUB and a broken PDF page. PNG and
 * JPEG are walked structurally (chunks, CRCs and the zlib stream; markers up
 * to EOI), which finds truncation without decoding pixels into memory. A
 * raster picture over `maxPixels` is refused: decoding it would take the
 * browser gigabytes.
 */
export async function inspectImage(data: Buffer, maxPixels = Infinity): Promise<Inspection> {
  let size: {type?: string; width?: number; height?: number}
  try {
    size = imageSize(data)
  } catch {
    // A known signature whose header cannot be read is a damaged picture, not a wrong type.
    const known = data.subarray(0, 8).equals(pngSignature) || (data[0] === 0xff && data[1] === 0xd8) || /^GIF8|^RIFF....WEBP/s.test(data.toString('latin1', 0, 12))
    return known ? {ok: false, problem: 'corrupt', detail: 'a picture whose header is damaged or cut short'} : {ok: false, problem: 'type', detail: 'data that is no known image format'}
  }
  const type = size.type ?? ''
  const width = size.width ?? 0
  const height = size.height ?? 0
  const mediaType = mediaTypes[type]
  if (!mediaType) return {ok: false, problem: 'type', detail: `${type.toUpperCase()} data`}
  // Judged from the header before anything is inflated: a huge picture costs nothing to refuse.
  if (type !== 'svg' && width * height > maxPixels) return {ok: false, problem: 'too-large', detail: `${width} × ${height} pixels`}
  const corrupt = type === 'png' ? await checkPng(data) : type === 'jpg' ? checkJpeg(data) : undefined
  if (corrupt) return {ok: false, problem: 'corrupt', detail: corrupt}
  return {ok: true, type, mediaType, width, height}
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** A PNG's chunks up to IEND, each with its CRC, and its image data inflated to the size IHDR promises. */
async function checkPng(data: Buffer): Promise<string | undefined> {
  if (!data.subarray(0, 8).equals(pngSignature)) return 'a PNG without its signature'
  let offset = 8
  const idat: Buffer[] = []
  let header: Buffer | undefined
  for (;;) {
    if (offset + 12 > data.length) return 'a PNG cut short before its IEND chunk'
    const length = data.readUInt32BE(offset)
    const type = data.toString('latin1', offset + 4, offset + 8)
    const end = offset + 12 + length
    if (end > data.length) return `a PNG cut short in its ${type} chunk`
    if (crc32(data.subarray(offset + 4, end - 4)) !== data.readUInt32BE(end - 4)) return `a PNG whose ${type} chunk fails its CRC`
    if (type === 'IHDR') header = data.subarray(offset + 8, end - 4)
    if (type === 'IDAT') idat.push(data.subarray(offset + 8, end - 4))
    offset = end
    if (type === 'IEND') break
  }
  if (!header || header.length !== 13) return 'a PNG without a valid IHDR chunk'
  if (idat.length === 0) return 'a PNG without image data'
  const inflated = await inflatedLength(Buffer.concat(idat))
  if (inflated === undefined) return 'a PNG whose image data does not inflate'
  const expected = pngDataLength(header)
  if (expected !== undefined && inflated < expected) return 'a PNG with less image data than its size needs'
  return undefined
}

/** Bytes of a non-interlaced PNG's filtered scanlines; undefined for interlaced ones (not worth the arithmetic). */
function pngDataLength(header: Buffer): number | undefined {
  const width = header.readUInt32BE(0)
  const height = header.readUInt32BE(4)
  const depth = header[8]!
  const channels = ({0: 1, 2: 3, 3: 1, 4: 2, 6: 4} as Record<number, number>)[header[9]!]
  if (header[12] !== 0 || channels === undefined) return undefined
  return height * (1 + Math.ceil((width * channels * depth) / 8))
}

/** Inflate without keeping the output (a big picture must not fill memory): its length, or undefined when the stream is bad. */
function inflatedLength(data: Buffer): Promise<number | undefined> {
  return new Promise((resolve) => {
    const inflate = createInflate()
    let length = 0
    inflate.on('data', (chunk: Buffer) => {
      length += chunk.length
    })
    inflate.on('error', () => resolve(undefined))
    inflate.on('end', () => resolve(length))
    inflate.end(data)
  })
}

/** A JPEG's markers from SOI through a frame header (SOF) and scans to EOI. */
function checkJpeg(data: Buffer): string | undefined {
  if (data[0] !== 0xff || data[1] !== 0xd8) return 'a JPEG without its start marker'
  let offset = 2
  let frame = false
  while (offset + 4 <= data.length) {
    if (data[offset] !== 0xff) return 'a JPEG with a damaged marker'
    const marker = data[offset + 1]!
    if (marker === 0xff) {
      offset++ // fill byte
      continue
    }
    if (marker === 0xd9) return frame ? undefined : 'a JPEG without a frame header'
    const length = data.readUInt16BE(offset + 2)
    if (length < 2 || offset + 2 + length > data.length) return 'a JPEG cut short in a segment'
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC): the frame header, with a non-zero size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8 || data.readUInt16BE(offset + 5) === 0 || data.readUInt16BE(offset + 7) === 0) return 'a JPEG with an empty frame header'
      frame = true
    }
    offset += 2 + length
    if (marker === 0xda) {
      if (!frame) return 'a JPEG scan before its frame header'
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      while (offset + 1 < data.length && !(data[offset] === 0xff && data[offset + 1] !== 0 && (data[offset + 1]! < 0xd0 || data[offset + 1]! > 0xd7))) offset++
    }
  }
  if (offset + 2 <= data.length && data[offset] === 0xff && data[offset + 1] === 0xd9 && frame) return undefined
  return 'a JPEG cut short before its end marker'
}
