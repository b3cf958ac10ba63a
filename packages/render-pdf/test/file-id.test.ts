import {createHash} from 'node:crypto'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {finishPdf, launchBrowser, type OwnedBrowser} from '@offprint/render-pdf'

// MuPDF gives every save a new second /ID part, derived from the input
// (Chromium's CreationDate among it), written as hex or as a literal string
// whose length depends on its bytes: about one print in 200 came out one
// byte shorter, and a reproducible build differed. Finishing prints that
// differ only in Chromium's clock must give the same bytes.
let owned: OwnedBrowser | undefined
let printed: Uint8Array
beforeAll(async () => {
  owned = await launchBrowser()
  const page = await owned.browser.newPage()
  await page.setContent('<!doctype html><html lang="en"><head><title>File ID</title></head><body><h1>File ID</h1><p>One page.</p></body></html>')
  printed = await page.pdf({tagged: true, outline: true})
  await page.close()
})
afterAll(async () => {
  await owned?.close()
})

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('the file ID', () => {
  it('is the same for prints made at 600 different seconds', {timeout: 60_000}, () => {
    const text = Buffer.from(printed).toString('latin1')
    const date = /\/CreationDate ?\(D:(\d{14})/.exec(text)
    expect(date, 'Chromium writes a CreationDate').not.toBeNull()
    const at = date!.index + date![0].length - 14
    const seen = new Set<string>()
    for (let second = 0; second < 600; second++) {
      const copy = Buffer.from(printed)
      copy.write(String(20260101000000 + second * 37), at, 'latin1')
      seen.add(sha(finishPdf(copy, {sourceDateEpoch: 1767225600})))
    }
    expect(seen.size).toBe(1)
  })

  it('is two equal hex strings: the first 16 bytes of the SHA-256 of the file with the ID zeroed', () => {
    const bytes = Buffer.from(finishPdf(printed, {sourceDateEpoch: 1767225600}))
    const text = bytes.toString('latin1')
    const match = /\/ID\[<([0-9A-F]{32})><([0-9A-F]{32})>\]/.exec(text.slice(text.lastIndexOf('trailer')))
    expect(match?.[1]).toBeDefined()
    expect(match![2]).toBe(match![1])
    const at = text.lastIndexOf(match![0])
    bytes.write(`/ID[<${'0'.repeat(32)}><${'0'.repeat(32)}>]`, at, 'latin1')
    expect(sha(bytes).slice(0, 32).toUpperCase()).toBe(match![1])
  })
})
