import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {report} from '@offprint/parse/report'
import {formatMessages, run} from '@offprint/build'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** A paper with 38 warnings of one kind (as CMS exports give), two of another, and two errors. */
function noisy(): VFile {
  const file = new VFile({path: 'papers/cms.md', value: ''})
  for (let line = 40; line < 78; line++) report(file, {reason: `Unexpected raw HTML \`<span>\` on line ${line}, expected markdown`, ruleId: 'html-raw', severity: 'warning', place: {line, column: 3}})
  report(file, {reason: 'Unexpected relative link `/a`, expected an absolute URL', ruleId: 'link-relative', severity: 'warning', place: {line: 12, column: 5}})
  report(file, {reason: 'Unexpected relative link `/b`, expected an absolute URL', ruleId: 'link-relative', severity: 'warning', place: {line: 90, column: 1}})
  report(file, {reason: 'Unexpected `[^1]`, expected a definition', ruleId: 'note-undefined', severity: 'error', place: {line: 7, column: 2}})
  report(file, {reason: 'Unexpected `[^2]`, expected a definition', ruleId: 'note-undefined', severity: 'error', place: {line: 8, column: 2}})
  return file
}

describe('messages for people', () => {
  it('print one line per kind of warning, at its first place, counting the rest', () => {
    expect(formatMessages(noisy())).toEqual([
      'papers/cms.md:7:2: error: Unexpected `[^1]`, expected a definition [note-undefined]',
      'papers/cms.md:8:2: error: Unexpected `[^2]`, expected a definition [note-undefined]',
      'papers/cms.md:12:5: warning: Unexpected relative link `/a`, expected an absolute URL (and 1 more: line 90) [link-relative]',
      'papers/cms.md:40:3: warning: Unexpected raw HTML `<span>` on line 40, expected markdown (and 37 more: lines 41, 42, 43, 44, 45, …) [html-raw]'
    ])
  })

  it('keep each error, and a warning of another file (the bibliography) apart', () => {
    const file = noisy()
    const other = file.message('Unexpected field, expected a known one', {place: {line: 3, column: 1}, ruleId: 'html-raw', source: 'offprint'})
    other.file = 'papers/refs.bib'
    other.fatal = false
    const lines = formatMessages(file)
    expect(lines.filter((line) => line.includes('[note-undefined]'))).toHaveLength(2)
    expect(lines).toContain('papers/refs.bib:3:1: warning: Unexpected field, expected a known one [html-raw]')
  })
})

describe('the CLI', () => {
  it('prints a repeated warning once with a count, and --json keeps every message', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-grouped-'))
    const rows = Array.from({length: 24}, (_, index) => `| <span class="c">${index}</span> | x |`)
    writeFileSync(join(folder, 'cms.md'), ['---', 'title: CMS', '---', '', '| A | B |', '| --- | --- |', ...rows, ''].join('\n'))
    let stderr = ''
    let stdout = ''
    const io = {stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), cwd: folder, version: '9.9.9'}
    expect(await run(['check', 'cms.md'], io)).toBe(0)
    const lines = stderr.split('\n').filter((line) => line.includes('[html-raw]'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/cms\.md:7:3: warning: Unexpected raw HTML `<span>`, expected markdown \(raw HTML is sanitized\) \(and 23 more: lines 8, 9, 10, 11, 12, …\) \[html-raw\]$/)
    expect(stdout + stderr).toContain('24 warnings')
    stdout = ''
    await run(['check', '--json', 'cms.md'], io)
    const report = JSON.parse(stdout) as {papers: Array<{warnings: number; messages: Array<{ruleId: string; line: number}>}>}
    expect(report.papers[0]!.messages.filter((message) => message.ruleId === 'html-raw').map((message) => message.line)).toEqual(Array.from({length: 24}, (_, index) => index + 7))
    expect(report.papers[0]!.warnings).toBe(24)
  })
})
