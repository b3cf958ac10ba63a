import {parse} from 'icc'
import * as mupdf from 'mupdf'

/** A printer's output profile, checked. */
export interface PressProfile {
  /** The profile's bytes, embedded as the PDF/X output intent. */
  data: Uint8Array
  /** Its description (`desc` tag), e.g. `Coated FOGRA39 (ISO 12647-2:2004)`: the output condition. */
  description: string
}

/** What is wrong with a file given as a press profile, for "Unexpected …, expected an ICC output profile for CMYK". */
export class PressProfileError extends Error {
  override name = 'PressProfileError'
}

/**
 * Check that the bytes are an ICC output profile for CMYK that a colour
 * engine can use: the `icc` package reads the header and tags, and MuPDF's
 * colour management (lcms2) must load it too. Throws a PressProfileError
 * saying what the file is instead.
 */
export function readPressProfile(data: Uint8Array): PressProfile {
  let header: ReturnType<typeof parse>
  try {
    header = parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  } catch (error) {
    throw new PressProfileError(`not an ICC profile (${(error as Error).message})`)
  }
  if (header.colorSpace !== 'CMYK') throw new PressProfileError(`an ICC profile for ${header.colorSpace ?? 'an unknown colour space'}, not CMYK`)
  if (header.deviceClass !== 'Printer') throw new PressProfileError(`an ICC ${header.deviceClass ?? 'unknown'} profile, not an output (printer) profile`)
  try {
    new mupdf.ColorSpace(data, header.description ?? 'CMYK').destroy()
  } catch (error) {
    throw new PressProfileError(`an ICC profile the colour engine cannot load (${(error as Error).message.split('\n')[0]})`)
  }
  return {data, description: header.description?.trim() || 'Custom CMYK'}
}
