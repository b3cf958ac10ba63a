import type {CitationCache} from './citation-cache.js'
import type {CslItem} from './types.js'

/** Options of `insertCitations` and `formatCitations`: pass both the same object. */
export interface CitationOptions {
  /**
   * The citation style: `chicago-notes` (CMOS 18 notes and bibliography),
   * `chicago-author-date`, `apa`, or the text of a CSL file (starting with
   * `<`; the caller reads the file named by front matter `csl`).
   * Note styles turn citations into notes; the others keep them in the text.
   * Default: `'chicago-notes'`.
   */
  style?: string | undefined
  /**
   * Write “Ibid.” for a source cited again in the next note (chicago-notes
   * only; front matter `ibid`). CMOS 18 prefers short notes instead.
   * Default: `false`.
   */
  ibid?: boolean | undefined
  /**
   * The works that can be cited, as CSL-JSON items (see `loadBibliography`).
   * A key not among them is an error. Default: none.
   */
  bibliography?: ReadonlyArray<CslItem> | undefined
  /**
   * Whether `bibliography` holds every work of its files. Set it to `false`
   * when a file could not be read (its `bibliography-parse` error says why):
   * keys missing from it are then not reported once more each, as
   * `citation-unknown-key`, though they still print as `**key?**`.
   * Default: `true`.
   */
  bibliographyComplete?: boolean | undefined
  /**
   * Language of the paper (BCP 47, front matter `lang`): `ja…` → ja-JP,
   * `en-GB` → en-GB, anything else → en-US. Default: `paper.meta.lang`.
   */
  lang?: string | undefined
  /**
   * Title of the bibliography section (front matter `bibliography-title`).
   * Default: `Bibliography` for note styles, `References` for in-text ones
   * (`参考文献` in Japanese).
   */
  bibliographyTitle?: string | undefined
  /**
   * Leave the bibliography out (front matter `suppress-bibliography`), for a
   * paper whose full first notes are enough. Default: `false`.
   */
  suppressBibliography?: boolean | undefined
  /**
   * Engines to reuse between papers (`createCitationCache()`): a build makes
   * one, so each style and locale is compiled once. Default: a new engine per call.
   */
  cache?: CitationCache | undefined
}
