import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

const run = promisify(execFile)

export interface AceReport {
  'earl:result': {'earl:outcome': 'pass' | 'fail'}
  assertions: Array<{
    'earl:testSubject': {url: string}
    assertions: Array<{'earl:test': {'dct:title': string; 'earl:impact': string}; 'earl:result': {html?: string; 'dct:description'?: string}}>
  }>
  'a11y-metadata': {missing: string[]; present: string[]}
  properties: Record<string, boolean>
}

/**
 * DAISY Ace's JSON report on one EPUB: its CLI (a devDependency) on the
 * system Chromium through its puppeteer runner.
 */
export async function ace(epub: string): Promise<AceReport> {
  const out = mkdtempSync(join(tmpdir(), 'offprint-ace-'))
  try {
    await run(join(process.cwd(), 'node_modules', '.bin', 'ace-cli'), ['--silent', '--outdir', out, '--force', epub], {
      env: {...process.env, PUPPETEER_EXECUTABLE_PATH: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium'},
      maxBuffer: 16 * 1024 * 1024
    }).catch((error: Error & {stderr?: string}) => {
      // It may exit non-zero on violations; the report says what they are.
      if (!existsSync(join(out, 'report.json'))) throw new Error(`Ace failed on ${epub}: ${error.stderr ?? error.message}`)
    })
    return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AceReport
  } finally {
    rmSync(out, {recursive: true, force: true})
  }
}

/** Every assertion (violation) in a report, one line each: file, rule, impact, the element. */
export function violations(report: AceReport): string[] {
  return report.assertions.flatMap((subject) =>
    subject.assertions.map(
      (assertion) =>
        `${subject['earl:testSubject'].url}: ${assertion['earl:test']['dct:title']} (${assertion['earl:test']['earl:impact']}) ${(assertion['earl:result'].html ?? assertion['earl:result']['dct:description'] ?? '').slice(0, 200)}`
    )
  )
}
