import {createHash} from 'node:crypto'
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {numberNotes} from '@offprint/cite'
import {parsePaper} from '@offprint/parse'
import {coverDocument, renderPaper, themeCss, toDocument} from '@offprint/render-html'
import {launchBrowser, renderImage, renderPdf, type OwnedBrowser} from '@offprint/render-pdf'

// renderPdf and renderImage keep their pages (a tab, a renderer) for the next
// document instead of opening one per paper. These check what that must not change.
const epoch = 1767225600
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function documentOf(source: string, notes: 'endnotes' | 'footnotes' = 'endnotes'): {html: string; cover: string} {
  const paper = numberNotes(parsePaper(readFileSync(source, 'utf8')))
  return {html: toDocument(renderPaper(paper), {css: themeCss('print'), notes}), cover: coverDocument(paper.meta)}
}

// The grid paper has tables: Chromium numbers their header cells from its renderer's DOM node count.
const grid = documentOf(join('papers', 'grid-storage-procurement.md'))
const brief = documentOf(join('papers', 'short-brief.md'))

let owned: OwnedBrowser
beforeAll(async () => {
  owned = await launchBrowser()
})
afterAll(async () => {
  await owned?.close()
})

const pageTargets = () => owned.browser.targets().filter((target) => target.type() === 'page').length

describe('pages kept between papers', () => {
  it('prints the same bytes on a kept page as in a fresh browser', async () => {
    const fresh = await launchBrowser()
    let first: Uint8Array
    try {
      first = await renderPdf(fresh.browser, grid.html, {sourceDateEpoch: epoch})
    } finally {
      await fresh.close()
    }
    await renderPdf(owned.browser, brief.html, {sourceDateEpoch: epoch})
    const kept = await renderPdf(owned.browser, grid.html, {sourceDateEpoch: epoch})
    const again = await renderPdf(owned.browser, grid.html, {sourceDateEpoch: epoch})
    expect(Buffer.from(kept).toString('latin1')).toMatch(/\/ID ?\(node\d{8}\)/)
    expect(sha(kept)).toBe(sha(first))
    expect(sha(again)).toBe(sha(first))
  })

  it('uses one page for papers in a row, and as many as are printed at once', async () => {
    const before = pageTargets()
    expect(before).toBeLessThanOrEqual(1)
    for (let i = 0; i < 4; i++) await renderPdf(owned.browser, brief.html)
    expect(pageTargets()).toBe(Math.max(1, before))
    await Promise.all([renderPdf(owned.browser, brief.html), renderPdf(owned.browser, grid.html)])
    expect(pageTargets()).toBe(2)
  })

  it('takes a screenshot on every kept page, none left behind another', async () => {
    // Both kept pages at once: in tabs of one window, one would be hidden and never paint.
    for (let round = 0; round < 3; round++) {
      const images = await Promise.all([renderImage(owned.browser, grid.cover, {timeout: 10_000}), renderImage(owned.browser, brief.cover, {timeout: 10_000})])
      for (const image of images) expect(Buffer.from(image.subarray(0, 3)).toString('hex')).toBe('ffd8ff')
    }
    expect(pageTargets()).toBe(2)
    // The cause, seen directly: a kept page in a background tab is hidden, and a hidden page never paints.
    const pages = await owned.browser.pages()
    expect(await Promise.all(pages.map((page) => page.evaluate(() => document.visibilityState)))).toEqual(['visible', 'visible'])
  }, 60_000)

  it('gives a page back at the size it had, so the next PDF is unchanged', async () => {
    const before = sha(await renderPdf(owned.browser, grid.html, {sourceDateEpoch: epoch}))
    await renderImage(owned.browser, grid.cover, {width: 400, height: 600})
    expect(sha(await renderPdf(owned.browser, grid.html, {sourceDateEpoch: epoch}))).toBe(before)
  })

  it('closes a page that ran script (footnotes) instead of keeping it', {timeout: 30_000}, async () => {
    const footnotes = documentOf(join('papers', 'short-brief.md'), 'footnotes')
    const before = pageTargets()
    await renderPdf(owned.browser, footnotes.html, {timeout: 20_000})
    // The page it used was one of the kept ones and is gone now.
    await expect.poll(pageTargets).toBe(before - 1)
  })
})

describe('few browser processes', () => {
  // Each Chromium process maps ~200 MB of its binary: the build's memory is
  // mostly how many there are (BENCHMARKS.md). Every page shares one
  // renderer; GPU and network run inside the browser process; no zygote.
  it('prints and takes pictures with one renderer, no GPU process and no zygote', async () => {
    await Promise.all([renderPdf(owned.browser, grid.html), renderImage(owned.browser, brief.cover, {timeout: 10_000})])
    const root = owned.browser.process()!.pid!
    const children = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .flatMap((pid) => {
        try {
          const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
          // A forked Chromium rewrites its argv as one string: search it whole.
          return ppid === root ? [/--type=\S+/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[0] ?? 'untyped'] : []
        } catch {
          return [] // gone meanwhile
        }
      })
    expect(children.filter((type) => type === '--type=renderer')).toHaveLength(1)
    expect(children.filter((type) => /--type=(gpu-process|zygote)/.test(type))).toEqual([])
  })
})
