import {licenseUrl} from './head-metadata.js'

/** A licence as the imprint prints it. */
export interface LicenseText {
  /** The licence's full name (`Creative Commons Attribution 4.0 International License`), or the text as written. */
  name: string
  /** Where the licence is read, when it is a known one (or written as a URL). */
  url?: string | undefined
  /** Whether it is a licence the badge sentence suits (“This work is licensed under a …”). */
  known: boolean
}

const elements: Readonly<Record<string, string>> = {by: 'Attribution', nc: 'NonCommercial', sa: 'ShareAlike', nd: 'NoDerivatives'}

/** The jurisdiction word of each version's unported licences, as Creative Commons names them. */
function scope(version: string): string {
  if (version === '4.0') return 'International'
  if (version === '3.0') return 'Unported'
  return 'Generic'
}

/**
 * A licence as written in front matter (`CC BY 4.0`, `CC-BY-NC-SA-4.0`,
 * `CC0`, a creativecommons.org URL) → its full name and URL, as Creative
 * Commons' own badge text names it. Any other licence is printed as given,
 * with its URL when it is one.
 */
export function licenseText(license: string): LicenseText {
  const written = license.trim()
  const url = licenseUrl(written)
  const fromUrl = /^https?:\/\/creativecommons\.org\/licenses\/([a-z-]+)\/(\d\.\d)\/?$/i.exec(url)
  if (fromUrl) {
    const parts = fromUrl[1]!.toLowerCase().split('-')
    if (parts[0] === 'by' && parts.every((part) => elements[part])) {
      // ND was “NoDerivs” before 4.0.
      const names = parts.map((part) => (part === 'nd' && fromUrl[2] !== '4.0' ? 'NoDerivs' : elements[part]!))
      return {name: `Creative Commons ${names.join('-')} ${fromUrl[2]} ${scope(fromUrl[2]!)} License`, url: `https://creativecommons.org/licenses/${parts.join('-')}/${fromUrl[2]}/`, known: true}
    }
  }
  if (/^https?:\/\/creativecommons\.org\/publicdomain\/zero\/1\.0\/?$/i.test(url)) {
    return {name: 'CC0 1.0 Universal Public Domain Dedication', url: 'https://creativecommons.org/publicdomain/zero/1.0/', known: true}
  }
  return {name: written, url: /^https?:\/\/\S+$/i.test(url) ? url : undefined, known: false}
}
