import {DOMParser, XMLSerializer, type Element} from '@xmldom/xmldom'
import {sanitizeSvg} from '../sanitize-svg.js'

/**
 * A renderer's SVG made fit to pack: through the figure sanitizer (no
 * script, no reference out of the file), with every id renamed
 * `<prefix>-<n>` in document order (the renderers draw random or
 * process-wide counters: the same chart must give the same bytes, and two
 * charts on one page must not share a clip path), and a viewBox so it
 * scales down to the text block instead of being cut.
 */
export function finishSvg(svg: string, prefix: string): {svg: string; removed: string[]} | {error: string} {
  const clean = sanitizeSvg(Buffer.from(svg, 'utf8'))
  if (!clean.data) return {error: clean.error ?? 'not SVG'}
  const document = new DOMParser().parseFromString(clean.data.toString('utf8'), 'image/svg+xml')
  const root = document.documentElement!
  const renamed = new Map<string, string>()
  const elements = [root, ...Array.from(root.getElementsByTagName('*'))]
  for (const element of elements) {
    const id = element.getAttribute('id')
    if (id && !renamed.has(id)) renamed.set(id, `${prefix}-${renamed.size + 1}`)
  }
  const rewrite = (text: string) =>
    text
      .replace(/url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g, (all, quote: string, id: string) => (renamed.has(id) ? `url(#${renamed.get(id)})` : all))
      .replace(/#([A-Za-z_][\w-]*)/g, (all, id: string) => (renamed.has(id) ? `#${renamed.get(id)}` : all))
  for (const element of elements) {
    // Mermaid's `name` and Plotly's `updatemenu-active-index` and `data-*` are no SVG attributes
    // (EPUB's schema refuses them); they draw nothing.
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name === 'name' || attribute.name === 'updatemenu-active-index' || attribute.name.startsWith('data-')) element.removeAttribute(attribute.name)
    }
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name === 'id') element.setAttribute('id', renamed.get(attribute.value) ?? attribute.value)
      else if (attribute.value.includes('#')) attribute.value = rewrite(attribute.value)
    }
    if (element.localName === 'style' && element.textContent) element.textContent = rewrite(element.textContent)
  }
  ensureViewBox(root)
  completeShapes(elements)
  for (const element of elements) sortAttributes(element)
  // Mermaid marks its root `graphics-document document`; SVG 1.1 (as EPUB checks it) allows one word, and the picture is an image.
  if (root.hasAttribute('role')) root.setAttribute('role', 'img')
  return {svg: new XMLSerializer().serializeToString(document), removed: clean.removed}
}

/**
 * Attributes in name order: a renderer sets them in the order its code
 * path happened to take (Plotly redraws a legend's box style-first once it
 * has drawn one before), and the same chart must give the same bytes
 * whatever the build drew before it in the same page.
 */
function sortAttributes(element: Element): void {
  const attributes = Array.from(element.attributes).filter((attribute) => attribute.name !== 'xmlns' && !attribute.name.startsWith('xmlns:'))
  const sorted = [...attributes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  if (sorted.every((attribute, index) => attribute === attributes[index])) return
  for (const attribute of attributes) element.removeAttributeNode(attribute)
  for (const attribute of sorted) element.setAttributeNode(attribute)
}

/** A fixed-size drawing gets a viewBox from its size, so `max-width: 100%` scales it whole. */
function ensureViewBox(root: Element): void {
  if (root.getAttribute('viewBox')) return
  const width = Number.parseFloat(root.getAttribute('width') ?? '')
  const height = Number.parseFloat(root.getAttribute('height') ?? '')
  if (width > 0 && height > 0) root.setAttribute('viewBox', `0 0 ${width} ${height}`)
}

/** Attributes SVG 1.1 requires (EPUB's schema checks them) that a renderer left to CSS or omitted for an empty shape. */
const required: Readonly<Record<string, string[]>> = {rect: ['width', 'height'], path: ['d'], circle: ['r'], ellipse: ['rx', 'ry'], polygon: ['points'], polyline: ['points']}

/** A shape missing one gets its empty value, which draws what the browser drew: nothing. */
function completeShapes(elements: Element[]): void {
  for (const element of elements) {
    for (const name of required[element.localName ?? ''] ?? []) if (!element.hasAttribute(name)) element.setAttribute(name, name === 'd' || name === 'points' ? '' : '0')
  }
}
