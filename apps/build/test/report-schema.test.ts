import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {Ajv2020} from 'ajv/dist/2020.js'
import {describe, expect, it} from 'vitest'

const cli = resolve('apps/build/dist/cli.js')
const schemaPath = resolve('apps/build/schema/report.schema.json')
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object
const validate = new Ajv2020({allErrors: true, strict: true, strictRequired: false}).compile(schema)
const manifest = JSON.parse(readFileSync(resolve('apps/build/package.json'), 'utf8')) as {version: string; files: string[]; exports: Record<string, unknown>}

function report(args: string[], cwd: string): {status: number | null; json: unknown} {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8', env: {...process.env, CI: 'true'}})
  return {status: result.status, json: JSON.parse(result.stdout) as unknown}
}

const errorsOf = (value: unknown) => (validate(value) ? [] : validate.errors!.map((error) => `${error.instancePath} ${error.message}`))

describe('the --json report and its JSON Schema', () => {
  it('is shipped in the package and exported', () => {
    expect(manifest.files).toContain('schema')
    expect(manifest.exports['./schema/report.schema.json']).toBe('./schema/report.schema.json')
  })

  it('build, check and catalog reports of real papers validate, and carry the version', () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-schema-'))
    writeFileSync(join(folder, 'good.md'), '---\ntitle: Good\nauthors: [A. Writer]\nkeywords: [x]\n---\n\nText [link](/relative).\n')
    writeFileSync(join(folder, 'bad.md'), '---\ntitle: Bad\ndate: 28/03/2025\n---\n\nText [^missing].\n')
    const built = report(['build', '--json', '--to', 'html', '--no-cache', '--out', 'out', '.'], folder)
    expect(built.status).toBe(1)
    expect(errorsOf(built.json)).toEqual([])
    expect(built.json).toMatchObject({version: 1, offprint: manifest.version, summary: {papers: 2, built: 1, failed: 1}})
    const checked = report(['check', '--json', '.'], folder)
    expect(errorsOf(checked.json)).toEqual([])
    writeFileSync(join(folder, 'report.json'), JSON.stringify(built.json))
    const merged = report(['catalog', '--json', '--out', 'out', 'report.json'], folder)
    expect(errorsOf(merged.json)).toEqual([])
    expect(merged.json).toMatchObject({version: 1})
  }, 60_000)

  it('rejects a report that breaks it (the schema is not vacuous)', () => {
    const good = {version: 1, offprint: '0.1.0', papers: [], summary: {papers: 0, built: 0, failed: 0, durationMs: 1}}
    expect(errorsOf(good)).toEqual([])
    expect(errorsOf({...good, version: 2})).not.toEqual([])
    const {version: _dropped, ...unversioned} = good
    expect(errorsOf(unversioned)).not.toEqual([])
    const paper = {slug: 'a', path: 'a.md', status: 'built', cache: null, meta: null, durationMs: 1, errors: 0, warnings: 0, messages: [], artifacts: []}
    expect(errorsOf({...good, papers: [paper]})).toEqual([])
    expect(errorsOf({...good, papers: [{...paper, status: 'done'}]})).not.toEqual([])
    expect(errorsOf({...good, papers: [{...paper, messages: [{file: 'a.md', line: 0, column: 1, severity: 'error', ruleId: null, reason: 'x'}]}]})).not.toEqual([])
  })
})
