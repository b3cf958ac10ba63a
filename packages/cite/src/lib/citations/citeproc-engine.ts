// Packages are type-checked from their sources (`types: ./src/index.ts`), so
// the declaration of the untyped `citeproc` must travel with its one import.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./citeproc.d.ts" />
import {createRequire} from 'node:module'
import type CSL from 'citeproc'
import {readLocale, type CitationStyle} from './styles.js'
import type {CachedEngine, CitationCache} from './citation-cache.js'
import type {CslItem} from './types.js'

// citeproc-js finds a macro by walking the whole style tree each time one is
// called (`getNodesByName(root, 'macro', name)`); chicago-notes is 240 kB of
// macros calling macros, and its engine spent 0.4 s of its 1 s start there.
// The same nodes, indexed once per style tree.
// Loaded with `require`: through `import` Node first scans citeproc's 1 MB of
// CommonJS for the names it exports (cjs-module-lexer), 0.2 s of each build.
const citeproc = createRequire(import.meta.url)('citeproc') as typeof CSL

const macros = new WeakMap<object, Map<string, object[]>>()
const getNodesByName = citeproc.XmlJSON.prototype.getNodesByName
citeproc.XmlJSON.prototype.getNodesByName = function (json, name, nameattrval, ret) {
  if (name !== 'macro' || !nameattrval || ret || json !== this.dataObj) return getNodesByName.call(this, json, name, nameattrval, ret)
  let index = macros.get(json)
  if (!index) {
    index = new Map()
    for (const node of getNodesByName.call(this, json, 'macro')) {
      const key = String((node as {attrs?: {name?: unknown}}).attrs?.name)
      index.set(key, [...(index.get(key) ?? []), node])
    }
    macros.set(json, index)
  }
  return [...(index.get(nameattrval) ?? [])]
}

export type Engine = CSL.Engine
export type CiteprocCitation = CSL.Citation
export type CiteprocItem = CSL.CitationItem

/**
 * An engine for `style` in `locale`, reading `items`: from the cache when one
 * is given, emptied of the previous paper's items (a key may mean another
 * work in another paper's bibliography). May throw on a style citeproc cannot read.
 */
export function citeprocEngine(style: CitationStyle, locale: string, items: ReadonlyMap<string, CslItem>, cache?: CitationCache): CSL.Engine {
  const key = `${locale}\n${style.name === 'custom' ? style.xml : style.name}\n${style.xml.length}`
  const cached = cache?.engines.get(key)
  if (cached) {
    cached.items = items
    cached.engine.updateItems([])
    return cached.engine
  }
  const entry: Partial<CachedEngine> = {items}
  const sys: CSL.Sys = {
    retrieveLocale: readLocale,
    // citeproc-js may add fields to what it is given; hand it copies.
    retrieveItem: (id) => structuredClone(entry.items?.get(id))
  }
  entry.engine = new citeproc.Engine(sys, style.xml, locale, true)
  cache?.engines.set(key, entry as CachedEngine)
  return entry.engine
}
