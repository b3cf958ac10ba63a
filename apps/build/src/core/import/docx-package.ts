import {DOMParser, XMLSerializer, type Document, type Element} from '@xmldom/xmldom'
import JSZip from 'jszip'

/** WordprocessingML's main namespace, whatever prefix a file gives it (`w:`, `ns0:`…). */
export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const relationships = 'http://schemas.openxmlformats.org/package/2006/relationships'
const officeDocument = /\/officeDocument$/

/** A file that cannot be read as a Word document: what it is instead. */
export class DocxError extends Error {}

/** A .docx opened: its zip, and the paths of the parts Offprint reads. */
export interface DocxPackage {
  zip: JSZip
  /** The main document part (`word/document.xml`, or wherever `_rels/.rels` points). */
  main: string
  /** The main part's relationships by type suffix (`footnotes`, `comments`…) → part path. */
  parts: Map<string, string>
}

/** Open a .docx: a zip whose package relationships name a main document part. */
export async function openDocx(bytes: Uint8Array): Promise<DocxPackage> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch (error) {
    throw new DocxError(`not a zip archive: ${error instanceof Error ? error.message : String(error)}`)
  }
  const rels = await readXml(zip, '_rels/.rels')
  if (!rels) throw new DocxError('a zip archive without _rels/.rels, expected a .docx package')
  const main = targetsOf(rels, '').find((rel) => officeDocument.test(rel.type))?.target
  if (!main || !zip.file(main)) throw new DocxError('no main document part, expected word/document.xml')
  const mainRels = await readXml(zip, relsPathOf(main))
  const parts = new Map<string, string>()
  if (mainRels) for (const rel of targetsOf(mainRels, dirOf(main))) parts.set(rel.type.replace(/^.*\//, ''), rel.target)
  return {zip, main, parts}
}

/** A part parsed as XML, or undefined when the package has no such part. */
export async function readXml(zip: JSZip, path: string): Promise<Document | undefined> {
  const entry = zip.file(path)
  if (!entry) return undefined
  // A byte order mark before the XML declaration is common in files other tools wrote.
  const text = (await entry.async('string')).replace(/^\uFEFF/, '')
  try {
    // Only a fatal error stops the reading: Word itself opens files with lesser faults.
    const parser = new DOMParser({
      onError: (level, message) => {
        if (level === 'fatalError') throw new Error(message)
      }
    })
    return parser.parseFromString(text, 'text/xml')
  } catch (error) {
    throw new DocxError(`${path} is not well-formed XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  }
}

export function serialize(document: Document): string {
  return new XMLSerializer().serializeToString(document)
}

/** Elements of a namespace and local name under `root`, in document order. */
export function elements(root: Document | Element, localName: string, namespace = W): Element[] {
  return Array.from(root.getElementsByTagNameNS(namespace, localName))
}

/** The first child element with this local name (WordprocessingML namespace). */
export function child(element: Element, localName: string, namespace = W): Element | undefined {
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).localName === localName && (node as Element).namespaceURI === namespace) return node as Element
  }
  return undefined
}

/** A `w:` attribute, read by namespace so that any prefix works. */
export function attribute(element: Element, name: string): string | undefined {
  return element.getAttributeNS(W, name) ?? element.getAttribute(`w:${name}`) ?? undefined
}

function targetsOf(rels: Document, base: string): Array<{type: string; target: string}> {
  return elements(rels, 'Relationship', relationships)
    .filter((rel) => rel.getAttribute('TargetMode') !== 'External')
    .map((rel) => ({type: rel.getAttribute('Type') ?? '', target: resolvePart(base, rel.getAttribute('Target') ?? '')}))
}

function resolvePart(base: string, target: string): string {
  const segments = target.startsWith('/') ? [] : base.split('/').filter(Boolean)
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop()
    else if (segment && segment !== '.') segments.push(segment)
  }
  return segments.join('/')
}

function dirOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : ''
}

function relsPathOf(part: string): string {
  const dir = dirOf(part)
  return `${dir ? dir + '/' : ''}_rels/${part.slice(dir ? dir.length + 1 : 0)}.rels`
}
