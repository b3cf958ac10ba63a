import {existsSync, lstatSync, readFileSync} from 'node:fs'
import {readFile, realpath, stat} from 'node:fs/promises'
import {basename, dirname, isAbsolute, join, relative, resolve} from 'node:path'
import type {FrontMatter, SeriesConfig} from '@offprint/parse/config'
import {report} from '@offprint/parse/report'
import {VFile} from 'vfile'
import {parseListedHost, type ListedHost} from './address-policy.js'
import {isPaperFolder} from './find-papers.js'
import {isStylePath} from './paper-paths.js'
import type {RemotePolicy} from './remote-images.js'
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
  /** Where papers' images may come from besides their own folders (`images`). */
  images?: SeriesImages | undefined
  /** Depositor and registrant for `offprint crossref`. */
  crossref?: SeriesConfig['crossref'] | undefined
  /** The file, carrying any messages about the config itself. */
  file: VFile
}

/** `images` of a series.yaml, checked and resolved. */
export interface SeriesImages {
  /** The real path of `site-root`: where `/images/…` paths are found. */
  siteRoot?: string | undefined
  /** The hosts `remote` allows; undefined when remote images are refused. */
  remote?: RemotePolicy | undefined
}

const configName = 'series.yaml'

/** Options for reading series configs. */
export interface SeriesConfigOptions {
  /**
   * Let `plugins` name a module outside the series folder (an absolute path):
   * `--allow-outside-plugins`. Default: false, such a path is an error.
   */
  allowOutsidePlugins?: boolean | undefined
}

const emptyOptions: Readonly<SeriesConfigOptions> = Object.freeze({})

/**
 * Where the series config of a paper is: in the series folder, which is the
 * folder of `papers/x.md` (else one folder up) and the folder above
 * `papers/x/index.md`. Never inside a folder paper's own folder: that folder
 * is the paper's, untrusted, and a config can load code (`plugins`); a
 * `series.yaml` there is ignored (checkPaperList warns about it).
 */
export function findSeriesConfig(paperFolder: string, paperPath?: string): string | undefined {
  const folderPaper = paperPath !== undefined && /^index\.(md|markdown)$/i.test(basename(paperPath))
  for (const folder of folderPaper ? [dirname(paperFolder)] : [paperFolder, dirname(paperFolder)]) {
    // A flat paper named inside some other paper's folder does not take that folder's config either.
    if (!folderPaper && isPaperFolder(folder)) continue
    const path = join(folder, configName)
    if (existsSync(path) || lstatSync(path, {throwIfNoEntry: false})) return path
  }
  return undefined
}

/**
 * Read and check a series config. Paths in it (bibliography, csl files, cover,
 * press profile, logo, theme css) are relative to the config, must stay inside its folder
 * (symlinks resolved; an error `series-path` otherwise) and are made absolute
 * here, so every paper that inherits them finds the same files.
 */
export async function loadSeriesConfig(path: string, options: SeriesConfigOptions = emptyOptions): Promise<LoadedSeriesConfig> {
  const shown = relative(process.cwd(), path) || path
  // A series.yaml linked to a file elsewhere is not read: its messages would quote that file's lines.
  const real = await realpath(path).catch(() => undefined)
  const folderReal = await realpath(dirname(path)).catch(() => dirname(path))
  if (real === undefined || !isBelow(real, folderReal)) {
    const file = new VFile({path: shown})
    report(file, {
      reason: real === undefined
        ? 'Unexpected `series.yaml` that cannot be read (a broken link?), expected a YAML file in the series folder'
        : 'Unexpected `series.yaml` that links to a file outside the series folder, expected the series config as a file of its own in the series folder (not read)',
      ruleId: 'series-path',
      severity: 'error',
      place: {line: 1, column: 1}
    })
    return {path, defaults: {}, file}
  }
  const file = new VFile({path: shown, value: readFileSync(path, 'utf8')})
  // YAML and the schema load only for a series that has a config.
  const {readSeriesConfig} = await import('@offprint/parse/config')
  const config: Partial<SeriesConfig> = readSeriesConfig(file)
  const folder = dirname(path)
  const {logo, theme, plugins, images, crossref, ...defaults} = config
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
  const logoPath = logo ? await inside('logo', logo, 'logo', 'an image file') : undefined
  // Read now: an SVG logo is sanitized like a figure, with one warning here rather than one per paper.
  if (logoPath) await (await import('./load-logo.js')).checkSeriesLogo(file, logoPath, logo!)
  return {
    path,
    defaults,
    logo: logoPath,
    themeCss,
    plugins: await resolvePlugins(plugins, file, folder, options),
    images: images && (await seriesImages(images, file, folder)),
    crossref,
    file
  }
}

/** Whether a real path is below a folder. */
function isBelow(path: string, folder: string): boolean {
  const rest = relative(folder, path)
  return rest !== '' && !rest.startsWith('..') && !isAbsolute(rest)
}

/**
 * `images` of a series config: its `site-root` a real folder (relative to
 * series.yaml, and allowed outside the series folder: the series' editor
 * chose it), its `remote` hosts read. Problems are config errors.
 */
async function seriesImages(images: NonNullable<SeriesConfig['images']>, file: VFile, folder: string): Promise<SeriesImages> {
  const place = fieldPlace(file, 'images')
  let siteRoot: string | undefined
  const root = images['site-root']
  if (root) {
    const real = await realpath(resolve(folder, root)).catch(() => undefined)
    if (real && (await stat(real)).isDirectory()) siteRoot = real
    else report(file, {reason: `Unexpected \`images.site-root\` \`${root}\` that is not a folder, expected a folder relative to series.yaml`, ruleId: 'series-path', severity: 'error', place})
  }
  let remote: RemotePolicy | undefined
  if (images.remote === true) remote = {any: true, hosts: []}
  else if (Array.isArray(images.remote)) {
    const hosts: ListedHost[] = []
    for (const entry of images.remote) {
      const host = parseListedHost(entry)
      if (host) hosts.push(host)
      else report(file, {reason: `Unexpected host \`${entry}\` in \`images.remote\`, expected a host name or address, with a port or not`, ruleId: 'series-path', severity: 'error', place})
    }
    remote = {any: false, hosts}
  }
  return {siteRoot, remote}
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
export async function attachSeriesConfigs<T extends {folder: string; path?: string | undefined; config?: LoadedSeriesConfig | undefined}>(
  sources: ReadonlyArray<T>,
  options: SeriesConfigOptions = emptyOptions
): Promise<LoadedSeriesConfig[]> {
  const loaded = new Map<string, LoadedSeriesConfig>()
  for (const source of sources) {
    const path = findSeriesConfig(source.folder, source.path)
    if (!path) continue
    let config = loaded.get(path)
    if (!config) {
      config = await loadSeriesConfig(path, options)
      loaded.set(path, config)
    }
    source.config = config
  }
  return [...loaded.values()]
}
