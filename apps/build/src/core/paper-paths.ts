import {report} from '@offprint/parse/report'
import type {VFile} from 'vfile'
import type {PaperSource} from './find-papers.js'
import {fieldPlace, reportRefusal, resolveInside, type Refusal} from './resolve-inside.js'

export interface FieldPath {
  /** The front matter field (`cover`, `bibliography`, `csl`). */
  key: string
  /** Which item of a list field. */
  index?: number | undefined
  /** The path as the field gives it. */
  name: string
  what: string
  expected: string
  ruleId: string
}

/**
 * The real path of a file a front matter field names, or undefined (with a
 * positioned error at the field). A paper's own field is resolved inside the
 * paper's folder; a value it inherited from series.yaml was resolved inside
 * the series folder when the config was read (an error there stops the build).
 */
export async function resolveField(file: VFile, source: PaperSource, field: FieldPath): Promise<string | undefined> {
  const own = file.data.fieldPlaces?.[field.key] !== undefined
  const inherited = [source.config?.defaults[field.key as keyof typeof source.config.defaults]].flat()
  if (!own && inherited.includes(field.name)) return field.name
  const result = await resolveInside(field.name, source.folder)
  if (result.ok) return result.path
  const refusal: Refusal = {
    what: field.what,
    name: field.name,
    folder: source.folder,
    folderName: 'the paper’s folder',
    expected: field.expected,
    ruleId: field.ruleId,
    place: fieldPlace(file, field.key, field.index)
  }
  reportRefusal(file, result, refusal)
  return undefined
}

/** A `csl` value naming a file rather than a shipped style (`apa`): a path or a .csl name. */
export function isStylePath(value: string): boolean {
  return /[\\/]|\.csl$/i.test(value) || value.startsWith('.')
}

/** The real path of the .csl file `csl` names, or undefined (with an error at the field). */
export async function resolveStyle(file: VFile, source: PaperSource, style: string): Promise<string | undefined> {
  if (/\.csl$/i.test(style)) return resolveField(file, source, {key: 'csl', name: style, what: 'CSL style', expected: 'a .csl file', ruleId: 'citation-style'})
  report(file, {reason: `Unexpected CSL style \`${style}\`, expected a style name or a .csl file`, ruleId: 'citation-style', severity: 'error', place: fieldPlace(file, 'csl')})
  return undefined
}
