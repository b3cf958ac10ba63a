import {existsSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {attachSeriesConfigs, buildSeries, findPapers, formatMessages, type BuildResult} from '@offprint/build'
import {epubcheck, epubFiles, pdfText} from './helpers/tools.js'

// A series whose series.yaml adds a remark and a rehype plugin (tests/fixtures/plugins).
const folder = resolve('tests/fixtures/plugins')
const out = mkdtempSync(join(tmpdir(), 'offprint-plugins-'))
const spelled = 'IEA (International Energy Agency)'
let result: BuildResult
let calls: {attached: number; ran: number}

const messagesOf = (slug: string) => formatMessages(result.papers.find((paper) => paper.source.slug === slug)!.file)

beforeAll(async () => {
  const sources = findPapers(folder)
  await attachSeriesConfigs(sources)
  // Papers are read in worker threads, each importing the plugin: it counts into a file.
  const log = join(out, '..', `plugin-calls-${process.pid}.log`)
  process.env.OFFPRINT_TEST_PLUGIN_CALLS = log
  try {
    result = await buildSeries(sources, {out, cache: false, remote: false, concurrency: 2})
  } finally {
    delete process.env.OFFPRINT_TEST_PLUGIN_CALLS
  }
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : []
  calls = {attached: lines.filter((line) => line === 'attached').length, ran: lines.filter((line) => line === 'ran').length}
}, 300_000)

describe('a series with its own plugins', () => {
  it('builds one processor for the series and runs it on every paper', () => {
    expect(result.papers.map((paper) => `${paper.source.slug} ${paper.status}`)).toEqual(['energy built', 'exploding failed', 'untrusted failed', 'water built'])
    // One processor per series in each thread that reads papers (two workers, -j 2), never one per paper.
    expect(calls.attached).toBeGreaterThanOrEqual(1)
    expect(calls.attached).toBeLessThanOrEqual(2)
    // Run on each paper that reached it: the refused front matter does not stop the stages, only the build.
    expect(calls.ran).toBe(4)
  })

  it('shows the remark plugin’s and the rehype plugin’s changes in the HTML', () => {
    const html = readFileSync(join(out, 'energy.html'), 'utf8')
    expect(html).toContain(`<p>The ${spelled} expects storage to triple by 2030.`)
    expect(html).toContain('<p class="house-rule">Checked against the house rules. <a>House style</a></p>')
    // What the plugin added is held to the allow-list: the sanitizer runs after it.
    expect(html).not.toMatch(/onclick|javascript:/i)
    expect(readFileSync(join(out, 'water.html'), 'utf8')).toContain(`the ${spelled} does not cover water.`)
  })

  it('shows them in the PDF’s text', () => {
    // Words hyphenated at a line end are joined again (none of these has a hyphen of its own).
    const text = pdfText(join(out, 'energy.pdf')).replace(/[-\u00ad]\n/g, '').replace(/\s+/g, ' ')
    expect(text).toContain(`The ${spelled} expects storage to triple by 2030.`)
    expect(text).toContain('Checked against the house rules. House style')
  })

  it('shows them in the EPUB, which passes epubcheck', async () => {
    const files = await epubFiles(join(out, 'energy.epub'))
    const text = [...files].filter(([name]) => name.endsWith('.xhtml')).map(([, content]) => content).join('\n')
    expect(text).toContain(`The ${spelled} expects storage to triple by 2030.`)
    expect(text).toContain('<p class="house-rule">Checked against the house rules. <a>House style</a></p>')
    const report = await epubcheck(join(out, 'energy.epub'))
    expect(report.messages.filter((m) => m.severity === 'ERROR' || m.severity === 'FATAL' || m.severity === 'WARNING').map((m) => m.message)).toEqual([])
  })

  it('fails the paper a plugin throws on, alone, at the plugin’s line, naming it', () => {
    const lines = messagesOf('exploding')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^tests\/fixtures\/plugins\/plugins\/remark-refuse-word\.mjs:4:\d+: error: Unexpected remark plugin `\.\/plugins\/remark-refuse-word\.mjs` \(tests\/fixtures\/plugins\/series\.yaml:7:7\) that threw \(this paper says EXPLODE\), expected it to run on the paper \[plugin-failed\]$/
    )
    expect(messagesOf('energy')).toEqual([])
  })

  it('refuses `plugins` in a paper’s front matter, at the key', () => {
    expect(messagesOf('untrusted')).toEqual([
      'tests/fixtures/plugins/untrusted.md:3:1: error: Unexpected `plugins` in front matter, expected plugins in `series.yaml` (a paper cannot load code) [front-matter-plugins]'
    ])
  })
})
