import {readFile} from 'node:fs/promises'
import {extname} from 'node:path'
import {report} from '@offprint/parse/report'
import type {VFile} from 'vfile'
import {fieldPlace} from './resolve-inside.js'

/** A series logo as the documents load it. */
export interface LoadedLogo {
  /** A `data:` URI of the picture, an SVG sanitized; undefined when it cannot be read or is no well-formed SVG. */
  uri?: string | undefined
  /** What the SVG sanitizer took out (`<image>`, `href="http://…"`). */
  removed: string[]
  /** Why the logo cannot be used. */
  problem?: string | undefined
}

/**
 * Read a series logo for the title block and the cover. An SVG goes
 * through the same sanitizer as a paper's figures: a logo with an outside
 * `<image>` or a script is shown without them rather than shipped as is
 * (every paper carries the logo, so it reaches every artifact).
 */
export async function readLogo(path: string): Promise<LoadedLogo> {
  const data = await readFile(path).catch(() => undefined)
  if (!data) return {removed: [], problem: 'it cannot be read'}
  const type = mediaTypeOf(path)
  if (type !== 'image/svg+xml') return {uri: `data:${type};base64,${data.toString('base64')}`, removed: []}
  const {sanitizeSvg} = await import('./sanitize-svg.js')
  const svg = sanitizeSvg(data)
  if (!svg.data) return {removed: [], problem: `it is not well-formed (${svg.error})`}
  return {uri: `data:image/svg+xml;base64,${svg.data.toString('base64')}`, removed: svg.removed}
}

/**
 * Check a series' logo once, when its config is read: one warning at the
 * `logo` field for what the sanitizer removes, an error when it is no
 * picture at all (the config's fault, not every paper's).
 */
export async function checkSeriesLogo(file: VFile, path: string, name: string): Promise<void> {
  const logo = await readLogo(path)
  const place = fieldPlace(file, 'logo')
  if (logo.problem) {
    report(file, {reason: `Unexpected logo \`${name}\`: ${logo.problem}, expected a readable PNG, JPEG, WebP or SVG file`, ruleId: 'image-corrupt', severity: 'error', place})
  } else if (logo.removed.length > 0) {
    report(file, {
      reason: `Unexpected ${logo.removed.slice(0, 5).join(', ')}${logo.removed.length > 5 ? '…' : ''} in SVG logo \`${name}\`, expected a picture without script or outside references (removed)`,
      ruleId: 'image-svg-unsafe',
      severity: 'warning',
      place
    })
  }
}

function mediaTypeOf(path: string): string {
  const extension = extname(path).toLowerCase()
  return extension === '.svg' ? 'image/svg+xml' : extension === '.png' ? 'image/png' : extension === '.webp' ? 'image/webp' : 'image/jpeg'
}
