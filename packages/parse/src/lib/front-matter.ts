import type {Point} from 'unist'
import type {Yaml} from 'mdast'
import type {VFile} from 'vfile'
import {load as loadLeniently} from 'js-yaml'
import {LineCounter, isMap, isScalar, parseDocument, type Document} from 'yaml'
import type {z} from 'zod'
import {didYouMeanHint} from './did-you-mean.js'
import {report} from './report.js'
import {frontMatterSchema, seriesConfigSchema, type FrontMatter, type SeriesConfig} from './schema.js'

declare module 'vfile' {
  interface DataMap {
    /**
     * Where each field of the front matter (or series config) was written:
     * `bibliography` at its key, `bibliography.1` at the second item of a
     * list. Later stages that judge a field's value (a path that leads out
     * of the folder) report at the field, not at 1:1.
     */
    fieldPlaces: Record<string, Point>
  }
}

/** Fields other tools put in front matter, read as ours with a warning. */
const aliases: Readonly<Record<string, keyof FrontMatter>> = {author: 'authors', language: 'lang', description: 'abstract', tags: 'keywords'}

/**
 * Read, validate and position-check the YAML front matter of a paper.
 * Every problem becomes a message at the line and column of the offending key;
 * fields that fail validation are left out of the result, so later stages can
 * still run and report what they find.
 */
export function readFrontMatter(node: Yaml | undefined, file: VFile): Partial<FrontMatter> {
  if (!node) return {}
  const start = node.position?.start ?? {line: 1, column: 1}
  // The YAML text starts on the line after the opening `---`.
  return readYamlFields(node.value, start.line, frontMatterSchema.shape, file, 'front matter', refusedInPapers) as Partial<FrontMatter>
}

/** A field refused where it is written: what to say, and its rule. */
interface Refusal {
  reason: string
  ruleId: string
}

/**
 * Fields a paper may not set, though a series config may: papers can come
 * from untrusted authors, and these would run code (the series' editor
 * chooses plugins in `series.yaml`) or reach files and hosts outside the
 * paper (`images`: a site folder, remote hosts).
 */
const refusedInPapers: Readonly<Record<string, Refusal>> = {
  plugins: {reason: 'Unexpected `plugins` in front matter, expected plugins in `series.yaml` (a paper cannot load code)', ruleId: 'front-matter-plugins'},
  images: {
    reason: 'Unexpected `images` in front matter, expected `images` in `series.yaml` (a paper cannot choose where its images come from)',
    ruleId: 'front-matter-images'
  }
}

/** The fields of a series config file (`series.yaml`), checked like front matter. */
export function readSeriesConfig(file: VFile): Partial<SeriesConfig> {
  return readYamlFields(String(file.value), 0, seriesConfigSchema.shape, file, 'series config') as Partial<SeriesConfig>
}

/**
 * Validate a YAML mapping field by field against a schema's shape. `lineOffset`
 * is the file line just before the YAML text starts.
 */
function readYamlFields(
  text: string,
  lineOffset: number,
  shape: Readonly<Record<string, z.ZodType>>,
  file: VFile,
  what: string,
  refused: Readonly<Record<string, Refusal>> = {}
): Record<string, unknown> {
  const fields = Object.keys(shape)
  const counter = new LineCounter()
  const document = parseDocument(text, {lineCounter: counter, prettyErrors: false, uniqueKeys: false})
  const place = (offset: number | undefined): Point => {
    if (offset === undefined) return {line: Math.max(1, lineOffset), column: 1}
    const {line, col} = counter.linePos(offset)
    return {line: lineOffset + line, column: col}
  }

  const entries = yamlEntries(text, document, file, what, place)
  if (!entries) return {}

  const result: Record<string, unknown> = {}
  const seen = new Set<string>()
  const places: Record<string, Point> = {}
  file.data.fieldPlaces = places
  for (const entry of entries) {
    const {rawKey} = entry
    const keyPlace = place(entry.keyOffset)
    if (seen.has(rawKey)) {
      // Jekyll and most YAML readers keep the last value; so do we, but say so.
      report(file, {
        reason: `Unexpected second \`${rawKey}\` in ${what}, expected each field once (the last one is used)`,
        ruleId: 'front-matter-duplicate',
        severity: 'warning',
        place: keyPlace
      })
    }
    seen.add(rawKey)
    const refusal = refused[rawKey]
    if (refusal) {
      report(file, {reason: refusal.reason, ruleId: refusal.ruleId, severity: 'error', place: keyPlace})
      continue
    }
    let key = rawKey
    const alias = aliases[rawKey]
    if (alias && fields.includes(alias) && !entries.some((other) => other.rawKey === alias)) {
      report(file, {
        reason: `Unexpected field \`${rawKey}\`, expected \`${alias}\` (read as \`${alias}\`)`,
        ruleId: 'front-matter-unknown',
        severity: 'warning',
        place: keyPlace
      })
      key = alias
    } else if (!fields.includes(rawKey)) {
      report(file, {
        reason: `Unexpected unknown field \`${rawKey}\`${didYouMeanHint(rawKey, fields)}, expected one of ${fields.join(', ')}`,
        ruleId: 'front-matter-unknown',
        severity: 'warning',
        place: keyPlace
      })
      continue
    }
    let value: unknown = entry.value
    if (key === 'authors' && typeof value === 'string') value = [value]
    if (key === 'keywords' && typeof value === 'string') value = value.split(',').map((k) => k.trim()).filter(Boolean)
    if (value instanceof Date) value = value.toISOString().slice(0, 10)
    if (typeof value === 'number' && key !== 'series') value = String(value)
    const schema = shape[key]!
    const checked = schema.safeParse(value === null ? undefined : value)
    if (checked.success) {
      result[key] = checked.data
      places[key] = keyPlace
      if (Array.isArray(checked.data) && !entry.lenient) {
        checked.data.forEach((_, index) => {
          const item = findPath(document, [rawKey, index])
          if (item?.offset !== undefined) places[`${key}.${index}`] = place(item.offset)
        })
      }
      // A mapping's fields too (`print.icc`), for a path judged later.
      if (isPlainObject(checked.data) && !entry.lenient) {
        for (const field of Object.keys(checked.data)) {
          const item = findPath(document, [rawKey, field])
          if (item?.offset !== undefined) places[`${key}.${field}`] = place(item.offset)
        }
      }
      continue
    }
    const issue = narrow(checked.error.issues[0])
    const at = issue && issue.path.length > 0 && !entry.lenient ? findPath(document, [rawKey, ...issue.path]) : undefined
    report(file, {
      reason: `Unexpected ${describe(at?.value ?? value)} for \`${[rawKey, ...(issue?.path ?? [])].join('.')}\`, expected ${expectation(issue)}`,
      ruleId: 'front-matter-type',
      severity: 'error',
      place: place(at?.offset ?? entry.keyOffset)
    })
  }
  return result
}

interface YamlEntry {
  rawKey: string
  value: unknown
  /** Where the key starts in the YAML text. */
  keyOffset: number | undefined
  /** Read by the lenient fallback: no positions inside the value. */
  lenient?: boolean
}

/**
 * The top-level fields of a YAML mapping, with positions. YAML that the
 * strict 1.2 parser refuses but Jekyll's reader takes (a quoted string whose
 * next line is not indented, common in real front matter) is read leniently,
 * with a warning; YAML nobody can read is an error.
 */
function yamlEntries(text: string, document: Document, file: VFile, what: string, place: (offset: number | undefined) => Point): YamlEntry[] | undefined {
  const yamlError = document.errors[0]
  if (yamlError) {
    const problem = lowerFirst(yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '')
    let lenient: unknown
    try {
      lenient = loadLeniently(text)
    } catch {
      lenient = undefined
    }
    if (lenient && typeof lenient === 'object' && !Array.isArray(lenient)) {
      report(file, {
        reason: `Unexpected YAML that only lenient readers accept in ${what} (${problem}), expected valid YAML 1.2; read as Jekyll reads it`,
        ruleId: 'front-matter-lenient',
        severity: 'warning',
        place: place(yamlError.pos[0])
      })
      return Object.entries(lenient as Record<string, unknown>).map(([rawKey, value]) => {
        const match = new RegExp(`^${rawKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'm').exec(text)
        return {rawKey, value: value instanceof Date ? value.toISOString().slice(0, 10) : value, keyOffset: match?.index, lenient: true}
      })
    }
    report(file, {
      reason: `Unexpected YAML error in ${what} (${problem}), expected valid YAML${quoteHint(text, yamlError.pos[0])}`,
      ruleId: 'front-matter-yaml',
      severity: 'error',
      place: place(yamlError.pos[0])
    })
    return undefined
  }
  if (document.contents === null || document.contents === undefined) return []
  if (!isMap(document.contents)) {
    report(file, {
      reason: `Unexpected ${what} that is not a mapping, expected \`key: value\` lines`,
      ruleId: 'front-matter-yaml',
      severity: 'error',
      place: place(document.contents.range?.[0])
    })
    return undefined
  }
  return document.contents.items.map((pair) => ({
    rawKey: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
    value: pair.value === null ? null : (pair.value as {toJSON(): unknown}).toJSON(),
    keyOffset: isScalar(pair.key) ? pair.key.range?.[0] : undefined
  }))
}

/** Of a union's failures, the one from the member the value was meant to be. */
function narrow(issue: z.core.$ZodIssue | undefined): z.core.$ZodIssue | undefined {
  if (issue?.code !== 'invalid_union') return issue
  for (const branch of issue.errors) {
    const first = branch[0]
    if (first && !(first.code === 'invalid_type' && first.path.length === 0)) {
      const inner = narrow(first)
      return inner && {...inner, path: [...issue.path, ...inner.path]}
    }
  }
  return issue
}

function findPath(document: Document, path: ReadonlyArray<PropertyKey>): {value: unknown; offset: number | undefined} | undefined {
  const node = document.getIn(path.map((p) => (typeof p === 'symbol' ? String(p) : p)), true) as
    | {range?: [number, number, number]; toJSON?: () => unknown}
    | undefined
  if (!node) return undefined
  return {value: node.toJSON ? node.toJSON() : node, offset: node.range?.[0]}
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'empty value'
  if (typeof value === 'string') return `\`${value.length > 40 ? value.slice(0, 40) + '…' : value}\``
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `\`${String(value)}\``
}

function expectation(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'a valid value'
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`
    case 'invalid_union':
      return 'a name, or a mapping of the documented fields'
    case 'too_small':
      return 'a non-empty value'
    case 'unrecognized_keys':
      return `none of ${issue.keys.map((k) => '`' + k + '`').join(', ')}`
    case 'invalid_value':
      return alternatives(issue.values.map((value) => '`' + String(value) + '`'))
    case 'too_big':
      return 'a shorter value'
    // Our own schema's wording ("a date as YYYY-MM-DD"), never zod's.
    case 'invalid_format':
    case 'custom':
      return issue.message
    default:
      return 'a valid value'
  }
}

/** `a`, `a or b`, `a, b or c`. */
function alternatives(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? 'a valid value') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

/**
 * The likeliest cause of a YAML error in front matter is a value with a
 * colon left unquoted (`title: Policy: a new approach`): say how to fix it.
 */
function quoteHint(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1
  const lineEnd = text.indexOf('\n', offset)
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd)
  const match = /^(\s*(?:-\s+)?[\w-]+):\s+([^'"{[|>#&*!%@`\s].*:\s.*)$/.exec(line)
  if (!match) return ''
  const value = match[2]!.trim()
  return `; a value with \`: \` in it must be quoted: \`${match[1]!.trim()}: "${value.replace(/["\\]/g, '\\$&')}"\``
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
