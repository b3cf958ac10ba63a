import {existsSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {parse} from 'yaml'
import {findPapers, resolvePaperArguments} from '../core/find-papers.js'
import {findSeriesConfig} from '../core/series-config.js'

/** What a series' papers ask of the machine: their languages and the press edition. */
export interface PaperNeeds {
  /** Primary language subtags (`en`, `ja`, `zh`, `ko`…) of the papers, each once. */
  langs: string[]
  /** Some paper asks for a press edition (`print: {pdfx: …}`), which needs Ghostscript. */
  press: boolean
  /** How many papers were read. */
  papers: number
}

interface Fields {
  lang?: unknown
  print?: {pdfx?: unknown} | null
}

/** A YAML mapping, or nothing: doctor reads what it can and leaves errors to `offprint check`. */
function fieldsOf(text: string | undefined): Fields {
  if (!text) return {}
  try {
    const value: unknown = parse(text)
    return value && typeof value === 'object' ? (value as Fields) : {}
  } catch {
    return {}
  }
}

function frontMatter(path: string): string | undefined {
  const text = readFileSync(path, 'utf8')
  return /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(text)?.[1]
}

/**
 * Read the languages and press editions of the papers at `paths` (default:
 * `papers/` in `cwd`), from each paper's front matter over its series.yaml,
 * as a build merges them. Only what doctor needs: no validation.
 */
export function paperNeeds(paths: string[], cwd: string): PaperNeeds {
  const sources = paths.length > 0 ? resolvePaperArguments(paths.map((path) => resolve(cwd, path)).filter((path) => existsSync(path))) : findPapers(join(cwd, 'papers'))
  const langs = new Set<string>()
  let press = false
  for (const source of sources) {
    const config = findSeriesConfig(source.folder)
    const series = fieldsOf(config && readFileSync(config, 'utf8'))
    const own = fieldsOf(frontMatter(source.path))
    const lang = typeof own.lang === 'string' ? own.lang : typeof series.lang === 'string' ? series.lang : 'en'
    langs.add(lang.split('-')[0]!.toLowerCase())
    if ((own.print ?? series.print)?.pdfx) press = true
  }
  return {langs: [...langs].sort(), press, papers: sources.length}
}
