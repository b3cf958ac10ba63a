import {execFile} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'
import type {Root} from 'hast'
import {addFontFaces, fontFaceCss, webFaceUses, type EmbeddedFace, type WebFace} from '@offprint/render-html'

const run = promisify(execFile)

/**
 * OpenType features kept in a subset: those the theme turns on (kerning,
 * ligatures, lining/old-style and tabular figures), those shaping needs
 * (marks, locales, contextual forms) and math's script sizes. Dropping the
 * rest (small caps, swashes, alternates) keeps EB Garamond's subsets a
 * third of their size: a feature pulls in every glyph it can reach.
 */
const keepFeatures = ['kern', 'liga', 'clig', 'calt', 'ccmp', 'locl', 'mark', 'mkmk', 'rlig', 'lnum', 'pnum', 'tnum', 'onum', 'ssty', 'vert', 'vrt2']

/** Where each face's file is (fontconfig's answer), once per process. */
const files = new Map<string, Promise<string | undefined>>()
/** Subsets by face file and text: papers of a series share most of their characters. */
const subsets = new Map<string, Promise<Uint8Array | undefined>>()

/**
 * Embed in a web page's document the faces its text is set in, each cut to
 * the characters set in it (WOFF2, harfbuzz's subsetter), as `@font-face`
 * rules with data: URIs at the head of its stylesheet: the page opens in one
 * request, in the theme's faces, on a machine that has none of them. A face
 * not installed here is left out (the page falls back to the stack's next
 * family, as the PDF would); `offprint doctor` reports it.
 */
export async function embedWebFonts(tree: Root, lang: string, cacheFolder?: string): Promise<void> {
  const uses = webFaceUses(tree, lang)
  const embedded = await Promise.all(
    uses.map(async ({face, text}): Promise<EmbeddedFace | undefined> => {
      const file = await faceFile(face)
      const data = file === undefined ? undefined : await subset(file, text, cacheFolder)
      return data && {face, data}
    })
  )
  addFontFaces(tree, fontFaceCss(embedded.filter((face) => face !== undefined)))
}

/** The installed file of a face, or undefined when fontconfig has no face of that family. */
function faceFile(face: WebFace): Promise<string | undefined> {
  const pattern = `${face.family}:weight=${face.weight === 700 ? 200 : 80}:slant=${face.style === 'italic' ? 100 : 0}`
  let file = files.get(pattern)
  if (!file) {
    file = run('fc-match', ['--format', '%{family}\t%{file}\t%{index}', pattern], {timeout: 10_000}).then(
      ({stdout}) => {
        const [family = '', path, index] = stdout.split('\t')
        // fc-match always answers, with some other family when this one is missing; a collection's later faces are not subset.
        const named = family.split(',').some((name) => name.trim().toLowerCase() === face.family.toLowerCase())
        return named && path && index === '0' ? path : undefined
      },
      () => undefined
    )
    files.set(pattern, file)
  }
  return file
}

/**
 * A face cut to `text`, as WOFF2: from this run's memory, else from the
 * cache folder (`<cache>/fonts/`, by the face file's path, size and time,
 * the text and the subsetter's options), else made (a second or more for
 * a large face) and kept in both. A paper's characters rarely change
 * between builds even when its text does.
 */
function subset(file: string, text: string, cacheFolder: string | undefined): Promise<Uint8Array | undefined> {
  const key = file + '\0' + text
  let data = subsets.get(key)
  if (!data) {
    data = (async () => {
      const info = await stat(file)
      const name = createHash('sha256').update(JSON.stringify({file, size: info.size, mtime: info.mtimeMs, text, keepFeatures, subsetter: 'subset-font@2 woff2 no-hinting'})).digest('hex')
      const cached = cacheFolder && (await readFile(join(cacheFolder, 'fonts', name + '.woff2')).catch(() => undefined))
      if (cached) return new Uint8Array(cached)
      const {default: subsetFont} = await import('subset-font')
      const made = new Uint8Array(await subsetFont(await readFile(file), text, {targetFormat: 'woff2', keepFeatures, noHinting: true}))
      if (cacheFolder) await keep(join(cacheFolder, 'fonts'), name + '.woff2', made)
      return made
    })().catch(() => undefined) // A face harfbuzz cannot read is left out, as a missing one is.
    subsets.set(key, data)
  }
  return data
}

/** Write a file whole or not at all (a temporary name, then renamed); a cache that cannot be written is only slower. */
async function keep(folder: string, name: string, data: Uint8Array): Promise<void> {
  const path = join(folder, name)
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    await mkdir(folder, {recursive: true})
    await writeFile(temporary, data)
    await rename(temporary, path)
  } catch {
    // Read-only or full: the next build subsets again.
    await rm(temporary, {force: true}).catch(() => undefined)
  }
}

/**
 * Pay the subsetter's start-up (harfbuzz's and the WOFF2 encoder's
 * WebAssembly, fontconfig's first answer) before any paper's time limit
 * starts, as the build loads its other stages: else the first paper of a
 * build spends seconds of its limit on it. Nothing is kept.
 */
export async function warmWebFonts(): Promise<void> {
  const file = await faceFile({family: 'Noto Sans', weight: 400, style: 'normal'})
  if (!file) return
  const {default: subsetFont} = await import('subset-font')
  await subsetFont(await readFile(file), 'a', {targetFormat: 'woff2', keepFeatures, noHinting: true}).catch(() => undefined)
}
