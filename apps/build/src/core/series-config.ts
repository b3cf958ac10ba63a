import {existsSync, readFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {dirname, join, relative} from 'node:path'
import type {FrontMatter, SeriesConfig} from '@offprint/parse/config'
import {report} from '@offprint/parse/report'
import {VFile} from 'vfile'
import {isStylePath} from './paper-paths.js'
import {fieldPlace, reportRefusal, resolveInside} from './resolve-inside.js'
import {resolvePlugins, type SeriesPlugin} from './series-plugins.js'

/** A loaded `series.yaml`: the defaults papers inherit, with paths made absolute. */
export interface LoadedSeriesConfig {
  path: string
  /** Front matter defaults (paper fields win). */
  defaults: Partial<FrontMatter>
  /** Absolute path of the logo image, if any. */
  logo?: string | undefined
  /** Absolute path of the theme override stylesheet, if any. */
  themeCss?: string | undefined
  /**
   * The series' remark and rehype plugins, found but not imported (that
   * happens once per build, when the series' processor is made).
   */
  plugins?: SeriesPlugin[] | undefined
  /** Depositor and registrant for `offprint crossref`. */
  crossref?: SeriesConfig['crossref'] | undefined
  /** The file, carrying any messages about the config itself. */
  file: VFile
}

const configName = 'series.yaml'

/** Where the series config of a paper is: beside the paper, else one folder up. */
export function findSeriesConfig(paperFolder: string): string | undefined {
  for (const folder of [paperFolder, dirname(paperFolder)]) {
    const path = join(folder, configName)
    if (existsSync(path)) return path
  }
  return undefined
}

/**
 * Read and check a series config. Paths in it (bibliography, csl files, cover,
 * press profile, logo, theme css) are relative to the config, must stay inside its folder
 * (symlinks resolved; an error `series-path` otherwise) and are made absolute
 * here, so every paper that inherits them finds the same files.
 */
export async function loadSeriesConfig(path: string): Promise<LoadedSeriesConfig> {
  const file = new VFile({path: relative(process.cwd(), path) || path, value: readFileSync(path, 'utf8')})
  // YAML and the schema load only for a series that has a config.
  const {readSeriesConfig} = await import('@offprint/parse/config')
  const config: Partial<SeriesConfig> = readSeriesConfig(file)
  const folder = dirname(path)
  const {logo, theme, plugins, crossref, ...defaults} = config
  // Every path of the config goes through the one resolver, confined to the series folder.
  const inside = async (key: string, name: string, what: string, expected: string, index?: number) => {
    const result = await resolveInside(name, folder)
    if (result.ok) return result.path
    reportRefusal(file, result, {what, name, folder, folderName: 'the series folder', expected, ruleId: 'series-path', place: fieldPlace(file, key, index)})
    return undefined
  }
  const bibliography = [defaults.bibliography ?? []].flat()
  const resolved: string[] = []
  for (const [index, name] of bibliography.entries()) {
    const real = await inside('bibliography', name, 'bibliography', 'a .bib, .json or .yaml file', index)
    if (real) resolved.push(real)
  }
  if (typeof defaults.bibliography === 'string') defaults.bibliography = resolved[0]
  else if (defaults.bibliography) defaults.bibliography = resolved
  if (defaults.csl && isStylePath(defaults.csl)) {
    defaults.csl = /\.csl$/i.test(defaults.csl) ? await inside('csl', defaults.csl, 'CSL style', 'a .csl file') : void report(file, {reason: `Unexpected CSL style \`${defaults.csl}\`, expected a style name or a .csl file`, ruleId: 'series-path', severity: 'error', place: fieldPlace(file, 'csl')})
  }
  if (defaults.cover) defaults.cover = await inside('cover', defaults.cover, 'cover', 'a .jpg or .png file')
  if (defaults.print?.icc) {
    const name = defaults.print.icc
    const icc = await inside('print.icc', name, 'press profile', 'an ICC profile (.icc)')
    if (icc) await (await import('./load-press-profile.js')).checkSeriesProfile(file, icc, name)
    defaults.print = {...defaults.print, icc}
  }
  const themeCss = theme?.css ? await inside('theme', theme.css, 'theme stylesheet', 'a .css file') : undefined
  // Read now: a stylesheet that cannot be read is the config's fault (exit 2), not every paper's render failure.
  if (themeCss && !(await readable(themeCss))) {
    report(file, {reason: `Unexpected theme stylesheet \`${theme?.css}\` that cannot be read, expected a readable .css file`, ruleId: 'series-path', severity: 'error', place: fieldPlace(file, 'theme')})
  }
  return {
    path,
    defaults,
    logo: logo ? await inside('logo', logo, 'logo', 'an image file') : undefined,
    themeCss,
    plugins: await resolvePlugins(plugins, file, folder),
    crossref,
    file
  }
}

async function readable(path: string): Promise<boolean> {
  return readFile(path, 'utf8').then(
    () => true,
    () => false
  )
}

/**
 * Attach to each paper the series config that governs it (read once per
 * file). Returns the configs read, so the caller can stop on their errors.
 */
export async function attachSeriesConfigs<T extends {folder: string; config?: LoadedSeriesConfig | undefined}>(sources: ReadonlyArray<T>): Promise<LoadedSeriesConfig[]> {
  const loaded = new Map<string, LoadedSeriesConfig>()
  for (const source of sources) {
    const path = findSeriesConfig(source.folder)
    if (!path) continue
    let config = loaded.get(path)
    if (!config) {
      config = await loadSeriesConfig(path)
      loaded.set(path, config)
    }
    source.config = config
  }
  return [...loaded.values()]
}
