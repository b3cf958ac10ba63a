import type {Root, Text} from 'mdast'
import {EXIT, SKIP, visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../report.js'
import {cjk, cjkLanguageOf, cjkWide} from '../scripts.js'
import {pointInNode} from '../source-points.js'

// The first CJK run the message quotes: up to 8 characters, its punctuation included.
const cjkRun = new RegExp(`^${cjkWide.source}{1,8}`, 'u')

/**
 * Chinese, Japanese or Korean text in a paper that does not say it is in one
 * of them (no `lang`, or `lang: en`): it is set in fallback faces, without
 * the language's line breaking, justification and glyph forms, and read
 * aloud in the wrong language. One warning, at the first such character,
 * suggesting the tag its script implies (kana: ja, hangul: ko, else zh).
 * Text in a span with its own `lang` is not counted.
 */
export function checkCjkLanguage(tree: Root, file: VFile, lang: string | undefined): void {
  const primary = (lang ?? 'en').toLowerCase().split('-')[0]
  if (primary === 'ja' || primary === 'zh' || primary === 'ko') return
  let first: {node: Text; offset: number} | undefined
  let sample = ''
  visit(tree, (node) => {
    // A span that names its language (`[入札]{lang=ja}`) is tagged already.
    if (node.type === 'bracketedSpan' && node.attributes.pairs.lang) return SKIP
    if (node.type !== 'text') return
    const match = cjk.exec(node.value)
    if (!match) return
    first ??= {node, offset: match.index}
    sample += node.value
    // Enough text to tell the script apart.
    if (sample.length > 2000) return EXIT
  })
  if (!first) return
  const suggested = cjkLanguageOf(sample)
  const found = first.node.value.slice(first.offset).match(cjkRun)?.[0] ?? ''
  report(file, {
    reason: `Unexpected CJK text \`${found}\` in a paper in \`${lang ?? 'en'}\`${lang ? '' : ' (the default)'}, expected \`lang\` in the front matter to name its language, e.g. \`lang: ${suggested}\``,
    ruleId: 'lang-cjk-undeclared',
    severity: 'warning',
    place: pointInNode(first.node, first.offset) ?? first.node.position?.start
  })
}
