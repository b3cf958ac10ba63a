import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'

function messages(markdown: string, defaults?: {lang?: string}) {
  const {file, meta} = parsePaper(new VFile({path: 'paper.md', value: markdown}), {defaults})
  return {meta, found: file.messages.filter((m) => m.ruleId === 'lang-cjk-undeclared').map((m) => `${m.line}:${m.column} ${m.reason}`)}
}

describe('lang-cjk-undeclared', () => {
  it('warns once, at the first CJK character of a paper without lang, suggesting zh for Han text', () => {
    const {found} = messages('---\ntitle: T\n---\n\nPlain text.\n\nThe theorem 中国剩余定理 and 物不知数.\n')
    expect(found).toEqual(['7:13 Unexpected CJK text `中国剩余定理` in a paper in `en` (the default), expected `lang` in the front matter to name its language, e.g. `lang: zh`'])
  })

  it('suggests ja where there is kana, ko where there is hangul, and names a declared lang', () => {
    expect(messages('---\ntitle: T\nlang: en\n---\n\n公共交通の再設計\n').found[0]).toMatch(/^6:1 .*in `en`, expected .*`lang: ja`$/)
    expect(messages('---\ntitle: T\nlang: en-GB\n---\n\n- item 대한민국\n').found[0]).toMatch(/^6:8 .*in `en-GB`, expected .*`lang: ko`$/)
  })

  it('is silent when the paper (or its series) says the language is CJK', () => {
    expect(messages('---\ntitle: T\nlang: ja\n---\n\n公共交通の再設計\n').found).toEqual([])
    expect(messages('---\ntitle: T\nlang: zh-Hant\n---\n\n中國\n').found).toEqual([])
    expect(messages('---\ntitle: T\n---\n\n中国\n', {lang: 'zh'}).found).toEqual([])
    expect(messages('---\ntitle: T\n---\n\nNo CJK at all, only “quotes” and ≠.\n').found).toEqual([])
  })
})

describe('series.short', () => {
  it('is read from front matter into the paper model, and must be a non-empty string', () => {
    const {meta} = messages('---\ntitle: T\nseries: {name: A Very Long Series Name, short: Short Name, number: 2}\n---\n\nText.\n')
    expect(meta.series).toEqual({name: 'A Very Long Series Name', short: 'Short Name', number: 2})
    const bad = parsePaper(new VFile({path: 'p.md', value: '---\ntitle: T\nseries: {name: N, short: 3}\n---\n\nText.\n'}))
    expect(bad.file.messages.map((m) => `${m.line} ${m.ruleId}`)).toContain('3 front-matter-type')
  })
})
