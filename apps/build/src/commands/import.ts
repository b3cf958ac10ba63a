import {existsSync, readFileSync, statSync} from 'node:fs'
import {basename, extname, relative, resolve} from 'node:path'
import {DocxError, importDocx} from '../core/import/import-docx.js'
import {writePaperFolder} from '../core/import/write-paper-folder.js'
import {countMessages} from '../core/format-messages.js'
import type {Flags} from './parse-args.js'
import type {Io} from './run.js'
import {describeMessages, plain} from './terminal.js'

const usage = 'Usage: offprint import <manuscript.docx> [-o papers/<slug>/] [--force]\n'

/**
 * `offprint import manuscript.docx`: a Word manuscript as a paper folder
 * (index.md, images/, references.json) that builds as it is. What the
 * markdown cannot carry is said as warnings at the Word paragraph
 * (`manuscript.docx:12:1: warning: …`, the line being the paragraph's number).
 */
export async function runImport(paths: string[], flags: Flags, io: Io): Promise<number> {
  if (paths.length !== 1) return io.stderr(`offprint: import takes one .docx file, not ${paths.length}\n${usage}`), 2
  const source = resolve(io.cwd, paths[0]!)
  if (!existsSync(source)) return io.stderr(`offprint: no such file: ${paths[0]}\n${usage}`), 2
  if (statSync(source).isDirectory()) return io.stderr(`offprint: ${paths[0]} is a folder, expected a .docx file\n${usage}`), 2
  const target = resolve(io.cwd, flags.out ?? `papers/${slugOf(source)}`)
  const shown = relative(io.cwd, target) || '.'
  if (existsSync(target) && !flags.force) {
    io.stderr(`offprint: ${shown}/ already exists; nothing was written (--force replaces it)\n`)
    return 2
  }
  let imported: Awaited<ReturnType<typeof importDocx>>
  try {
    imported = await importDocx(readFileSync(source), paths[0]!)
  } catch (error) {
    if (!(error instanceof DocxError)) throw error
    io.stderr(`${paths[0]}: not a Word document (${error.message})\n`)
    return 1
  }
  for (const line of describeMessages(imported.file, io.terminal ?? plain, flags.quiet)) io.stderr(line + '\n')
  writePaperFolder(target, imported.files, flags.force === true)
  if (!flags.quiet) {
    const {notes, images, references} = imported.counts
    const {warnings} = countMessages(imported.file)
    const parts = [`${notes} note${notes === 1 ? '' : 's'}`, `${images} image${images === 1 ? '' : 's'}`, ...(references ? [`${references} reference${references === 1 ? '' : 's'}`] : [])]
    io.stdout(`✓ ${paths[0]} → ${shown}/index.md (${parts.join(', ')})${warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'}: what Word had that the paper does not` : ''}\n`)
  }
  return 0
}

/** The folder name a manuscript gets by default: its file name, lower case, words joined by `-`. */
export function slugOf(path: string): string {
  return (
    basename(path, extname(path))
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'imported'
  )
}
