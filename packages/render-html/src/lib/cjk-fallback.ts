import type {Element} from 'hast'
import {EXIT, visit} from 'unist-util-visit'
import {cjk, cjkLanguageOf} from '@offprint/parse/scripts'


/**
 * The CJK script of a paper whose `lang` is not Chinese, Japanese or Korean
 * but whose text has some (parse warns: `lang-cjk-undeclared`): `ja` where
 * there is kana, `ko` where there is hangul, else `zh`; undefined if none.
 * Only a font preference follows from it (the theme's `data-cjk` stacks, so
 * Chinese is not set in Japanese glyph forms); no `lang` is claimed.
 */
export function undeclaredCjk(article: Element, lang: string): 'ja' | 'zh' | 'ko' | undefined {
  const primary = lang.toLowerCase().split('-')[0]
  if (primary === 'ja' || primary === 'zh' || primary === 'ko') return undefined
  let sample = ''
  visit(article, 'text', (node) => {
    if (cjk.test(node.value)) sample += node.value
    if (sample.length > 2000) return EXIT
  })
  if (!sample) return undefined
  return cjkLanguageOf(sample)
}
