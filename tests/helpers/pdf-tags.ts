import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import * as mupdf from 'mupdf'

/** One structure element, read back from a PDF as plain data. */
export interface Tag {
  type: string
  id?: string | undefined
  alt?: string | undefined
  lang?: string | undefined
  /** The text of its content, as poppler reads it (`textOf`); empty until then. */
  text: string
  /** `/A` attributes, merged (`Scope`, `ListNumbering`, …). */
  attributes: Record<string, unknown>
  kids: Tag[]
  /** Object numbers of the annotations it references (OBJR). */
  objects: number[]
  /** Its MCIDs, on any page. */
  mcids: number[]
  parent?: Tag | undefined
}

export interface LinkAnnotation {
  object: number
  page: number
  contents: string | undefined
  /** `#note-3` or the URI. */
  href: string
  /** The element the parent tree gives for its /StructParent. */
  element: Tag | undefined
}

export interface PdfTags {
  document: mupdf.PDFDocument
  catalog: mupdf.PDFObject
  root: Tag
  roleMap: Record<string, string>
  /** The ID tree: ID → element. */
  ids: Map<string, Tag>
  links: LinkAnnotation[]
}

/** The structure tree, role map, ID tree and link annotations of a PDF, through MuPDF. */
export function readTags(path: string): PdfTags {
  const document = new mupdf.PDFDocument(readFileSync(path))
  const catalog = document.getTrailer().get('Root')
  const treeRoot = catalog.get('StructTreeRoot')
  const byObject = new Map<number, Tag>()
  const read = (node: mupdf.PDFObject, parent: Tag | undefined): Tag => {
    const attributes: Record<string, unknown> = {}
    const a = node.get('A')
    for (const owner of a.isArray() ? Array.from({length: a.length}, (_, at) => a.get(at)) : [a]) {
      if (owner.isDictionary()) owner.forEach((value, key) => (attributes[String(key)] = value.asJS()))
    }
    const text = (key: string) => (node.get(key).isString() ? node.get(key).asString() : undefined)
    const tag: Tag = {type: node.get('S').isName() ? node.get('S').asName() : 'StructTreeRoot', id: text('ID'), alt: text('Alt'), lang: text('Lang'), text: '', attributes, kids: [], objects: [], mcids: [], parent}
    if (node.isIndirect()) byObject.set(node.asIndirect(), tag)
    const k = node.get('K')
    for (const kid of k.isArray() ? Array.from({length: k.length}, (_, at) => k.get(at)) : k.isNull() ? [] : [k]) {
      if (kid.isNumber()) tag.mcids.push(kid.asNumber())
      else if (kid.get('Type').isName() && kid.get('Type').asName() === 'OBJR') tag.objects.push(kid.get('Obj').asIndirect())
      else if (kid.get('Type').isName() && kid.get('Type').asName() === 'MCR') tag.mcids.push(kid.get('MCID').asNumber())
      else if (kid.get('S').isName()) tag.kids.push(read(kid, tag))
    }
    return tag
  }
  const root = read(treeRoot, undefined)
  const roleMap: Record<string, string> = {}
  if (treeRoot.get('RoleMap').isDictionary()) treeRoot.get('RoleMap').forEach((value, key) => (roleMap[String(key)] = value.asName()))
  const ids = new Map<string, Tag>()
  const walkIds = (node: mupdf.PDFObject) => {
    const names = node.get('Names')
    if (names.isArray()) for (let at = 0; at + 1 < names.length; at += 2) ids.set(names.get(at).asString(), byObject.get(names.get(at + 1).asIndirect())!)
    const kids = node.get('Kids')
    if (kids.isArray()) for (let at = 0; at < kids.length; at++) walkIds(kids.get(at))
  }
  if (treeRoot.get('IDTree').isDictionary()) walkIds(treeRoot.get('IDTree'))
  const parents = new Map<number, number>()
  const nums = treeRoot.get('ParentTree', 'Nums')
  for (let at = 0; at + 1 < nums.length; at += 2) if (nums.get(at + 1).isIndirect()) parents.set(nums.get(at).asNumber(), nums.get(at + 1).asIndirect())
  const links: LinkAnnotation[] = []
  for (let page = 0; page < document.countPages(); page++) {
    const annots = document.findPage(page).get('Annots')
    for (let at = 0; annots.isArray() && at < annots.length; at++) {
      const annot = annots.get(at)
      if (annot.get('Subtype').asName() !== 'Link') continue
      const dest = annot.get('Dest')
      const href = dest.isName() ? '#' + dest.asName() : dest.isString() ? '#' + dest.asString() : annot.get('A', 'URI').asString()
      const key = annot.get('StructParent')
      const parent = key.isNumber() ? parents.get(key.asNumber()) : undefined
      links.push({object: annot.asIndirect(), page, contents: annot.get('Contents').isString() ? annot.get('Contents').asString() : undefined, href, element: parent === undefined ? undefined : byObject.get(parent)})
    }
  }
  return {document, catalog, root, roleMap, ids, links}
}

/** Every element of the tree, depth first. */
export function allTags(tag: Tag): Tag[] {
  return [tag, ...tag.kids.flatMap(allTags)]
}

/**
 * Painting operators outside any marked content, page by page: content
 * PDF/UA wants tagged or marked as an artifact. Read line by line, as Skia
 * and our post-processing write one marked-content operator per line.
 */
export function unmarkedPainting(document: mupdf.PDFDocument): Array<{page: number; line: string}> {
  const found: Array<{page: number; line: string}> = []
  for (let page = 0; page < document.countPages(); page++) {
    const contents = document.findPage(page).get('Contents')
    const streams = contents.isArray() ? Array.from({length: contents.length}, (_, at) => contents.get(at)) : [contents]
    let depth = 0
    for (const stream of streams) {
      for (const line of Buffer.from(stream.readStream().asUint8Array()).toString('latin1').split('\n')) {
        const ops = line.replace(/\((?:\\.|[^\\)])*\)|<[^<>]*>/g, ' ').trim()
        if (/\b(BDC|BMC)$/.test(ops)) depth++
        else if (ops === 'EMC') depth--
        else if (depth === 0 && /(^|\s)(Tj|TJ|Do|sh|re|m|l|S|f|B)(\s|$)/.test(ops)) found.push({page: page + 1, line})
      }
    }
  }
  return found
}

/**
 * Give every element of `root` (read by `readTags` from `path`) the text it
 * holds, from poppler's `pdfinfo -struct-text`, an independent reading of the
 * tree and its marked content: the two trees are walked in the same order
 * and must agree on every type. Poppler drops the space at a line break.
 */
export function textOf(path: string, root: Tag): void {
  const lines = execFileSync('pdfinfo', ['-struct-text', path], {encoding: 'utf8', maxBuffer: 64 << 20}).split('\n')
  const elements = allTags(root).slice(1)
  const stack: Array<{indent: number; tag: Tag}> = []
  let next = 0
  for (const line of lines) {
    const content = line.trimStart()
    const indent = line.length - content.length
    // Attributes (`/Scope /Column`) and object references (`Object 12 0`) are not elements.
    if (!content || content.startsWith('/') || /^Object \d+ \d+$/.test(content)) continue
    if (content.startsWith('"')) {
      for (const open of stack) if (open.indent < indent) open.tag.text += content.slice(1, content.lastIndexOf('"'))
      continue
    }
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop()
    const tag = elements[next++]
    const type = /^(\S+?):?(?:\s|$)/.exec(content)![1]!
    if (tag?.type !== type) throw new Error(`poppler reads ${type} where MuPDF reads ${tag?.type} (element ${next})`)
    stack.push({indent, tag})
  }
  if (next !== elements.length) throw new Error(`poppler reads ${next} elements, MuPDF ${elements.length}`)
}
