import type {Element, ElementContent, Root as HastRoot, RootContent as HastContent} from 'hast'
import type {Html, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '@offprint/parse/report'

/** Block containers an author writes inline for grouping: inside a paragraph they become `<span>`. */
const groupingTags = new Set(['div', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'main', 'address', 'figure', 'figcaption', 'center'])
/** Blocks the HTML parser closes a paragraph for (they cannot be made inline). */
const closingTags = new Set(['p', 'ul', 'ol', 'dl', 'table', 'pre', 'blockquote', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'details', 'fieldset', 'form', 'menu'])

/**
 * Raw HTML block tags inside a paragraph: XHTML allows only phrasing content
 * in `<p>`, and the HTML parser would close the paragraph at them and leave
 * the rest of its text outside. Grouping tags (`<div>`) become `<span>`, so
 * the text stays in its paragraph; other blocks close it, as browsers do.
 * Each gets a warning at the tag.
 */
export function inlineBlockHtml(tree: Root, file: VFile): void {
  visit(tree, 'paragraph', (paragraph) => {
    for (const child of paragraph.children) {
      if (child.type !== 'html') continue
      const node = child as Html
      const match = /^<(\/?)([a-z][a-z0-9]*)\b/i.exec(node.value)
      const tag = match?.[2]?.toLowerCase()
      if (!match || !tag) continue
      if (groupingTags.has(tag)) {
        node.value = `<${match[1]}span${node.value.slice(match[0].length)}`
        if (!match[1]) warn(file, `Unexpected block element \`<${tag}>\` inside a paragraph, expected phrasing content (set as \`<span>\`)`, 'html-block-in-paragraph', node.position?.start)
      } else if (closingTags.has(tag) && !match[1]) {
        warn(file, `Unexpected block element \`<${tag}>\` inside a paragraph, expected it on its own line (the paragraph ends before it)`, 'html-block-in-paragraph', node.position?.start)
      }
    }
  })
}

const tableParts = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr'])
const tableChildren: Readonly<Record<string, ReadonlySet<string>>> = {
  table: new Set(['caption', 'colgroup', 'thead', 'tbody', 'tfoot', 'tr']),
  thead: new Set(['tr']),
  tbody: new Set(['tr']),
  tfoot: new Set(['tr']),
  tr: new Set(['td', 'th'])
}

/**
 * Hold parsed and sanitized HTML to the XHTML content model the EPUB is
 * checked against, and that the HTML page shares:
 * - GFM column alignment becomes a class (`align-left|center|right`), as
 *   `align` is obsolete in HTML5 and refused by epubcheck;
 * - text or elements directly inside a list become list items;
 * - text or stray elements directly inside a table move before it (as the
 *   HTML parser fosters them), a caption moves to the table's start;
 * - paragraphs left empty by the parser closing them are dropped;
 * - `<details>` is open, so its text is printed.
 * Each repair of the author's HTML is a warning at its place.
 */
export function repairContentModel(root: HastRoot, file: VFile): void {
  visit(root, 'element', (node) => {
    if (node.tagName === 'td' || node.tagName === 'th') {
      const align = node.properties.align
      if (typeof align === 'string' && /^(left|center|right)$/.test(align)) {
        node.properties.className = [...classes(node), `align-${align}`]
      }
      delete node.properties.align
    }
    // A closed `<details>` prints nothing of its text: the PDF and most EPUB readers cannot open it.
    if (node.tagName === 'details') node.properties.open = true
  })
  repairChildren(root, file)
}

function repairChildren(parent: HastRoot | Element, file: VFile): void {
  const children: HastContent[] = []
  for (const child of parent.children) {
    if (child.type !== 'element') {
      children.push(child)
      continue
    }
    repairChildren(child, file)
    // An empty paragraph the parser made when it closed one early.
    if (child.tagName === 'p' && !child.position && child.children.every((c) => c.type === 'text' && !c.value.trim())) continue
    if (tableParts.has(child.tagName)) {
      children.push(...fosterOut(child, file), child)
      continue
    }
    if (child.tagName === 'ul' || child.tagName === 'ol') listItems(child, file)
    children.push(child)
  }
  parent.children = children as typeof parent.children
}

/** Content a table part may not hold, taken out (to go before the table), caption first. */
function fosterOut(part: Element, file: VFile): ElementContent[] {
  const allowed = tableChildren[part.tagName]!
  const out: ElementContent[] = []
  const kept: ElementContent[] = []
  for (const child of part.children) {
    if (child.type === 'comment' || (child.type === 'text' && !child.value.trim())) kept.push(child)
    else if (child.type === 'element' && allowed.has(child.tagName)) kept.push(child)
    else {
      const what = child.type === 'element' ? `\`<${child.tagName}>\`` : 'text'
      warn(file, `Unexpected ${what} directly inside \`<${part.tagName}>\`, expected ${[...allowed].map((t) => `\`<${t}>\``).join(', ')} (moved before the table)`, 'html-content-model', child.position?.start ?? part.position?.start)
      out.push(child.type === 'text' ? {type: 'element', tagName: 'p', properties: {}, children: [child]} : child)
    }
  }
  const caption = kept.findIndex((c) => c.type === 'element' && c.tagName === 'caption')
  if (caption > 0) kept.unshift(...kept.splice(caption, 1))
  part.children = kept
  return out
}

/** Non-item content of a list wrapped in items, one per run. */
function listItems(list: Element, file: VFile): void {
  const children: ElementContent[] = []
  let run: Element | undefined
  for (const child of list.children) {
    if ((child.type === 'text' && !child.value.trim()) || child.type === 'comment' || (child.type === 'element' && (child.tagName === 'li' || child.tagName === 'script' || child.tagName === 'template'))) {
      run = undefined
      children.push(child)
      continue
    }
    if (!run) {
      const what = child.type === 'element' ? `\`<${child.tagName}>\`` : 'text'
      warn(file, `Unexpected ${what} directly inside \`<${list.tagName}>\`, expected \`<li>\` (wrapped in an item)`, 'html-content-model', child.position?.start ?? list.position?.start)
      run = {type: 'element', tagName: 'li', properties: {}, children: []}
      children.push(run)
    }
    run.children.push(child.type === 'text' ? {...child, value: child.value.trim()} : child)
  }
  list.children = children
}

function classes(node: Element): string[] {
  const value: unknown = node.properties.className
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : []
}

function warn(file: VFile, reason: string, ruleId: string, place: {line: number; column: number} | undefined): void {
  report(file, {reason, ruleId, severity: 'warning', place})
}
