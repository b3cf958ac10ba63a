// The part of citation-js (npm `@citation-js/core` 0.8, CommonJS, untyped) this package uses.
// See https://citation.js.org/api/0.7/module-@citation-js_core.plugins.input.html
declare module '@citation-js/core' {
  interface ChainOptions {
    target?: string
    forceType?: string
    generateGraph?: boolean
    maxChainLength?: number
    strict?: boolean
  }
  export const plugins: {
    input: {
      /** Parse `input` through the registered formats until `options.target`; throws on bad input. */
      chain(input: unknown, options?: ChainOptions): unknown
    }
    config: {
      get(name: string): unknown
    }
  }
}
