import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import type {PaperMeta} from '@offprint/parse'
import {report} from '@offprint/parse/report'
import type {Edition} from '@offprint/render-html'
import type {VFile} from 'vfile'
import {parse as parseYaml} from 'yaml'
import type {PaperSource} from './find-papers.js'
import {fieldPlace} from './resolve-inside.js'

/** What a paper's edition says of itself: its language and how it relates to the others. */
interface EditionFacts {
  path: string
  lang: string
  translations: Record<string, string>
  translationOf: string | undefined
}

/**
 * A paper's editions in other languages (front matter `translations`, or
 * the paper `translation-of` names and its other translations), read from
 * their own front matter beside it in the series folder. A translation that
 * is not there, or that does not name this paper back, is a warning at the
 * field (`translation-missing`, `translation-one-sided`); the page still
 * links what exists. The editions' files are added to `inputs`: their
 * languages are printed on this paper's page.
 */
export async function findEditions(meta: PaperMeta, source: PaperSource, file: VFile, inputs: string[]): Promise<Edition[]> {
  const {translations = {}, translationOf} = meta
  if (Object.keys(translations).length === 0 && !translationOf) return []
  const self = source.slug
  const editions: Edition[] = []
  for (const [lang, slug] of Object.entries(translations)) {
    const place = fieldPlace(file, `translations.${lang}`) ?? fieldPlace(file, 'translations')
    const other = await readEdition(source, slug)
    if (!other) {
      report(file, {reason: `Unexpected translation \`${slug}\` that is not in the series, expected a paper ${slug}.md or ${slug}/index.md beside this one`, ruleId: 'translation-missing', severity: 'warning', place})
      continue
    }
    inputs.push(other.path)
    if (other.translationOf !== self) {
      report(file, {
        reason: `Unexpected one-sided translation: \`${slug}\` does not name \`${self}\` in \`translation-of\`, expected each edition to name the other`,
        ruleId: 'translation-one-sided',
        severity: 'warning',
        place
      })
    }
    editions.push({lang, slug})
  }
  if (translationOf) {
    const place = fieldPlace(file, 'translation-of')
    const original = await readEdition(source, translationOf)
    if (!original) {
      report(file, {reason: `Unexpected \`translation-of\` \`${translationOf}\` that is not in the series, expected a paper ${translationOf}.md or ${translationOf}/index.md beside this one`, ruleId: 'translation-missing', severity: 'warning', place})
    } else {
      inputs.push(original.path)
      if (!Object.values(original.translations).includes(self)) {
        report(file, {
          reason: `Unexpected one-sided translation: \`${translationOf}\` does not list \`${self}\` in its \`translations\`, expected each edition to name the other`,
          ruleId: 'translation-one-sided',
          severity: 'warning',
          place
        })
      }
      editions.push({lang: original.lang, slug: translationOf})
      // The original's other editions are this one's too.
      for (const [lang, slug] of Object.entries(original.translations)) {
        if (slug !== self && !editions.some((edition) => edition.slug === slug) && (await readEdition(source, slug))) editions.push({lang, slug})
      }
    }
  }
  return editions.filter((edition) => edition.slug !== self)
}

/** The folder a paper's siblings are in: its own for `slug.md`, the one above for `slug/index.md`. */
function seriesFolder(source: PaperSource): string {
  return /^index\.(md|markdown)$/i.test(basename(source.path)) ? dirname(source.folder) : source.folder
}

/**
 * Another paper of the series, by slug: its language and translation fields
 * from its front matter (only those; it is not validated here, its own
 * build does that). Undefined when there is no such paper.
 */
async function readEdition(source: PaperSource, slug: string): Promise<EditionFacts | undefined> {
  if (!/^[^\s/\\.][^\s/\\]*$/.test(slug)) return undefined
  const folder = seriesFolder(source)
  const path = [join(folder, `${slug}.md`), join(folder, slug, 'index.md')].find((candidate) => existsSync(candidate))
  if (!path) return undefined
  const text = await readFile(path, 'utf8').catch(() => '')
  const block = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text)?.[1]
  let fields: Record<string, unknown> = {}
  try {
    const parsed: unknown = block ? parseYaml(block) : {}
    if (parsed && typeof parsed === 'object') fields = parsed as Record<string, unknown>
  } catch {
    // Its own build reports its YAML; here it only has no translation fields.
  }
  const translations = fields['translations'] && typeof fields['translations'] === 'object' ? (fields['translations'] as Record<string, unknown>) : {}
  return {
    path,
    lang: typeof fields['lang'] === 'string' ? fields['lang'] : (source.config?.defaults.lang ?? 'en'),
    translations: Object.fromEntries(Object.entries(translations).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    translationOf: typeof fields['translation-of'] === 'string' ? fields['translation-of'] : undefined
  }
}
