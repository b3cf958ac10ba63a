// Type-only use of citeproc: creating a cache loads nothing.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./citeproc.d.ts" />
import type CSL from 'citeproc'
import type {Problem} from '@offprint/parse/report'
import type {CslItem} from './types.js'

export interface CachedEngine {
  engine: CSL.Engine
  /** The bibliography of the paper being formatted; `retrieveItem` reads it. */
  items: ReadonlyMap<string, CslItem>
}

/** A bibliography file as `loadBibliography` read it: its items and the problems found. */
export interface CachedBibliography {
  /** Shared by every paper citing the file: read, never changed. */
  items: ReadonlyArray<CslItem>
  /** Reported again on the file of each later load of the same text. */
  problems: ReadonlyArray<Problem>
}

/**
 * What a build keeps between papers. Building a citeproc engine for a large
 * style (chicago-notes is 240 kB of CSL) costs the most; reading a large
 * BibTeX file that every paper of a series cites comes next. A build makes one
 * cache and passes it to every `loadBibliography` and `formatCitations` call.
 */
export interface CitationCache {
  /** Engines by style and locale. */
  readonly engines: Map<string, CachedEngine>
  /** Parsed bibliographies by format and text (the same text is parsed once). */
  readonly bibliographies: Map<string, CachedBibliography>
}

export function createCitationCache(): CitationCache {
  return {engines: new Map(), bibliographies: new Map()}
}
