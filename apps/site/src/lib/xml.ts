import type {Element, ElementContent, Root} from 'xast'
import {toXml} from 'xast-util-to-xml'

type Child = ElementContent | string | undefined | false

/** An xast element; `undefined` attributes and children are left out (a tiny xastscript). */
export function x(name: string, attributes: Record<string, string | undefined> = {}, children: Child[] | Child = []): Element {
  const list = Array.isArray(children) ? children : [children]
  return {
    type: 'element',
    name,
    attributes: Object.fromEntries(Object.entries(attributes).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    children: list.filter((child): child is ElementContent | string => child !== undefined && child !== false).map((child) => (typeof child === 'string' ? {type: 'text', value: child} : child))
  }
}

/** A document: the XML declaration, then the root element, serialized with escaping by xast-util-to-xml. */
export function xmlDocument(root: Element): string {
  const tree: Root = {type: 'root', children: [{type: 'instruction', name: 'xml', value: 'version="1.0" encoding="utf-8"'}, root]}
  return toXml(tree) + '\n'
}
