import type {Document, Element} from '@xmldom/xmldom'
import {attribute, child, elements, W} from './docx-package.js'

/** One citation field Zotero or Mendeley inserted: its CSL-JSON, as the field code holds it. */
export interface CitationField {
  /** The token left in the text where the citation stood, replaced by `[@key]` in the markdown. */
  token: string
  /** `citationItems` of the field's JSON (each with `itemData`, `locator`, `label`, `prefix`…). */
  items: CitationItem[]
  /** The text Word showed, for messages. */
  shown: string
}

export interface CitationItem {
  id?: unknown
  uris?: string[]
  uri?: string[]
  itemData?: Record<string, unknown>
  locator?: string
  label?: string
  prefix?: string
  suffix?: string
  'suppress-author'?: boolean
}

/** What a bibliography field (ZOTERO_BIBL, Mendeley's CSL_BIBLIOGRAPHY) stood under. */
export interface BibliographyField {
  /** The heading just before it (“References”), removed with it: it becomes `bibliography-title`. */
  heading?: string | undefined
}

export interface FieldResult {
  citations: CitationField[]
  bibliographies: BibliographyField[]
  /** Citation fields whose JSON could not be read: their shown text is kept. */
  unreadable: Array<{shown: string; reason: string}>
}

interface OpenField {
  begin: Element
  instr: string
  runs: Element[]
}

const citationCode = /^\s*ADDIN\s+(?:ZOTERO_ITEM\s+)?CSL_CITATION\s*(\{[\s\S]*\})\s*$/
const bibliographyCode = /^\s*ADDIN\s+(?:ZOTERO_BIBL\b|Mendeley\s+Bibliography\b|[\s\S]*CSL_BIBLIOGRAPHY)/

/**
 * Find the citation and bibliography fields of reference managers in a part
 * (the document, its footnotes or endnotes) and take them out of the XML
 * before mammoth reads it, which would keep only their formatted text: a
 * citation becomes a run holding a token (`tokenOf(n)`), a bibliography is
 * removed with its paragraphs (our CSL pipeline prints the works cited).
 */
export function takeCitationFields(document: Document, start: number, headingStyles: ReadonlySet<string>): FieldResult {
  const result: FieldResult = {citations: [], bibliographies: [], unreadable: []}
  for (const field of complexFields(document)) {
    const citation = citationCode.exec(field.instr)
    if (citation) {
      const shown = textOf(field.runs)
      let items: CitationItem[] | undefined
      try {
        const json = JSON.parse(citation[1]!) as {citationItems?: CitationItem[]}
        items = Array.isArray(json.citationItems) ? json.citationItems.filter((item) => item && typeof item.itemData === 'object') : undefined
      } catch (error) {
        result.unreadable.push({shown, reason: error instanceof Error ? error.message : String(error)})
        continue
      }
      if (!items || items.length === 0) {
        result.unreadable.push({shown, reason: 'no citationItems with itemData'})
        continue
      }
      const token = tokenOf(start + result.citations.length)
      replaceRuns(field, token)
      result.citations.push({token, items, shown})
    } else if (bibliographyCode.test(field.instr)) {
      result.bibliographies.push({heading: removeParagraphsOf(field, headingStyles)})
    }
  }
  return result
}

/** A run of letters only, which markdown leaves as it is. */
export function tokenOf(index: number): string {
  return `OFFPRINTCITATION${index}X`
}

export const tokenPattern = /OFFPRINTCITATION(\d+)X/g

/** Complex fields (`w:fldChar` begin … separate … end), outer ones after those they hold. */
function complexFields(document: Document): OpenField[] {
  const done: OpenField[] = []
  const open: OpenField[] = []
  for (const run of elements(document, 'r')) {
    for (const field of open) field.runs.push(run)
    for (let node = run.firstChild; node; node = node.nextSibling) {
      if (node.nodeType !== 1) continue
      const element = node as Element
      if (element.namespaceURI !== W) continue
      if (element.localName === 'fldChar') {
        const type = attribute(element, 'fldCharType')
        if (type === 'begin') open.push({begin: run, instr: '', runs: [run]})
        else if (type === 'end') {
          const field = open.pop()
          if (field) done.push(field)
        }
      } else if (element.localName === 'instrText') {
        const field = open.at(-1)
        if (field) field.instr += element.textContent ?? ''
      }
    }
  }
  return done
}

function textOf(runs: ReadonlyArray<Element>): string {
  return runs
    .flatMap((run) => elements(run, 't'))
    .map((t) => t.textContent ?? '')
    .join('')
    .trim()
}

/** Put one run with the token where the field began, and remove the field's runs. */
function replaceRuns(field: OpenField, token: string): void {
  const document = field.begin.ownerDocument!
  const run = document.createElementNS(W, 'w:r')
  const text = document.createElementNS(W, 'w:t')
  text.appendChild(document.createTextNode(token))
  run.appendChild(text)
  field.begin.parentNode?.insertBefore(run, field.begin)
  for (const each of field.runs) each.parentNode?.removeChild(each)
}

/**
 * Remove a bibliography field and the paragraphs it leaves empty; a heading
 * paragraph right before it goes too, and its text is returned.
 */
function removeParagraphsOf(field: OpenField, headingStyles: ReadonlySet<string>): string | undefined {
  const paragraphs = new Set<Element>()
  for (const run of field.runs) {
    const paragraph = ancestor(run, 'p')
    if (paragraph) paragraphs.add(paragraph)
    run.parentNode?.removeChild(run)
  }
  const first = [...paragraphs][0]
  let heading: string | undefined
  const before = first && previousParagraph(first)
  if (before && headingStyles.has(styleOf(before) ?? '')) {
    heading = elements(before, 't').map((t) => t.textContent ?? '').join('').trim() || undefined
    before.parentNode?.removeChild(before)
  }
  for (const paragraph of paragraphs) {
    if (elements(paragraph, 't').every((t) => !(t.textContent ?? '').trim())) paragraph.parentNode?.removeChild(paragraph)
  }
  return heading
}

export function styleOf(paragraph: Element): string | undefined {
  const properties = child(paragraph, 'pPr')
  const style = properties && child(properties, 'pStyle')
  return style ? attribute(style, 'val') : undefined
}

function ancestor(element: Element, localName: string): Element | undefined {
  for (let node = element.parentNode; node; node = node.parentNode) {
    if (node.nodeType === 1 && (node as Element).localName === localName && (node as Element).namespaceURI === W) return node as Element
  }
  return undefined
}

function previousParagraph(paragraph: Element): Element | undefined {
  for (let node = paragraph.previousSibling; node; node = node.previousSibling) {
    if (node.nodeType === 1 && (node as Element).localName === 'p') return node as Element
  }
  return undefined
}
