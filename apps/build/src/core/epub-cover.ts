import {readFile} from 'node:fs/promises'
import JSZip from 'jszip'

/**
 * The cover picture packed in an EPUB (the manifest item with
 * `properties="cover-image"`), read with a zip library, for the OPDS feed's
 * image link. Undefined when the file cannot be read or has no cover.
 */
export async function epubCover(path: string): Promise<{data: Uint8Array; mediaType: string; extension: string} | undefined> {
  try {
    const zip = await JSZip.loadAsync(await readFile(path))
    const container = await zip.file('META-INF/container.xml')?.async('string')
    const opfPath = container && /full-path="([^"]+)"/.exec(container)?.[1]
    const opf = opfPath ? await zip.file(opfPath)?.async('string') : undefined
    const item = opf ? /<item\b[^>]*properties="[^"]*cover-image[^"]*"[^>]*>/.exec(opf)?.[0] : undefined
    const href = item && /\bhref="([^"]+)"/.exec(item)?.[1]
    const mediaType = item && /\bmedia-type="([^"]+)"/.exec(item)?.[1]
    if (!href || !mediaType) return undefined
    const base = opfPath!.includes('/') ? opfPath!.slice(0, opfPath!.lastIndexOf('/') + 1) : ''
    const data = await zip.file(base + decodeURIComponent(href))?.async('uint8array')
    if (!data) return undefined
    return {data, mediaType, extension: mediaType === 'image/png' ? 'png' : 'jpg'}
  } catch {
    return undefined
  }
}
