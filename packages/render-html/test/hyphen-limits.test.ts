import {describe, expect, it} from 'vitest'
import {limitBreaks} from '../src/lib/hyphen-limits.js'

const soft = (text: string) => text.replace(/\|/g, '\u00ad')
const shown = (text: string) => text.replace(/\u00ad/g, '|')

describe('limitBreaks', () => {
  it('keeps three letters on each side of a break', () => {
    expect(shown(limitBreaks(soft('ex|cept quick|ly pro|cure|ment')))).toBe('except quickly pro|cure|ment')
    expect(shown(limitBreaks(soft('ap|proach. re|es|tab|lish')))).toBe('approach. rees|tab|lish')
  })

  it('counts letters within a word only: a hard hyphen or punctuation is not a letter', () => {
    expect(shown(limitBreaks(soft('grid-scale stor|age “ex|cept” “pro|cure”')))).toBe('grid-scale stor|age “except” “pro|cure”')
    expect(shown(limitBreaks(soft('self-or|gan|iz|ing')))).toBe('self-organ|iz|ing')
  })

  it('leaves text without soft hyphens alone', () => {
    expect(limitBreaks('plain text, 9/11')).toBe('plain text, 9/11')
  })
})
