import {afterEach, describe, expect, it} from 'vitest'
import {sourceDate, sourceDateEpoch} from '@offprint/parse/build-time'

const saved = process.env.SOURCE_DATE_EPOCH
afterEach(() => {
  if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH
  else process.env.SOURCE_DATE_EPOCH = saved
})

describe('SOURCE_DATE_EPOCH', () => {
  it('reads a whole number of seconds, 0 included (the Unix epoch)', () => {
    expect(sourceDateEpoch('0')).toBe(0)
    expect(sourceDate('0')?.toISOString()).toBe('1970-01-01T00:00:00.000Z')
    expect(sourceDateEpoch('1767225600')).toBe(1767225600)
    expect(sourceDate('1767225600')?.toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })

  it('counts anything but decimal digits as unset, as reproducible-builds.org says', () => {
    for (const value of [undefined, '', ' ', '1.5', '-1', '1e9', '0x10', ' 12', 'soon']) {
      expect(sourceDateEpoch(value), String(value)).toBeUndefined()
      expect(sourceDate(value), String(value)).toBeUndefined()
    }
  })

  it('reads the environment by default', () => {
    process.env.SOURCE_DATE_EPOCH = '86400'
    expect(sourceDateEpoch()).toBe(86400)
    expect(sourceDate()?.toISOString()).toBe('1970-01-02T00:00:00.000Z')
    process.env.SOURCE_DATE_EPOCH = 'invalid'
    expect(sourceDate()).toBeUndefined()
    delete process.env.SOURCE_DATE_EPOCH
    expect(sourceDateEpoch()).toBeUndefined()
  })
})
