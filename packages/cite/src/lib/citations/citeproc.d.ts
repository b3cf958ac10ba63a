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
      getAttributeValue(node: object, name: string): unknown
      getNodeValue(nodes: object[]): unknown
    }

    /** A compiled style node (citeproc-js internals, for the patches in load-citeproc.ts). */
    class Token {
      constructor(name: string, tokentype: number)
      strings: {sort_direction?: unknown; [key: string]: unknown}
      execs: Array<(this: Token, state: State, item: object, citationItem: object) => unknown>
      postponed_macro: string
      cslid: unknown
      juris?: string
    }

    /** The engine as its build and execution steps see it (citeproc-js internals). */
    interface State {
      build: {extension: string; root: string; current_default_locale: string; macro_stack: string[]}
      tmp: {extension: string; [key: string]: unknown}
      opt: {update_mode: unknown; has_disambiguate?: boolean; countsCitations?: boolean}
      cslXml: XmlJSON
      macros: Record<string, Token[]>
      configureTokenList(tokens: Token[]): void
    }

    const START: number
    const END: number
    const SINGLETON: number
    const POSITION: unknown
    const MODULE_MACROS: Record<string, unknown>
    const Attributes: Record<string, (this: Token, state: State, arg: string) => void>
    const Node: {group: {build(this: Token, state: State, target: Token[], realGroup: boolean): void}}
    function error(message: string): never
    function expandMacro(this: State, token: Token, target: Token[]): void
    function buildMacro(this: State, target: Token[], nodes: object[]): void
    function tokenExec(this: State, token: Token, item: object, citationItem: object): number

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
