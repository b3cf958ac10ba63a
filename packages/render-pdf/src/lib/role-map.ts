import type {PDFDocument} from 'mupdf'
import type {ListedElement} from './structure-tree.js'

/**
 * PDF 2.0 types Chromium writes that PDF 1.7 (PDF/UA-1’s base) does not
 * define, each with the standard type it is read as. PDF/UA-1 wants every
 * non-standard type role-mapped.
 */
const roles: Readonly<Record<string, string>> = Object.freeze({
  Strong: 'Span',
  Em: 'Span',
  Sub: 'Span',
  Aside: 'Div',
  Title: 'P',
  FENote: 'Note',
  DocumentFragment: 'Div'
})

/** Add a `/RoleMap` entry for each PDF 2.0 type the tree uses. */
export function mapRoles(document: PDFDocument, elements: ReadonlyArray<ListedElement>): void {
  const root = document.getTrailer().get('Root', 'StructTreeRoot')
  const used = new Set(elements.map(({type}) => type).filter((type) => Object.hasOwn(roles, type)))
  if (used.size === 0) return
  let map = root.get('RoleMap')
  if (!map.isDictionary()) {
    map = document.newDictionary()
    root.put('RoleMap', map)
  }
  for (const type of [...used].sort()) if (map.get(type).isNull()) map.put(type, document.newName(roles[type]!))
}
