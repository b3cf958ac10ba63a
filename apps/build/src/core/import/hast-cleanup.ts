import type {Element, ElementContent, Root, RootContent} from 'hast'

/** Classes the style map gives paragraphs whose text is front matter, not body. */
export const metadataClasses = ['offprint-title', 'offprint-subtitle', 'offprint-author', 'offprint-date', 'offprint-abstract'] as const
export type MetadataClass = (typeof metadataClasses)[number]

/** Text the front matter takes from styled paragraphs: class → each paragraph's text. */
export type StyledMetadata = Partial<Record<MetadataClass, string[]>>

export function isElement(node: unknown, tagName?: string): node is Element {
  const element = node as Element | undefined
  return element?.type === 'element' && (tagName === undefined || element.tagName === tagName)
}

export function textOf(node: Root | ElementContent | RootContent): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element' || node.type === 'root') return node.children.map((each) => textOf(each)).join('')
  return ''
}

function classesOf(node: Element): string[] {
  const value = node.properties.className as unknown
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : []
}

/** Take the Title/Subtitle/Author/Date/Abstract paragraphs out of the body. */
export function takeMetadata(tree: Root): StyledMetadata {
  const found: StyledMetadata = {}
  tree.children = tree.children.filter((node) => {
    if (!isElement(node, 'p')) return true
    const kind = metadataClasses.find((name) => classesOf(node).includes(name))
    if (!kind) return true
    const text = textOf(node).replace(/\s+/g, ' ').trim()
    if (text) (found[kind] ??= []).push(text)
    return false
  })
  return found
}

/**
 * Captions: a Caption paragraph next to a paragraph that is one picture
 * becomes that picture's title (a figure's caption in Offprint); any other
 * stays a paragraph of its own.
 */
export function attachCaptions(tree: Root): number {
  let attached = 0
  const children = tree.children
  for (let index = 0; index < children.length; index++) {
    const node = children[index]
    if (!isElement(node, 'p') || !classesOf(node).includes('offprint-caption')) continue
    delete node.properties.className
    const caption = textOf(node).replace(/\s+/g, ' ').trim()
    const picture = [children[index - 1], children[index + 1]].map(onlyImage).find((image) => image && !image.properties.title)
    if (!picture || !caption) continue
    picture.properties.title = caption
    children.splice(index, 1)
    index--
    attached++
  }
  return attached
}

function onlyImage(node: RootContent | undefined): Element | undefined {
  if (!isElement(node, 'p')) return undefined
  const content = node.children.filter((each) => !(each.type === 'text' && !each.value.trim()))
  const [only] = content
  return content.length === 1 && isElement(only, 'img') ? only : undefined
}

/** Links to places inside the document (bookmarks, a table of contents) cannot work in a paper: keep their text. */
export function unwrapInnerLinks(node: Root | Element): void {
  const children = node.children as ElementContent[]
  node.children = children.flatMap((each): ElementContent[] => {
    if (!isElement(each)) return [each]
    unwrapInnerLinks(each)
    if (each.tagName !== 'a') return [each]
    const href = String(each.properties.href ?? '')
    return href === '' || href.startsWith('#') ? each.children : [each]
  })
}

/**
 * A table cell in GFM is one line: its paragraphs and list items are joined
 * with `<br>` (an `offprint-br` element, written as raw `<br>`), a list item
 * keeping its bullet or number.
 */
export function flattenCells(node: Root | Element): void {
  for (const each of node.children) {
    if (!isElement(each)) continue
    if (each.tagName === 'td' || each.tagName === 'th') each.children = cellLines(each.children).flatMap((line, index) => (index === 0 ? line : [br(), ...line]))
    else flattenCells(each)
  }
}

const blocks = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'div', 'table'])

function cellLines(children: ElementContent[], bullet = ''): ElementContent[][] {
  const lines: ElementContent[][] = []
  let inline: ElementContent[] = []
  const flush = () => {
    if (inline.some((each) => !(each.type === 'text' && !each.value.trim()))) lines.push(bullet && lines.length === 0 ? [{type: 'text', value: bullet}, ...inline] : inline)
    inline = []
  }
  for (const each of children) {
    if (isElement(each) && (each.tagName === 'ul' || each.tagName === 'ol')) {
      flush()
      let number = 0
      for (const item of each.children) if (isElement(item, 'li')) lines.push(...cellLines(item.children, each.tagName === 'ol' ? `${++number}. ` : '• '))
    } else if (isElement(each) && blocks.has((each as Element).tagName)) {
      const block = each as Element
      flush()
      // A table in a cell has no place in GFM: its cells' text, one row a line.
      lines.push(...(block.tagName === 'table' ? tableLines(block) : cellLines(block.children)))
    } else inline.push(each)
  }
  flush()
  return lines
}

function tableLines(table: Element): ElementContent[][] {
  const rows: Element[] = []
  const collect = (node: Element) => node.children.forEach((each) => isElement(each) && (each.tagName === 'tr' ? rows.push(each) : collect(each)))
  collect(table)
  return rows.map((row) => [{type: 'text', value: row.children.filter((cell) => isElement(cell)).map((cell) => textOf(cell).trim()).join(' | ')}])
}

function br(): Element {
  return {type: 'element', tagName: 'offprint-br', properties: {}, children: []}
}

/** A table without a head row takes its first row as the head (GFM tables must have one). */
export function headFirstRows(node: Root | Element): void {
  for (const each of node.children) {
    if (!isElement(each)) continue
    if (each.tagName === 'table') {
      const hasHead = each.children.some((part) => isElement(part, 'thead'))
      const rows = each.children.flatMap((part): ElementContent[] => (!isElement(part) ? [] : part.tagName === 'tr' ? [part] : part.tagName === 'tbody' ? part.children.filter((row) => isElement(row, 'tr')) : [])) as Element[]
      if (!hasHead && rows[0]) for (const cell of rows[0].children) if (isElement(cell, 'td')) cell.tagName = 'th'
    }
    headFirstRows(each)
  }
}
