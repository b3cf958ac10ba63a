// Type-only use of citeproc: creating a cache loads nothing.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./citeproc.d.ts" />
import type CSL from 'citeproc'
import type {CslItem} from './types.js'

export interface CachedEngine {
  engine: CSL.Engine
  /** The bibliography of the paper being formatted; `retrieveItem` reads it. */
  items: ReadonlyMap<string, CslItem>
}

/**
 * Engines kept between papers. Building a citeproc engine for a large style
 * (chicago-notes is 240 kB of CSL) takes a second or more; a build of a series
 * makes one cache and passes it to every `formatCitations` call.
 */
export interface CitationCache {
  readonly engines: Map<string, CachedEngine>
}

export function createCitationCache(): CitationCache {
  return {engines: new Map()}
}
