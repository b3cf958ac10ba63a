import {execFile, execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {promisify} from 'node:util'
import JSZip from 'jszip'

const run = promisify(execFile)

/** The PDF's text in reading order (pdftotext -layout off), optionally one page range. */
export function pdfText(path: string, pages?: {first: number; last: number}): string {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : []
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, path, '-'], {encoding: 'utf8'})
}

/** pdfinfo's fields as a map. */
export function pdfInfo(path: string): Record<string, string> {
  const output = execFileSync('pdfinfo', ['-enc', 'UTF-8', path], {encoding: 'utf8'})
  return Object.fromEntries(output.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]))
}

/** pdffonts' rows: name, type, embedded. */
export function pdfFonts(path: string): Array<{name: string; type: string; embedded: boolean}> {
  const lines = execFileSync('pdffonts', [path], {encoding: 'utf8'}).split('\n').slice(2).filter(Boolean)
  return lines.map((line) => {
    const match = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)/.exec(line)
    return {name: match?.[1] ?? line, type: match?.[2] ?? '', embedded: match?.[4] === 'yes'}
  })
}

export interface EpubcheckReport {
  messages: Array<{ID: string; severity: string; message: string; locations: Array<{path: string; line: number}>}>
  checker: {nFatal: number; nError: number; nWarning: number}
}

/** epubcheck's JSON report for one EPUB (java -jar, as /usr/bin/epubcheck cannot run here). */
export async function epubcheck(path: string): Promise<EpubcheckReport> {
  const result = await run('java', ['-jar', '/usr/share/java/epubcheck.jar', '--json', '-', path], {maxBuffer: 64 * 1024 * 1024}).catch(
    (error: {stdout?: string}) => ({stdout: error.stdout ?? ''})
  )
  const json = result.stdout.slice(result.stdout.indexOf('{'))
  return JSON.parse(json) as EpubcheckReport
}

/** Every text file of an EPUB, by its path in the zip. */
export async function epubFiles(path: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(path))
  const files = new Map<string, string>()
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!entry.dir && /\.(xhtml|opf|ncx|css|xml)$|^mimetype$/.test(name)) files.set(name, await entry.async('string'))
  }
  return files
}

/** The notes of an HTML or XHTML notes section: number → text, in document order. */
export function notesOf(markup: string): Array<{number: number; text: string}> {
  const notes: Array<{number: number; text: string}> = []
  for (const match of markup.matchAll(/<li class="note" id="note-(\d+)"[^>]*>([\s\S]*?)<\/li>/g)) {
    const text = match[2]!.replace(/<[^>]+>/g, '').replace(/&#x26;|&amp;/g, '&').replace(/↩\d*/g, '').replace(/\s+/g, ' ').trim()
    notes.push({number: Number(match[1]), text: text.replace(/^\d+\.\s*/, '')})
  }
  return notes
}

/** Collapse runs of white space (pdftotext breaks lines and hyphenates). */
export function squash(text: string): string {
  return text.replace(/-\n/g, '-').replace(/\s+/g, ' ').trim()
}
