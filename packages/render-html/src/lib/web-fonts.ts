import type {Element, ElementContent, Root} from 'hast'

/** A face of the theme the web page sets text in: a family, a weight, a style. */
export interface WebFace {
  /** The family as the theme names it first in its stack (`EB Garamond 12`). */
  family: string
  weight: 400 | 700
  style: 'normal' | 'italic'
}

/** A face and the text the page sets in it: what its subset must cover. */
export interface WebFaceUse {
  face: WebFace
  /** Every character set in the face, each once, in code point order. */
  text: string
}

/** A face's subset, as WOFF2 bytes. */
export interface EmbeddedFace {
  face: WebFace
  data: Uint8Array
}

/** Spaces, and the hyphen a browser adds where it hyphenates running text (and the one it falls back to). */
const browserDrawn = ' \u00a0-\u2010'

type Role = 'body' | 'heading' | 'mono' | 'math'

/** The first family of each of the theme's stacks (theme/print.css), by the paper's primary language. */
const families: Readonly<Record<string, Readonly<Record<Role, string>>>> = {
  default: {body: 'EB Garamond 12', heading: 'Noto Sans', mono: 'Noto Sans Mono', math: 'DejaVu Math TeX Gyre'},
  ja: {body: 'IPAexMincho', heading: 'IPAexGothic', mono: 'Noto Sans Mono', math: 'DejaVu Math TeX Gyre'},
  zh: {body: 'AR PL UMing CN', heading: 'WenQuanYi Zen Hei', mono: 'Noto Sans Mono', math: 'DejaVu Math TeX Gyre'},
  ko: {body: 'NanumMyeongjo', heading: 'NanumGothic', mono: 'Noto Sans Mono', math: 'DejaVu Math TeX Gyre'}
}

/**
 * Faces a family has (beyond regular): the theme never synthesizes a weight
 * (`font-synthesis-weight: none`), so a weight the family lacks is set in its
 * regular face, and its characters belong there.
 */
const hasBold = new Set(['Noto Sans', 'Noto Sans Mono'])
const hasItalic = new Set(['EB Garamond 12', 'Noto Sans'])

interface Context {
  role: Role
  bold: boolean
  italic: boolean
  upper: boolean
}

/** Classes the theme sets in the heading face, and whether bold (600 and 700 match the bold face). */
const headingClasses: ReadonlyArray<[string, boolean]> = [
  ['series', true],
  ['title', true],
  ['subtitle', false],
  ['author-name', true],
  ['date', false],
  ['keywords-label', true],
  ['page-nav', false]
]

/**
 * The faces the page's text is set in, with the characters of each, read off
 * the document tree as the theme styles it (headings, tables and strong text
 * in the heading face, code in the mono face, `math` in the math face, `em`
 * in italic, capitals where the theme transforms text). Also the characters
 * the browser draws itself: list markers, the hyphen `hyphens: auto` adds.
 * A series stylesheet that sets other faces is not followed: its text falls
 * back to the stack's next families.
 */
export function webFaceUses(tree: Root, lang: string): WebFaceUse[] {
  const primary = lang.toLowerCase().split('-')[0] ?? ''
  const names = families[primary] ?? families.default!
  const cjk = primary === 'ja' || primary === 'zh' || primary === 'ko'
  const byFace = new Map<string, {face: WebFace; chars: Set<string>}>()
  const add = (context: Context, text: string) => {
    const family = names[context.role]
    const weight = context.bold && hasBold.has(family) ? 700 : 400
    const style = context.italic && hasItalic.has(family) ? 'italic' : 'normal'
    const key = `${family}\0${weight}\0${style}`
    let entry = byFace.get(key)
    if (!entry) byFace.set(key, (entry = {face: {family, weight, style}, chars: new Set()}))
    for (const char of context.upper ? text + text.toUpperCase() : text) entry.chars.add(char)
  }
  const walk = (node: Element, context: Context) => {
    const own = contextOf(node, context, cjk)
    if (!own) return
    for (const child of node.children as ElementContent[]) {
      if (child.type === 'text') add(own, child.value)
      else if (child.type === 'element') walk(child, own)
    }
    // Markers of list items, numbered or not, in the list's face.
    if (node.tagName === 'li') add(own, '0123456789.•')
  }
  const body = findBody(tree)
  if (!body) return []
  const base: Context = {role: 'body', bold: false, italic: false, upper: false}
  add(base, browserDrawn)
  add({...base, italic: true}, browserDrawn)
  walk(body, base)
  return [...byFace.values()]
    // Not a face for the spaces and hyphens alone.
    .filter((entry) => [...entry.chars].some((char) => !browserDrawn.includes(char)))
    .map((entry) => ({face: entry.face, text: [...entry.chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join('')}))
    .sort((a, b) => faceKey(a.face).localeCompare(faceKey(b.face)))
}

/** The context of an element's text, from its parent's; undefined when it shows none (SVG, scripts, hidden data). */
function contextOf(node: Element, parent: Context, cjk: boolean): Context | undefined {
  const tag = node.tagName
  if (tag === 'svg' || tag === 'script' || tag === 'style' || tag === 'template' || tag === 'img') return undefined
  if (parent.role === 'math') return parent
  const classes = Array.isArray(node.properties.className) ? node.properties.className.map(String) : []
  const context = {...parent}
  if (tag === 'math') return {...context, role: 'math', italic: false, bold: false}
  if (tag === 'code' || tag === 'pre' || tag === 'kbd' || tag === 'samp') context.role = 'mono'
  if (/^h[1-6]$/.test(tag)) {
    context.role = 'heading'
    context.bold = true
    // h4–h6 are italic.
    context.italic = tag >= 'h4'
  }
  if (tag === 'table') context.role = 'heading'
  if (tag === 'th') context.bold = true
  if (tag === 'strong' || tag === 'b') {
    if (context.role !== 'mono') context.role = 'heading'
    context.bold = true
  }
  if (tag === 'em' || tag === 'i' || tag === 'cite' || tag === 'dfn' || tag === 'var' || classes.includes('affiliation')) {
    // Japanese emphasis is set upright in the gothic face (the theme's `:lang(ja) em`).
    if (cjk && tag !== 'cite' && !classes.includes('affiliation')) context.role = 'heading'
    else context.italic = !cjk
  }
  for (const [name, bold] of headingClasses) {
    if (!classes.includes(name)) continue
    context.role = 'heading'
    context.bold = bold
  }
  // The theme sets these in capitals (`text-transform: uppercase`).
  if (classes.includes('series') || classes.includes('abstract-title')) context.upper = true
  return context
}

function findBody(tree: Root): Element | undefined {
  const html = tree.children.find((child): child is Element => child.type === 'element' && child.tagName === 'html')
  return html?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'body')
}

function faceKey(face: WebFace): string {
  return `${face.family}\0${face.weight}\0${face.style}`
}

/**
 * `@font-face` rules for embedded subsets, as `data:` URIs (the page's CSP
 * allows fonts from `data:` only), under the theme's own family names: the
 * page's stacks find them first, and never an installed face of that name.
 * `font-display: block`: the data is in the page, so nothing waits on a network.
 */
export function fontFaceCss(faces: ReadonlyArray<EmbeddedFace>): string {
  return faces
    .map(({face, data}) => {
      const base64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')
      return `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: ${face.style}; font-display: block; src: url(data:font/woff2;base64,${base64}) format("woff2"); }`
    })
    .join('\n')
}

/** Put `@font-face` rules first in the document's stylesheet (the head's `<style>`), in place. */
export function addFontFaces(tree: Root, css: string): void {
  if (!css) return
  const html = tree.children.find((child): child is Element => child.type === 'element' && child.tagName === 'html')
  const head = html?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'head')
  const style = head?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'style')
  const text = style?.children[0]
  if (style && text?.type === 'text') text.value = css + '\n' + text.value
  else head?.children.push({type: 'element', tagName: 'style', properties: {}, children: [{type: 'text', value: css}]})
}
