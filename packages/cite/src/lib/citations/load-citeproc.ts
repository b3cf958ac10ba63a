// Packages are type-checked from their sources (`types: ./src/index.ts`), so
// the declaration of the untyped `citeproc` must travel with its one import.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./citeproc.d.ts" />
import {createRequire} from 'node:module'
import type CSL from 'citeproc'

// Loaded with `require`: through `import` Node first scans citeproc's 1 MB of
// CommonJS for the names it exports (cjs-module-lexer), 0.2 s of each build.
export const citeproc = createRequire(import.meta.url)('citeproc') as typeof CSL

// Two places where citeproc-js (2.4) spends most of an engine's start on a
// large style such as chicago-notes (240 kB of macros calling macros). Both
// change how the style is compiled, not what it prints: the golden notes and
// bibliographies of test/ are the same with and without them.

// 1. It finds a macro by walking the whole style tree each time one is called
// (`getNodesByName(root, 'macro', name)`): the same nodes, indexed once per style tree.
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

// 2. Inside a sort key (`build.extension` is `_sort`) it copies the tokens of
// every macro called, and of every macro those call, into the key's token
// list, compiling them again at each call: chicago-notes' bibliography sort
// (keys `title-and-descriptions-bib`, `source-bib`…) became ~180,000 tokens,
// two thirds of the engine's start. Here a macro is compiled once per sort
// area into a list of its own, called from the key as the layouts call theirs
// (what `expandMacro` does outside sort keys). Same tokens, same build
// settings (the sort area's), the same order of execution.
const expandMacro = citeproc.expandMacro
citeproc.expandMacro = function (this: CSL.State, token, target) {
  if (!this.build.extension) return expandMacro.call(this, token, target)
  let key = token.postponed_macro
  const sortDirection = token.strings.sort_direction
  const xml = this.cslXml
  const nodes = xml.getNodesByName(xml.dataObj, 'macro', key)
  const start = new citeproc.Token('group', citeproc.START)
  const hasDate = nodes.length > 0 && xml.getAttributeValue(nodes[0]!, 'macro-has-date')
  start.cslid = nodes.length > 0 ? xml.getAttributeValue(nodes[0]!, 'cslid') : false
  if (hasDate) {
    key += '@' + this.build.current_default_locale
    start.execs.push((state) => {
      if (state.tmp.extension) state.tmp['doing-macro-with-date'] = true
    })
  }
  if (this.build.macro_stack.includes(key)) citeproc.error(`CSL processor error: call to macro "${key}" would cause an infinite loop`)
  this.build.macro_stack.push(key)
  if (citeproc.MODULE_MACROS[key]) {
    start.juris = key
    this.opt.update_mode = citeproc.POSITION
  }
  citeproc.Node.group.build.call(start, this, target, true)
  if (!xml.getNodeValue(nodes)) citeproc.error(`CSL style error: undefined macro "${key}"`)
  const name = `${key}\u0000${this.build.root}${this.build.extension}`
  if (!this.macros[name]) {
    const list: CSL.Token[] = []
    this.macros[name] = list
    citeproc.buildMacro.call(this, list, nodes)
    this.configureTokenList(list)
  }
  const call = new citeproc.Token('text', citeproc.SINGLETON)
  call.execs.push((state, item, citationItem) => {
    const list = state.macros[name]!
    for (let next = 0; next < list.length; ) next = citeproc.tokenExec.call(state, list[next]!, item, citationItem)
  })
  target.push(call)
  const end = new citeproc.Token('group', citeproc.END)
  end.strings.sort_direction = sortDirection
  if (hasDate) {
    end.execs.push((state) => {
      if (state.tmp.extension) state.tmp['doing-macro-with-date'] = false
    })
  }
  if (start.juris) end.juris = key
  citeproc.Node.group.build.call(end, this, target, true)
  this.build.macro_stack.pop()
}

// 3. In a note style with `disambiguate="true"` conditions, each time a work's
// citation count passes from one to two, `processCitationCluster` runs that
// work's disambiguation again and renders all its earlier citations again:
// half as many renders more for a paper citing each work twice. The count is
// read by CSL-M's `disambiguate="check-ambiguity-and-backreference"` alone
// (a style that has it keeps the reruns); the disambiguation itself was done
// for every item when `rebuildProcessorState` registered them all first, so
// for other styles the reruns print what the first renders printed.
// `opt.has_disambiguate` is read at that one place once the engine is built.
const disambiguate = citeproc.Attributes['@disambiguate']!
citeproc.Attributes['@disambiguate'] = function (this: CSL.Token, state, arg) {
  if (arg === 'check-ambiguity-and-backreference') state.opt.countsCitations = true
  return disambiguate.call(this, state, arg)
}
const rebuildProcessorState = citeproc.Engine.prototype.rebuildProcessorState
citeproc.Engine.prototype.rebuildProcessorState = function (this: CSL.Engine & CSL.State, ...parameters) {
  const {opt} = this
  const kept = opt.has_disambiguate
  if (!opt.countsCitations) opt.has_disambiguate = false
  try {
    return rebuildProcessorState.apply(this, parameters)
  } finally {
    opt.has_disambiguate = kept
  }
}
