import {realpath} from 'node:fs/promises'
import {isAbsolute, relative, resolve, sep} from 'node:path'
import {report} from '@offprint/parse/report'
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'

/** A path a paper (or series config) names, resolved: the real file, or why not. */
export type Resolved =
  | {ok: true; path: string}
  | {ok: false; problem: 'remote' | 'outside' | 'missing'; path?: string | undefined}

/**
 * The one gate every file a paper names goes through — images, cover,
 * bibliography, CSL style, and the paths of series.yaml. `name` is taken
 * relative to `folder`; a URL, an absolute path, a `../` that climbs out, or
 * a symlink whose target is outside (the folder's own symlinks resolved too)
 * is refused, so nothing outside the folder is ever read. A name that does
 * not exist is `missing`, but only once it is known to point inside: the
 * answer must not tell whether some outside file exists.
 */
export async function resolveInside(name: string, folder: string): Promise<Resolved> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(name)) return {ok: false, problem: 'remote'}
  if (isAbsolute(name) || /^[\\/]/.test(name)) return {ok: false, problem: 'outside'}
  const path = resolve(folder, name)
  if (!within(path, resolve(folder))) return {ok: false, problem: 'outside'}
  const root = await realpath(folder).catch(() => resolve(folder))
  const real = await realpath(path).catch(() => undefined)
  if (real === undefined) return {ok: false, problem: 'missing', path}
  if (!within(real, root)) return {ok: false, problem: 'outside'}
  return {ok: true, path: real}
}

/** Whether `target` is `root` or below it; `root` itself is not a file anyone names. */
function within(target: string, root: string): boolean {
  return target !== root && target.startsWith(root.endsWith(sep) ? root : root + sep)
}

/** What a refused path is called in messages. */
export interface Refusal {
  /** `image`, `cover`, `bibliography`, `CSL style`, `logo`… */
  what: string
  /** The path as written. */
  name: string
  /** The folder it must be inside, and what that folder is (`the paper’s folder`). */
  folder: string
  folderName: string
  /** What a good value is, for "expected …": `a .csl file`. */
  expected: string
  ruleId: string
  place?: Point | Position | undefined
}

/** Report a refused path the same way for every field: "Unexpected X `name` outside …, expected …". */
export function reportRefusal(file: VFile, result: Exclude<Resolved, {ok: true}>, refusal: Refusal): void {
  const where = relative(process.cwd(), refusal.folder) || '.'
  const found =
    result.problem === 'remote'
      ? `remote ${refusal.what} \`${refusal.name}\``
      : result.problem === 'outside'
        ? `${refusal.what} \`${refusal.name}\` outside ${refusal.folderName}`
        : `missing ${refusal.what} \`${refusal.name}\``
  const expected = result.problem === 'remote' ? `${refusal.expected} in ${refusal.folderName} (papers are built offline)` : `${refusal.expected} inside ${where}`
  report(file, {reason: `Unexpected ${found}, expected ${expected}`, ruleId: refusal.ruleId, severity: 'error', place: refusal.place})
}

/** Where a front matter (or series config) field was written, as the parser recorded it. */
export function fieldPlace(file: VFile, key: string, index?: number): Point | undefined {
  const places = file.data.fieldPlaces
  return (index === undefined ? undefined : places?.[`${key}.${index}`]) ?? places?.[key]
}
