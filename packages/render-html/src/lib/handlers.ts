import type {Element, ElementContent} from 'hast'
import type {Image, Paragraph, PhrasingContent} from 'mdast'
import type {InlineMath} from 'mdast-util-math'
import {fromHtml} from 'hast-util-from-html'
import {defaultHandlers, type Handler, type State} from 'mdast-util-to-hast'
import temml from 'temml'
import type {VFile} from 'vfile'
import {report} from '@offprint/parse/report'
import type {} from '@offprint/parse/syntax'
import {figureLabel} from './pandoc-handlers.js'

/** An image alone in its paragraph is a figure, captioned by its title, else its alt text; a labelled one (`{#fig-x}`) is numbered. */
export const paragraphHandler: Handler = (state: State, node: Paragraph) => {
  const content = node.children.filter((child) => !(child.type === 'text' && !child.value.trim()))
  const image = content.length === 1 && content[0]?.type === 'image' ? (content[0] as Image) : undefined
  if (!image) return defaultHandlers.paragraph(state, node)
  const caption = image.title || image.alt
  const numbered = image.data?.figure
  const label = numbered ? figureLabel(state, numbered.number) : []
  const result: Element = {
    type: 'element',
    tagName: 'figure',
    properties: numbered ? {id: numbered.id} : {},
    children: [
      state.one(image, node) as ElementContent,
      ...(caption || numbered ? [{type: 'element', tagName: 'figcaption', properties: {}, children: [...label, {type: 'text', value: caption}]} as Element] : [])
    ]
  }
  state.patch(node, result)
  return result
}

/** `$…$` and `$$…$$` as MathML (temml), which Chromium and EPUB readers render without script. */
export function mathHandlers(file?: VFile | undefined): Record<string, Handler> {
  const render = (state: State, node: PhrasingContent & {value: string}, display: boolean, inParagraph = false): ElementContent => {
    let markup: string
    try {
      markup = temml.renderToString(node.value, {displayMode: display, throwOnError: true, annotate: true})
    } catch (error) {
      // remark-rehype gives the file to the state; a caller of toHast may give it here instead.
      const target = file ?? state.options.file
      if (target) report(target, {
        reason: `Unexpected TeX \`${node.value.slice(0, 40)}\` (${String((error as Error).message).split('\n')[0]}), expected math temml can typeset`,
        ruleId: 'math-invalid',
        severity: 'warning',
        place: node.position
      })
      return {type: 'element', tagName: 'code', properties: {className: ['math-source']}, children: [{type: 'text', value: node.value}]}
    }
    const fragment = fromHtml(markup, {fragment: true})
    const math = fragment.children.find((child): child is Element => child.type === 'element')!
    delete math.properties.style
    // Display math inside a paragraph (`$$…$$` in running text) stays phrasing: `<math display="block">` alone.
    const numbered = (node.data as {numbered?: {id: string; number: number}} | undefined)?.numbered
    // A labelled equation (`{#eq-x}`) is a block with its number at the right, whatever its source form.
    const number: ElementContent[] = numbered ? [{type: 'element', tagName: 'span', properties: {className: ['equation-number']}, children: [{type: 'text', value: `(${numbered.number})`}]}] : []
    const result: Element =
      numbered && display
        ? {type: 'element', tagName: inParagraph ? 'span' : 'div', properties: {className: ['math-display', 'equation'], id: numbered.id}, children: [math, ...number]}
        : display && !inParagraph ? {type: 'element', tagName: 'div', properties: {className: ['math-display']}, children: [math]} : math
    state.patch(node as never, result)
    return result
  }
  return {
    math: (state, node) => render(state, node, true),
    inlineMath: (state, node: InlineMath) => render(state, node, node.data?.display === true, true)
  }
}
