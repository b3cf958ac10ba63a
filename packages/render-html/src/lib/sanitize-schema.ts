import {defaultSchema, type Schema} from 'hast-util-sanitize'

/** MathML Core elements temml emits, and the attributes that carry meaning. */
const mathTags = [
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mo', 'mn', 'ms', 'mtext', 'mspace', 'msup', 'msub', 'msubsup',
  'mfrac', 'msqrt', 'mroot', 'mover', 'munder', 'munderover', 'mtable', 'mtr', 'mtd', 'mstyle', 'mpadded', 'mphantom',
  'menclose', 'merror', 'mmultiscripts', 'mprescripts', 'none'
]
const mathAttributes = [
  'display', 'mathvariant', 'displaystyle', 'scriptlevel', 'stretchy', 'fence', 'separator', 'lspace', 'rspace',
  'accent', 'accentunder', 'columnalign', 'rowalign', 'columnspacing', 'rowspacing', 'width', 'height', 'depth',
  'voffset', 'linethickness', 'notation', 'encoding', 'movablelimits', 'symmetric', 'largeop', 'minsize', 'maxsize'
]

/**
 * What a paper's body may contain once raw HTML is parsed: GitHub's allow-list
 * (no script, no style, no event handlers, no iframes, only http(s)/mailto
 * links), plus what Offprint's own handlers emit — figures, note references
 * with their roles and ids, classes, MathML. Ids are ours, so not prefixed.
 */
/** GitHub's per-element attributes, without its value-restricted `className` entries (ours are free). */
const baseAttributes = Object.fromEntries(
  Object.entries(defaultSchema.attributes ?? {}).map(([tag, list]) => [tag, list.filter((entry) => !(Array.isArray(entry) && entry[0] === 'className'))])
)

/** A column's relative width, from a pandoc multiline table's dashes (`tableHandler`). */
const columnWidth = /^width:\d+(?:\.\d+)?%$/
/** An image's size from pandoc's `{width=60%}`, as `remarkPaper` writes it. */
const imageSize = /^(?:width|height):\d+(?:\.\d+)?(?:%|px|em|rem|cm|mm|in|pt)(?:;height:\d+(?:\.\d+)?(?:%|px|em|rem|cm|mm|in|pt))?$/

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  clobber: [],
  // Drop these with their content: a stylesheet or script left as text would be printed.
  strip: [...(defaultSchema.strip ?? []), 'style', 'script', 'template', 'noscript', 'textarea', 'title'],
  clobberPrefix: '',
  // `<source srcset>` names pictures no loader checked (the network, files outside): like an
  // `<img>` not from the paper's folder it goes; `<picture>` keeps its fallback `<img>`.
  tagNames: [...(defaultSchema.tagNames ?? []).filter((tag) => tag !== 'source'), 'figure', 'figcaption', 'section', 'caption', 'colgroup', 'col', 'mark', 'abbr', 'aside', ...mathTags],
  attributes: {
    ...baseAttributes,
    '*': [...(baseAttributes['*'] ?? []), 'className', 'id', 'role', 'lang', 'dir', 'title'],
    a: [...(baseAttributes.a ?? []), 'href', 'role'],
    img: [...(baseAttributes.img ?? []).filter((name) => name !== 'longDesc'), 'src', 'alt', 'title', 'width', 'height', ['style', imageSize]],
    aside: ['ariaLabelledBy'],
    col: [['style', columnWidth]],
    // Pandoc's `{lang=ja}` on a span or div: `xml:lang` beside its `lang`, for the EPUB's XHTML.
    span: [...(baseAttributes.span ?? []), 'xmlLang'],
    div: [...(baseAttributes.div ?? []), 'xmlLang'],
    ...Object.fromEntries(mathTags.map((tag) => [tag, mathAttributes]))
  },
  protocols: {...defaultSchema.protocols, src: ['http', 'https', 'data']},
  required: {}
}
