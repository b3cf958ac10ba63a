// The parts of citeproc-js (npm `citeproc`, CommonJS, untyped) this package uses.
// See https://citeproc-js.readthedocs.io/en/latest/running.html
declare module 'citeproc' {
  namespace CSL {
    interface Sys {
      retrieveLocale(lang: string): string
      retrieveItem(id: string): object | undefined
    }

    interface CitationItem {
      id: string
      locator?: string
      label?: string
      prefix?: string
      suffix?: string
      'suppress-author'?: boolean
      'author-only'?: boolean
    }

    interface Citation {
      citationID: string
      citationItems: CitationItem[]
      properties: {noteIndex: number; mode?: 'composite'}
    }

    interface BibliographyMeta {
      entry_ids: string[][]
      bibliography_errors: unknown[]
    }

    /** citeproc-js's reader of a style's XML, as a tree of `{name, attrs, children}`. */
    class XmlJSON {
      dataObj: object
      getNodesByName(json: object, name: string, nameattrval?: string, ret?: object[]): object[]
    }

    class Engine {
      constructor(sys: Sys, style: string, lang?: string, forceLang?: boolean)
      opt: {class: string}
      /** Process every citation in document order: `[citationID, noteIndex, html]`. */
      rebuildProcessorState(citations: Citation[], mode?: 'html' | 'text' | 'rtf', uncited?: string[]): Array<[string, number, string]>
      updateItems(ids: string[]): void
      makeBibliography(): [BibliographyMeta, string[]] | false
      getTerm(term: string, form?: string, plural?: number): string
    }
  }
  export default CSL
}
