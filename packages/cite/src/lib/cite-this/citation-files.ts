// The declaration of the untyped citation-js travels with its import (see citeproc-engine.ts).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../citations/citation-js.d.ts" />
import {createRequire} from 'node:module'
import type * as CitationJs from '@citation-js/core'
import type {CslItem} from '../citations/types.js'

const require = createRequire(import.meta.url)
// Registers the output formats: BibTeX (and BibLaTeX), RIS, CSL.
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')
require('@citation-js/plugin-csl')

/** The “cite this paper” files of one paper. */
export interface CitationFiles {
  /** BibTeX, `@techreport` (the type BibTeX and reference managers know for a report). */
  bib: string
  /** RIS, `TY  - RPRT`. */
  ris: string
  /** CSL-JSON: an array of the one item. */
  json: string
}

/**
 * BibTeX, RIS and CSL-JSON for one item, written by citation-js so that
 * what a reference manager imports is what citation-js reads back.
 */
export function citationFiles(item: CslItem): CitationFiles {
  const {Cite, plugins} = require('@citation-js/core') as typeof CitationJs & {Cite: new (data: unknown) => {format(name: string, options?: object): string}}
  const cite = new Cite([item])
  // citation-js's BibTeX settings are global: changed for this one call, then put back.
  // Its default drops every character it has no LaTeX for (a Japanese title vanishes);
  // UTF-8 BibTeX is read by biber and every reference manager. The key is the slug.
  const format = (plugins.config.get('@bibtex') as {format: {asciiOnly: boolean; useIdAsLabel: boolean}}).format
  const saved = {...format}
  let bib: string
  try {
    format.asciiOnly = false
    format.useIdAsLabel = true
    bib = cite.format('bibtex')
  } finally {
    Object.assign(format, saved)
  }
  return {
    bib: bib.trim() + '\n',
    ris: cite.format('ris').trim() + '\n',
    json: JSON.stringify([item], null, 2) + '\n'
  }
}
