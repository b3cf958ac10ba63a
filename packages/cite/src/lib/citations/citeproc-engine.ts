// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./citeproc.d.ts" />
import type CSL from 'citeproc'
import {citeproc} from './load-citeproc.js'
import {readLocale, type CitationStyle} from './styles.js'
import type {CachedEngine, CitationCache} from './citation-cache.js'
import type {CslItem} from './types.js'

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
