import {execFile} from 'node:child_process'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

const run = promisify(execFile)

export interface ConvertOptions {
  /** The Ghostscript executable. Default: `OFFPRINT_GHOSTSCRIPT`, else `gs` on the PATH. */
  executable?: string | undefined
  /** Give up after this long, in milliseconds. Default: 60 s. */
  timeout?: number | undefined
}

/** Ghostscript missing or failing: the press edition cannot be made. */
export class GhostscriptError extends Error {
  override name = 'GhostscriptError'
}

/**
 * Convert every colour of a PDF to the CMYK of an ICC output profile with
 * Ghostscript's pdfwrite (a subprocess, `-dSAFER`, in a folder of its own):
 * RGB paint and images through the profile (lcms2, the profile's default
 * intent), DeviceGray to the black plate alone (`DeviceGrayToK`), images
 * kept lossless (Flate, never re-encoded as JPEG) at their resolution.
 * pdfwrite drops the structure tree, so this is for the press copy only.
 */
export async function convertToCmyk(pdf: Uint8Array, profile: Uint8Array, options: ConvertOptions = {}): Promise<Uint8Array> {
  const executable = options.executable ?? process.env.OFFPRINT_GHOSTSCRIPT ?? 'gs'
  const folder = await mkdtemp(join(tmpdir(), 'offprint-press-'))
  try {
    const input = join(folder, 'in.pdf')
    const icc = join(folder, 'press.icc')
    const output = join(folder, 'out.pdf')
    await Promise.all([writeFile(input, pdf), writeFile(icc, profile)])
    const args = [
      '-q',
      '-dSAFER',
      '-dBATCH',
      '-dNOPAUSE',
      `--permit-file-read=${folder}/`,
      '-sDEVICE=pdfwrite',
      '-dCompatibilityLevel=1.6',
      '-sColorConversionStrategy=CMYK',
      '-dProcessColorModel=/DeviceCMYK',
      `-sOutputICCProfile=${icc}`,
      '-dDeviceGrayToK=true',
      '-dAutoRotatePages=/None',
      '-dEmbedAllFonts=true',
      '-dAutoFilterColorImages=false',
      '-dAutoFilterGrayImages=false',
      '-dColorImageFilter=/FlateEncode',
      '-dGrayImageFilter=/FlateEncode',
      '-dDownsampleColorImages=false',
      '-dDownsampleGrayImages=false',
      `-sOutputFile=${output}`,
      input
    ]
    try {
      await run(executable, args, {timeout: options.timeout ?? 60_000, maxBuffer: 16 * 1024 * 1024})
    } catch (error) {
      const {code, stderr, killed} = error as NodeJS.ErrnoException & {stderr?: string; killed?: boolean}
      if (code === 'ENOENT') throw new GhostscriptError(`Ghostscript (\`${executable}\`) is not installed; the press edition needs it (Debian: apt-get install ghostscript)`)
      throw new GhostscriptError(killed ? `Ghostscript took over ${Math.round((options.timeout ?? 60_000) / 1000)} s` : `Ghostscript failed: ${(stderr || String(error)).trim().split('\n')[0]}`)
    }
    return new Uint8Array(await readFile(output))
  } finally {
    await rm(folder, {recursive: true, force: true})
  }
}
