import {describe, expect, it} from 'vitest'
import {cjk, cjkLanguageOf, cjkWide, hangul, kana} from '@offprint/parse/scripts'

describe('script classes', () => {
  it('finds CJK letters in real titles and none in Latin or Cyrillic ones', () => {
    for (const title of ['公共交通の再設計', '中国剩余定理', '대중교통 요금 개편', 'Réforme des transports: 東京']) expect(cjk.test(title), title).toBe(true)
    for (const title of ['Fare policy after 2024', 'Тарифная политика', 'Ὁ νόμος', '（１）、。']) expect(cjk.test(title), title).toBe(false)
  })

  it('counts CJK punctuation and full-width forms as wide, not Latin punctuation', () => {
    for (const char of ['、', '。', '「', '\u3000', '（', '！', '１', 'Ａ', '行', 'カ', '한']) expect(cjkWide.test(char), char).toBe(true)
    for (const char of [',', '.', '(', '1', 'A', 'é', '—', ' ']) expect(cjkWide.test(char), char).toBe(false)
  })

  it('tells kana and hangul apart from Han', () => {
    expect(kana.test('公共交通の再設計')).toBe(true)
    expect(kana.test('中国剩余定理')).toBe(false)
    expect(hangul.test('대중교통')).toBe(true)
    expect(hangul.test('公共交通')).toBe(false)
  })

  it('keeps no state between calls (no `g` flag), so sharing them is safe', () => {
    for (const pattern of [cjk, cjkWide, kana, hangul]) expect(pattern.flags).toBe('u')
    expect([cjk.test('中'), cjk.test('中'), cjkWide.test('。'), cjkWide.test('。')]).toEqual([true, true, true, true])
  })

  it('names the language a script implies: kana ja, hangul ko, Han alone zh', () => {
    expect(cjkLanguageOf('公共交通の再設計')).toBe('ja')
    expect(cjkLanguageOf('대중교통 요금 개편')).toBe('ko')
    expect(cjkLanguageOf('中国剩余定理')).toBe('zh')
  })
})
