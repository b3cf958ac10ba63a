import {generate, ident, parse, walk, type CssNode, type List} from 'css-tree'

/**
 * At-rules that fetch nothing and hold only rules or declarations we clean
 * in turn. Everything else goes: `@import` and `@namespace` name URLs,
 * `@font-face` has `src` (and `unicode-range` makes a font load tell which
 * characters a page shows), and unknown ones could be anything.
 */
const allowedAtRules = new Set(['media', 'supports', 'keyframes', '-webkit-keyframes', 'container', 'layer'])

/**
 * Functions that load a resource or run code: `url()` is a Url node when
 * css-tree reads it whole, a Function when it is written oddly; image-set's
 * strings are URLs; `attr()` may be typed as a URL; `expression()` is old
 * Internet Explorer script.
 */
const fetchingFunctions = new Set([
  'url',
  'src',
  'image',
  'image-set',
  '-webkit-image-set',
  'cross-fade',
  '-webkit-cross-fade',
  'element',
  '-moz-element',
  'paint',
  'attr',
  'expression'
])

/** Properties that bind script or a file whatever their value. */
const forbiddenProperties = new Set(['behavior', '-moz-binding', 'src'])

/** A URL that stays inside the picture: a fragment, or an embedded raster picture. */
export const localReference = /^\s*(#|data:image\/(png|jpeg|gif|webp)[;,])/i

export interface SanitizedCss {
  /** The CSS as css-tree serialises it, with only what is safe left; undefined when nothing is. */
  css: string | undefined
  /** What was taken out, for the warning (`@import`, `url(http://…)`, `behavior`). */
  removed: string[]
}

/**
 * Keep what a style sheet (`<style>`) or a declaration list (a `style`
 * attribute) can say without reaching out of the file. The text is parsed
 * by css-tree, which decodes escapes (`@\69mport`, `u\72l(`) the way a
 * browser does, and what is left is serialised back from that tree: the
 * browser reads the CSS we checked, not the author's spelling of it. What
 * css-tree cannot parse (a Raw node) is dropped with its rule or declaration.
 */
export function sanitizeCss(text: string, context: 'stylesheet' | 'declarationList'): SanitizedCss {
  const removed = new Set<string>()
  let tree: CssNode
  try {
    tree = parse(text, {context, parseCustomProperty: true})
  } catch {
    return {css: undefined, removed: [`unreadable CSS “${short(text)}”`]}
  }
  const children = 'children' in tree && tree.children ? (tree.children as List<CssNode>) : undefined
  if (children) cleanList(children, removed)
  const css = generate(tree)
  return {css: css.trim() ? css : undefined, removed: [...removed]}
}

/**
 * Whether a CSS value (a presentation attribute such as `fill="url(#g)"`)
 * stays inside the file; what it would load is added to `removed` when not.
 */
export function isSafeCssValue(text: string, removed: Set<string>): boolean {
  // No function and no escape: nothing that can load.
  if (!/[(\\]/.test(text)) return true
  try {
    return safe(parse(text, {context: 'value', parseCustomProperty: true}), removed)
  } catch {
    // css-tree recovers from errors inside blocks; a bare value it cannot read throws.
    removed.add(`unreadable CSS “${short(text)}”`)
    return false
  }
}

function cleanList(list: List<CssNode>, removed: Set<string>): void {
  list.forEach((node, item) => {
    if (!keep(node, removed)) list.remove(item)
  })
}

function keep(node: CssNode, removed: Set<string>): boolean {
  switch (node.type) {
    case 'Rule': {
      if (!safe(node.prelude, removed)) return false
      cleanList(node.block.children, removed)
      return true
    }
    case 'Atrule': {
      const name = ident.decode(node.name).toLowerCase()
      if (!allowedAtRules.has(name) || (node.prelude && !safe(node.prelude, removed))) {
        removed.add(`@${name}`)
        return false
      }
      if (node.block) cleanList(node.block.children, removed)
      return true
    }
    case 'Declaration': {
      const property = ident.decode(node.property).toLowerCase()
      if (forbiddenProperties.has(property)) {
        removed.add(property)
        return false
      }
      return safe(node.value, removed)
    }
    default:
      // Raw text css-tree could not read, or anything unexpected at this level.
      if (node.type === 'Raw') removed.add(`unreadable CSS “${short(node.value)}”`)
      return false
  }
}

/** Whether a value or prelude loads nothing and holds nothing css-tree could not read. */
function safe(tree: CssNode, removed: Set<string>): boolean {
  let ok = true
  walk(tree, (node) => {
    if (node.type === 'Url') {
      if (!localReference.test(node.value)) {
        removed.add(`url(${short(node.value)})`)
        ok = false
      }
    } else if (node.type === 'Function') {
      const name = ident.decode(node.name).toLowerCase()
      if (fetchingFunctions.has(name)) {
        removed.add(`${name}(…)`)
        ok = false
      }
    } else if (node.type === 'Raw' && node.value.trim()) {
      removed.add(`unreadable CSS “${short(node.value)}”`)
      ok = false
    }
  })
  return ok
}

function short(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ')
  return trimmed.length > 40 ? trimmed.slice(0, 40) + '…' : trimmed
}
