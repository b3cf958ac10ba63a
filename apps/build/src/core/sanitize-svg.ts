import {DOMParser, XMLSerializer, type Element, type Node} from '@xmldom/xmldom'
import {isSafeCssValue, localReference, sanitizeCss} from './sanitize-css.js'

const svgNamespace = 'http://www.w3.org/2000/svg'
const xlinkNamespace = 'http://www.w3.org/1999/xlink'

/** SVG's drawing, text, paint-server, filter and animation elements: what a figure needs, no script, no foreignObject. */
const allowedElements = new Set(
  (
    'a circle clipPath defs desc ellipse filter g image line linearGradient marker mask metadata path pattern polygon ' +
    'polyline radialGradient rect stop style svg switch symbol text textPath title tspan use view animate ' +
    'animateMotion animateTransform mpath set feBlend feColorMatrix feComponentTransfer feComposite ' +
    'feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB ' +
    'feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight ' +
    'feSpecularLighting feSpotLight feTile feTurbulence'
  ).split(' ')
)

/** Namespaces of editors' bookkeeping (Inkscape, Sodipodi, RDF metadata): dropped without a word. */
const editorNamespaces = /inkscape|sodipodi|w3\.org\/1999\/02\/22-rdf|purl\.org\/dc|creativecommons|adobe\.com|sketch/i

export interface SanitizedSvg {
  /** The cleaned SVG, or undefined when the file is not well-formed XML. */
  data?: Buffer | undefined
  /** What was taken out, for the warning (`<script>`, `onload`, `href="http://…"`). */
  removed: string[]
  /** Why the file could not be read as XML. */
  error?: string | undefined
}

/**
 * Make an SVG figure safe to pack: an EPUB reader or browser runs an SVG's
 * script and fetches what it references. Parsed as XML (@xmldom/xmldom never
 * expands entities nor reads external ones), then held to an allow-list of
 * SVG elements; event handlers, references out of the file (href,
 * xlink:href, and in CSS url(), image-set(), @import… to anything but `#id`
 * or an embedded picture), the DOCTYPE and processing instructions are
 * removed. CSS — `<style>`, `style` and presentation attributes such as
 * `fill="url(#g)"` — is read by a CSS parser (sanitize-css.ts), never
 * matched with patterns: escapes and comments cannot hide a URL from it.
 */
export function sanitizeSvg(data: Buffer): SanitizedSvg {
  let fatal: string | undefined
  const removed = new Set<string>()
  let document: ReturnType<DOMParser['parseFromString']>
  try {
    document = new DOMParser({
      onError(level, message) {
        if (level === 'fatalError') fatal ??= message
        else if (/entity/i.test(message)) removed.add('entity references')
      }
    }).parseFromString(data.toString('utf8'), 'image/svg+xml')
  } catch (error) {
    // xmldom throws on a fatal error after reporting it.
    return {removed: [], error: (fatal ?? String((error as Error).message)).split('\n')[0]}
  }
  const root = document.documentElement
  if (fatal || !root) return {removed: [], error: (fatal ?? 'no root element').split('\n')[0]}
  if (root.namespaceURI !== svgNamespace || root.localName !== 'svg') return {removed: [], error: `a root element <${root.tagName}>, expected <svg>`}
  for (const child of [...nodes(document.childNodes)]) {
    if (child.nodeType === child.DOCUMENT_TYPE_NODE) removed.add('the DOCTYPE')
    if (child.nodeType === child.PROCESSING_INSTRUCTION_NODE && (child as unknown as {target: string}).target !== 'xml') removed.add('processing instructions')
    if (child !== root) document.removeChild(child)
  }
  clean(root, removed)
  return {data: Buffer.from(new XMLSerializer().serializeToString(document), 'utf8'), removed: [...removed]}
}

function clean(element: Element, removed: Set<string>): void {
  for (const attribute of [...nodes(element.attributes)]) {
    const name = attribute.name
    const value = attribute.value
    const namespace = attribute.namespaceURI
    let problem: string | undefined
    let dropped = false
    if (/^on/i.test(attribute.localName ?? name)) problem = name
    else if ((attribute.localName === 'href' && (namespace === null || namespace === xlinkNamespace)) || name === 'src') {
      if (!localReference.test(value)) problem = `${name}="${value.length > 40 ? value.slice(0, 40) + '…' : value}"`
    } else if (name === 'xml:base') {
      // A base makes even `#id` point out of the file.
      problem = name
    } else if (namespace && namespace !== xlinkNamespace && namespace !== 'http://www.w3.org/XML/1998/namespace' && namespace !== 'http://www.w3.org/2000/xmlns/') {
      if (!editorNamespaces.test(namespace)) problem = name
    } else if (!namespace && name === 'style') {
      const css = sanitizeCss(value, 'declarationList')
      for (const item of css.removed) removed.add(item)
      if (css.css === undefined) dropped = true
      else element.setAttribute('style', css.css)
    } else if (!namespace && !isSafeCssValue(value, removed)) dropped = true
    if (dropped || problem !== undefined || (namespace && editorNamespaces.test(namespace))) {
      if (problem !== undefined) removed.add(problem)
      element.removeAttributeNode(attribute)
    }
  }
  for (const child of [...nodes(element.childNodes)]) {
    if (child.nodeType === child.PROCESSING_INSTRUCTION_NODE) {
      removed.add('processing instructions')
      element.removeChild(child)
      continue
    }
    if (child.nodeType !== child.ELEMENT_NODE) continue
    const node = child as Element
    const name = node.localName ?? node.tagName
    const animatesLink = (name === 'set' || name.startsWith('animate')) && /href|^on/i.test(node.getAttribute('attributeName') ?? '')
    if (node.namespaceURI !== svgNamespace || !allowedElements.has(name) || animatesLink) {
      if (!(node.namespaceURI && editorNamespaces.test(node.namespaceURI))) removed.add(`<${node.tagName}>`)
      element.removeChild(node)
      continue
    }
    clean(node, removed)
    if (name === 'style' && !cleanStyle(node, removed)) element.removeChild(node)
  }
}

/**
 * A style element's sheet, parsed and written back with only what is safe
 * (its text, CDATA sections included, replaced by one text node); false when
 * nothing is left of it.
 */
function cleanStyle(style: Element, removed: Set<string>): boolean {
  const css = sanitizeCss(style.textContent ?? '', 'stylesheet')
  for (const item of css.removed) removed.add(item)
  for (const child of [...nodes(style.childNodes)]) style.removeChild(child)
  if (css.css === undefined) return false
  style.appendChild(style.ownerDocument!.createTextNode(css.css))
  return true
}

function nodes<T extends Node>(list: {length: number; item(index: number): T | null}): T[] {
  const result: T[] = []
  for (let index = 0; index < list.length; index++) {
    const node = list.item(index)
    if (node) result.push(node)
  }
  return result
}
