import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import type {FrontMatter, SeriesConfig} from '@offprint/parse/config'
import {VFile} from 'vfile'

/** A loaded `series.yaml`: the defaults papers inherit, with paths made absolute. */
export interface LoadedSeriesConfig {
  path: string
  /** Front matter defaults (paper fields win). */
  defaults: Partial<FrontMatter>
  /** Absolute path of the logo image, if any. */
  logo?: string | undefined
  /** Absolute path of the theme override stylesheet, if any. */
  themeCss?: string | undefined
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
 * Read and check a series config. Paths in it (bibliography, csl files, logo,
 * theme css) are relative to the config and are made absolute here, so every
 * paper that inherits them finds the same files.
 */
export async function loadSeriesConfig(path: string): Promise<LoadedSeriesConfig> {
  const file = new VFile({path: relative(process.cwd(), path) || path, value: readFileSync(path, 'utf8')})
  // YAML and the schema load only for a series that has a config.
  const {readSeriesConfig} = await import('@offprint/parse/config')
  const config: Partial<SeriesConfig> = readSeriesConfig(file)
  const folder = dirname(path)
  const absolute = (value: string) => resolve(folder, value)
  const {logo, theme, ...defaults} = config
  if (typeof defaults.bibliography === 'string') defaults.bibliography = absolute(defaults.bibliography)
  else if (Array.isArray(defaults.bibliography)) defaults.bibliography = defaults.bibliography.map(absolute)
  if (defaults.csl && /\.csl$/i.test(defaults.csl)) defaults.csl = absolute(defaults.csl)
  return {
    path,
    defaults,
    logo: logo && absolute(logo),
    themeCss: theme?.css && absolute(theme.css),
    file
  }
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
