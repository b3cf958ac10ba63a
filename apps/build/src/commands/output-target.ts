import {basename, dirname, extname, resolve} from 'node:path'
import type {Format} from '../core/build-series.js'

export const allFormats: ReadonlyArray<Format> = ['pdf', 'epub', 'html']

/** Where a build writes, and what. */
export interface OutputTarget {
  /** The output folder. */
  folder: string
  formats: Format[]
  /** The file stem of a single paper's artifacts, when `-o` named a file. */
  stem?: string | undefined
}

/** A usage problem with --to or -o: one line to say. */
export class TargetError extends Error {}

/** `--to pdf,epub`: the formats, in the order given; undefined when the flag is absent. */
export function parseFormats(value: string | undefined): Format[] | undefined {
  if (value === undefined) return undefined
  const names = value.split(',').map((name) => name.trim().toLowerCase())
  const wrong = names.filter((name) => !allFormats.includes(name as Format))
  if (wrong.length > 0 || names.length === 0) throw new TargetError(`--to takes pdf, epub and html, comma-separated, not \`${value}\``)
  return [...new Set(names as Format[])]
}

/**
 * What `-o` and `--to` mean together. `-o` is the output folder, unless it
 * ends in .pdf, .epub or .html: then it names the file of a single paper,
 * and, without --to, asks for that format alone. With several formats it
 * names the stem: `-o out/brief.pdf --to pdf,epub` writes out/brief.pdf and
 * out/brief.epub. A file name with several papers is a usage error.
 */
export function outputTarget(out: string | undefined, to: string | undefined, papers: number, cwd: string): OutputTarget {
  const formats = parseFormats(to)
  const extension = out === undefined ? '' : extname(out).slice(1).toLowerCase()
  if (out === undefined || !allFormats.includes(extension as Format)) return {folder: resolve(cwd, out ?? 'dist'), formats: formats ?? [...allFormats]}
  if (papers !== 1) throw new TargetError(`-o ${out} names one file, but there are ${papers} papers; give a folder for several`)
  if (formats && !formats.includes(extension as Format)) throw new TargetError(`-o ${out} names a .${extension} file, but --to asks for ${formats.join(', ')}`)
  return {folder: dirname(resolve(cwd, out)), formats: formats ?? [extension as Format], stem: basename(out, extname(out))}
}
