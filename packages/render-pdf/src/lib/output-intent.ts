import {readFileSync} from 'node:fs'
import {deflateSync} from 'node:zlib'
import type {PDFDocument} from 'mupdf'

/** Debian icc-profiles-free’s sRGB (zlib licence; `icc/NOTICE` beside it). */
const profileUrl = new URL('../../icc/sRGB.icc', import.meta.url)

/**
 * The sRGB output intent PDF/A asks for: Chromium paints in DeviceRGB,
 * which an archive can only reproduce when the file says what RGB means.
 */
export function writeOutputIntent(document: PDFDocument): void {
  const profile = document.addRawStream(deflateSync(readFileSync(profileUrl)), {N: 3, Filter: 'FlateDecode'})
  const intent = document.addObject({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: '(sRGB IEC61966-2.1)',
    Info: '(sRGB IEC61966-2.1)',
    RegistryName: '(http://www.color.org)',
    DestOutputProfile: profile
  })
  document.getTrailer().get('Root').put('OutputIntents', [intent])
}
