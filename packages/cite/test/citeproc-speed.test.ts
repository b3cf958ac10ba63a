import {createRequire} from 'node:module'
import {describe, expect, it} from 'vitest'
import {createCitationCache} from '@offprint/cite'
import {bibliography, cite} from './citations-helpers.js'

// Issue 17 (speed): how citeproc-js compiles chicago-notes, as load-citeproc.ts changes it.
// What it prints is pinned by the golden tests; these pin the work saved.
describe('citeproc engine for chicago-notes', () => {
  it('compiles a macro called from a sort key once, not into every key that calls it', () => {
    const cache = createCitationCache()
    cite('A [@hale2019].\n', {cache})
    const [cached] = cache.engines.values()
    const engine = cached?.engine as unknown as {bibliography_sort: {tokens: unknown[]}; macros: Record<string, unknown[]>}
    // Copied into the key's token list, chicago-notes' bibliography sort was 179,709 tokens.
    expect(engine.bibliography_sort.tokens.length).toBeLessThan(100)
    expect(Object.keys(engine.macros).some((name) => name.endsWith('\u0000bibliography_sort'))).toBe(true)
  })

  it('renders each citation once when each work is cited twice', () => {
    // The citeproc module @offprint/cite loads (CommonJS: one instance per path).
    const csl = createRequire(import.meta.resolve('@offprint/cite'))('citeproc') as {getCitationCluster: (...args: unknown[]) => unknown}
    const render = csl.getCitationCluster
    let renders = 0
    csl.getCitationCluster = function (this: unknown, ...args: unknown[]) {
      renders++
      return render.apply(this, args)
    }
    try {
      const keys = bibliography.slice(0, 4).map((item) => item.id)
      const body = [...keys, ...keys].map((key, index) => `S${index} [@${key}, ${index + 1}].`).join(' ') + '\n'
      const {notes} = cite(body, {cache: createCitationCache()})
      expect(notes).toHaveLength(8)
      // Each work's second citation once made citeproc render its first one again (12 renders).
      expect(renders).toBe(8)
    } finally {
      csl.getCitationCluster = render
    }
  })
})
