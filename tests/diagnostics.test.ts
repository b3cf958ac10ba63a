import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'

interface Report {
  papers: Array<{path: string; status: string; messages: Array<{line: number; column: number; severity: string; ruleId: string; reason: string}>}>
}

const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'check', '--json', 'tests/fixtures/diagnostics'], {encoding: 'utf8'})
const report = JSON.parse(result.stdout) as Report
const byFile = new Map(report.papers.map((paper) => [paper.path.replace('tests/fixtures/diagnostics/', ''), paper]))

// Each malformed input → the exact rule, severity and line:column reported.
const table: Array<[file: string, rule: string, severity: 'error' | 'warning', at: string]> = [
  ['front-matter-yaml.md', 'front-matter-yaml', 'error', '3:15'],
  ['front-matter-required.md', 'front-matter-required', 'error', '1:1'],
  ['front-matter-type.md', 'front-matter-type', 'error', '3:1'],
  ['front-matter-unknown.md', 'front-matter-unknown', 'warning', '3:1'],
  ['front-matter-duplicate.md', 'front-matter-duplicate', 'warning', '4:1'],
  ['front-matter-lenient.md', 'front-matter-lenient', 'warning', '3:27'],
  ['note-undefined.md', 'note-undefined', 'error', '5:20'],
  ['note-unused.md', 'note-unused', 'warning', '8:1'],
  ['note-duplicate.md', 'note-duplicate', 'error', '9:1'],
  ['note-empty.md', 'note-empty', 'error', '7:1'],
  ['image-missing/index.md', 'image-missing', 'error', '7:1'],
  ['image-outside/index.md', 'image-outside', 'error', '7:1'],
  ['html-raw.md', 'html-raw', 'warning', '7:1'],
  ['template-tag.md', 'template-tag', 'warning', '5:1'],
  ['heading-skip.md', 'heading-skip', 'warning', '7:1'],
  ['image-alt.md', 'image-alt', 'warning', '5:1'],
  ['lang-cjk-undeclared.md', 'lang-cjk-undeclared', 'warning', '5:34'],
  ['input-binary.md', 'input-binary', 'error', '1:4']
]

describe('offprint check --json on malformed papers', () => {
  it('exits 1 because some papers have errors, and reports every fixture', () => {
    expect(result.status).toBe(1)
    expect([...byFile.keys()].sort()).toEqual(table.map(([file]) => file).sort())
  })

  it.each(table)('%s → %s (%s) at %s', (file, rule, severity, at) => {
    const paper = byFile.get(file)!
    const found = paper.messages.map((m) => `${m.ruleId} ${m.severity} ${m.line}:${m.column}`)
    expect(found).toContain(`${rule} ${severity} ${at}`)
    expect(paper.status).toBe(severity === 'error' ? 'failed' : 'checked')
    for (const message of paper.messages) expect(message.reason).toMatch(/^Unexpected .+, expected /)
  })

  it('reports the second of two template tags and a script tag with its own wording', () => {
    expect(byFile.get('template-tag.md')!.messages.map((m) => `${m.line}:${m.column}`)).toEqual(['5:1', '7:7'])
    expect(byFile.get('html-raw.md')!.messages[1]!.reason).toContain('this element is removed')
  })
})
