// Script classes for Chinese, Japanese and Korean text, written once: the
// parse check, the citation's name order and the renderer's font and width
// estimates must agree on what counts as CJK. None has the `g` flag, so
// `test` keeps no state between calls and the expressions can be shared.

const letters = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`

/** A Han ideograph, kana or hangul: a letter of Chinese, Japanese or Korean. */
export const cjk = new RegExp(`[${letters}]`, 'u')

/** Hiragana or katakana: only Japanese writes them. */
export const kana = /[\p{Script=Hiragana}\p{Script=Katakana}]/u

/** Hangul: only Korean writes it. */
export const hangul = /\p{Script=Hangul}/u

/**
 * A CJK letter, or a character set in the same full-width cell: CJK
 * punctuation (U+3000–U+303F: `、。「」`, the ideographic space) and the
 * half- and full-width forms (U+FF00–U+FFEF: `（）！１Ａ`).
 */
export const cjkWide = new RegExp(String.raw`[${letters}\u3000-\u303f\uff00-\uffef]`, 'u')

/**
 * The language a CJK text's script implies: `ja` where there is kana,
 * `ko` where there is hangul, else `zh` (Han alone).
 */
export function cjkLanguageOf(text: string): 'ja' | 'ko' | 'zh' {
  return kana.test(text) ? 'ja' : hangul.test(text) ? 'ko' : 'zh'
}
