#!/usr/bin/env node
// The paper schema (zod, in packages/parse) is the single source of the JSON
// Schema files editors' IDEs read and of the field tables in README.md. This
// writes both; `--check` only verifies they are up to date (run by the tests).
import {readFileSync, writeFileSync, mkdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {jsonSchemas} from '@offprint/parse'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const check = process.argv.includes('--check')
const schemas = jsonSchemas()
const outputs = new Map()

for (const [name, schema] of Object.entries(schemas)) {
  outputs.set(join(root, 'packages/parse/schema', `${name}.schema.json`), JSON.stringify(schema, null, 2) + '\n')
}

function typeOf(node) {
  if (!node) return 'any'
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(' or ')
  if (node.anyOf) return node.anyOf.map(typeOf).join(', or ')
  if (node.type === 'array') return `list of ${typeOf(node.items)}`
  if (node.type === 'object') return `{${Object.keys(node.properties ?? {}).join(', ')}}`
  if (node.format === 'uri') return 'URL'
  if (node.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '`YYYY-MM-DD`'
  return node.type ?? 'any'
}

function table(schema) {
  const required = new Set(schema.required ?? [])
  const rows = Object.entries(schema.properties).map(
    ([key, node]) => `| \`${key}\` | ${typeOf(node).replace(/\|/g, '\\|')}${required.has(key) ? ', required' : ''} | ${(node.description ?? '').replace(/\|/g, '\\|')} |`
  )
  return ['| field | type | meaning |', '| --- | --- | --- |', ...rows].join('\n')
}

const readmePath = join(root, 'README.md')
let readme = readFileSync(readmePath, 'utf8')
for (const name of Object.keys(schemas)) {
  const start = `<!-- fields:${name}:start -->`
  const end = `<!-- fields:${name}:end -->`
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from === -1 || to === -1) throw new Error(`README.md lacks the markers ${start} … ${end}`)
  readme = readme.slice(0, from + start.length) + '\n' + table(schemas[name]) + '\n' + readme.slice(to)
}
outputs.set(readmePath, readme)

let stale = 0
for (const [path, text] of outputs) {
  let current = ''
  try {
    current = readFileSync(path, 'utf8')
  } catch {}
  if (current === text) continue
  if (check) {
    stale++
    console.error(`generate-docs: ${path} is out of date with the schema; run node scripts/generate-docs.mjs`)
  } else {
    mkdirSync(dirname(path), {recursive: true})
    writeFileSync(path, text)
    console.error(`generate-docs: wrote ${path}`)
  }
}
process.exit(stale > 0 ? 1 : 0)
