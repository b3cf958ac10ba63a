import type {Element, ElementContent} from 'hast'
import type {Table} from 'mdast'
import type {BracketedSpan, CrossReference, FencedDiv} from '@offprint/parse/syntax'
import {defaultHandlers, type Handler, type State} from 'mdast-util-to-hast'
import {labelsFor} from './labels.js'

/** The paper's language, for the words a handler prints (“Figure”, “Note”). */
function langOf(state: State): string {
  return state.options.file?.data.meta?.lang ?? 'en'
}

/** Pandoc's attributes as hast properties: id, classes, `lang`, `dir`. */
function properties(attributes: FencedDiv['attributes']): Element['properties'] {
  return {
    ...(attributes.id ? {id: attributes.id} : {}),
    ...(attributes.classes.length > 0 ? {className: [...attributes.classes]} : {}),
    // Both: `lang` for HTML, `xml:lang` for the EPUB's XHTML (HTML allows it beside an equal `lang`).
    ...(attributes.pairs.lang ? {lang: attributes.pairs.lang, xmlLang: attributes.pairs.lang} : {}),
    ...(attributes.pairs.dir ? {dir: attributes.pairs.dir} : {})
  }
}

/**
 * `::: {.class #id}` → `<div class id>`; a Quarto callout → `<aside
 * role="note">` boxed by the theme, its title (the leading heading, else
 * the kind's word) first and its accessible name.
 */
export const fencedDivHandler: Handler = (state: State, node: FencedDiv) => {
  const children = state.all(node) as ElementContent[]
  let result: Element
  if (node.callout) {
    const titleId = node.attributes.id ? `${node.attributes.id}-title` : undefined
    const title: ElementContent[] = node.title ? (state.all({type: 'paragraph', children: node.title}) as ElementContent[]) : [{type: 'text', value: labelsFor(langOf(state)).callouts[node.callout]}]
    const props = properties(node.attributes)
    result = {
      type: 'element',
      tagName: 'aside',
      properties: {...props, className: ['callout', ...((props.className as string[] | undefined) ?? [])], role: 'note', ...(titleId ? {ariaLabelledBy: [titleId]} : {})},
      // Chromium tags a `group` as a Div (a note or an aside it leaves NonStruct): the PDF keeps the box and its title together.
      children: [
        {
          type: 'element',
          tagName: 'div',
          properties: {className: ['callout-content'], role: 'group'},
          children: [{type: 'element', tagName: 'p', properties: {className: ['callout-title'], ...(titleId ? {id: titleId} : {})}, children: [{type: 'element', tagName: 'strong', properties: {}, children: title}]}, ...children]
        }
      ]
    }
  } else {
    result = {type: 'element', tagName: 'div', properties: properties(node.attributes), children}
  }
  state.patch(node, result)
  return result
}

/** `[text]{.mark}` → `<mark>`; other spans → `<span>` with their classes and `lang` (`.smallcaps`, `.underline` styled by the theme). */
export const bracketedSpanHandler: Handler = (state: State, node: BracketedSpan) => {
  const props = properties(node.attributes)
  const classes = ((props.className as string[] | undefined) ?? []).filter((name) => name !== 'mark')
  const mark = node.attributes.classes.includes('mark')
  const result: Element = {
    type: 'element',
    tagName: mark ? 'mark' : 'span',
    properties: {...props, ...(classes.length > 0 ? {className: classes} : {className: undefined})},
    children: state.all(node) as ElementContent[]
  }
  if (!result.properties.className) delete result.properties.className
  state.patch(node, result)
  return result
}

/** `@fig-x` → a link to the figure, “Figure 1” in the paper's language; a section by its title. */
export const crossReferenceHandler: Handler = (state: State, node: CrossReference) => {
  const words = labelsFor(langOf(state))
  let children: ElementContent[]
  if (node.missing) children = [{type: 'text', value: '??'}]
  else if (node.kind === 'sec' && node.number === undefined) children = state.all({type: 'paragraph', children: node.title ?? []}) as ElementContent[]
  else {
    const number = node.kind === 'eq' ? `(${node.number})` : String(node.number)
    children = [{type: 'text', value: node.bare ? number : `${words.crossref[node.kind]}\u00a0${number}`}]
  }
  const result: Element = node.missing
    ? {type: 'element', tagName: 'span', properties: {className: ['crossref', 'crossref-missing']}, children}
    : {type: 'element', tagName: 'a', properties: {href: `#${node.identifier}`, className: ['crossref']}, children}
  state.patch(node, result)
  return result
}

/** A table with pandoc's caption line: `<caption>` first, “Table 1.” before it when labelled. */
export const tableHandler: Handler = (state: State, node: Table) => withCaption(state, node, shaped(node, defaultHandlers.table(state, node) as Element))

/**
 * A pandoc table's shape beyond GFM's: a headless one (simple or multiline
 * without a header) has its first row in the body as data cells, and a
 * multiline or grid table's relative widths become a `colgroup`, as pandoc writes.
 */
function shaped(node: Table, result: Element): Element {
  if (node.data?.headless) {
    const head = result.children.find((child): child is Element => child.type === 'element' && child.tagName === 'thead')
    const rows = (head?.children ?? []).filter((child): child is Element => child.type === 'element')
    for (const row of rows) {
      for (const cell of row.children) if (cell.type === 'element' && cell.tagName === 'th') cell.tagName = 'td'
    }
    let body = result.children.find((child): child is Element => child.type === 'element' && child.tagName === 'tbody')
    if (!body) {
      body = {type: 'element', tagName: 'tbody', properties: {}, children: []}
      result.children.push(body)
    }
    body.children.unshift(...rows)
    // The head goes with the line break after it.
    const at = head ? result.children.indexOf(head) : -1
    if (at >= 0) result.children.splice(at, result.children[at + 1]?.type === 'text' ? 2 : 1)
  }
  const widths = node.data?.widths
  if (widths && widths.length > 0) {
    const cols: ElementContent[] = widths.map((width) => ({type: 'element', tagName: 'col', properties: {style: `width:${Math.round(width * 1000) / 10}%`}, children: []}))
    result.children.unshift({type: 'element', tagName: 'colgroup', properties: {}, children: cols})
  }
  return result
}

/** Grid tables get the same caption, number and column widths. */
export function captioned(handler: Handler): Handler {
  return (state, node) => withCaption(state, node as Table, shaped(node as Table, handler(state, node, undefined) as Element))
}

function withCaption(state: State, node: Table, result: Element): Element {
  const caption = node.data?.caption
  const numbered = node.data?.numbered
  if (numbered) result.properties.id = numbered.id
  if (caption || numbered) {
    const label: ElementContent[] = numbered ? [{type: 'element', tagName: 'span', properties: {className: ['caption-label']}, children: [{type: 'text', value: `${labelsFor(langOf(state)).crossref.tbl}\u00a0${numbered.number}.`}]}, {type: 'text', value: ' '}] : []
    result.children.unshift({type: 'element', tagName: 'caption', properties: {}, children: [...label, ...(state.all({type: 'paragraph', children: caption ?? []}) as ElementContent[])]})
  }
  return result
}

/** “Figure 1.” before a numbered figure's caption. */
export function figureLabel(state: State, number: number): ElementContent[] {
  return [{type: 'element', tagName: 'span', properties: {className: ['caption-label']}, children: [{type: 'text', value: `${labelsFor(langOf(state)).crossref.fig}\u00a0${number}.`}]}, {type: 'text', value: ' '}]
}
