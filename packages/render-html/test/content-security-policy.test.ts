import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {numberNotes} from '@offprint/cite'
import {coverDocument, renderPaper, themeCss, toDocument} from '@offprint/render-html'
import {paperPolicy, stylesOnlyPolicy} from '@offprint/render-html/content-security-policy'

const policyOf = (html: string) => /<meta http-equiv="content-security-policy" content="([^"]*)">/i.exec(html)?.[1]?.replaceAll('&#x27;', "'")

describe('the pages’ Content-Security-Policy', () => {
  it('is the one every page wrote before it was shared (a changed policy is a decision, not a slip)', () => {
    expect(stylesOnlyPolicy).toBe("default-src 'none'; style-src 'unsafe-inline'")
    expect(paperPolicy).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:")
  })

  it('is in the paper’s page (once) and its cover', () => {
    const paper = numberNotes(parsePaper(new VFile({path: 'brief.md', value: '---\ntitle: 公共交通の再設計\nlang: ja\nauthors: [山田 花子]\ndate: 2026-01-05\n---\n\n本文。\n'})))
    const page = toDocument(renderPaper(paper), {css: themeCss('print')})
    expect(policyOf(page)).toBe(paperPolicy)
    expect(page.match(/content-security-policy/gi)).toHaveLength(1)
    // The catalog's (stylesOnlyPolicy) is pinned by apps/site's render-catalog test.
    expect(policyOf(coverDocument(paper.meta))).toBe(paperPolicy)
  })
})
