import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {jsonSchemas} from '@offprint/parse'

describe('the schema as the single source', () => {
  it('gives JSON Schemas equal to the committed files editors use', () => {
    const schemas = jsonSchemas()
    expect(JSON.parse(readFileSync('packages/parse/schema/paper.schema.json', 'utf8'))).toEqual(schemas.paper)
    expect(JSON.parse(readFileSync('packages/parse/schema/series.schema.json', 'utf8'))).toEqual(schemas.series)
    expect(schemas.paper).toMatchObject({required: ['title'], properties: {date: {pattern: '^\\d{4}-\\d{2}-\\d{2}$'}}})
  })

  it('keeps the README field tables generated from it', () => {
    const result = spawnSync(process.execPath, ['scripts/generate-docs.mjs', '--check'], {encoding: 'utf8'})
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const readme = readFileSync('README.md', 'utf8')
    for (const field of Object.keys(jsonSchemas().paper.properties as object)) expect(readme).toContain(`| \`${field}\` |`)
  })
})
