import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {attachSeriesConfigs, findPapers, formatMessages, loadPaper} from '@offprint/build'

/** A series folder with one paper and the given series.yaml and plugin files. */
async function seriesWith(config: string, files: Record<string, string> = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-plugin-load-'))
  writeFileSync(join(folder, 'series.yaml'), config)
  writeFileSync(join(folder, 'paper.md'), '---\ntitle: A paper\n---\n\nText.\n')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), {recursive: true})
    writeFileSync(join(folder, name), text)
  }
  const sources = findPapers(folder)
  await attachSeriesConfigs(sources)
  const loaded = await loadPaper(sources[0]!)
  return {lines: formatMessages(loaded.paper.file), config: relative(process.cwd(), join(folder, 'series.yaml')), loaded}
}

describe('series plugins that cannot be used', () => {
  it('fails the paper at the entry in series.yaml when the module is missing', async () => {
    const {lines, config, loaded} = await seriesWith('plugins:\n  rehype:\n    - ./plugins/missing.mjs\n')
    expect(lines).toEqual([
      `${config}:3:7: error: Unexpected rehype plugin \`./plugins/missing.mjs\` (${config}:3:7) that cannot be loaded (no such file), expected it to load [plugin-failed]`
    ])
    expect(loaded.rendered).toBeUndefined()
  })

  it('fails the paper when the module has no plugin as its default export', async () => {
    const {lines, config} = await seriesWith('plugins:\n  remark:\n    - [./plugins/not-a-plugin.mjs, {a: 1}]\n', {'plugins/not-a-plugin.mjs': 'export const x = 1\n'})
    expect(lines).toEqual([
      `${config}:3:7: error: Unexpected remark plugin \`./plugins/not-a-plugin.mjs\` (${config}:3:7) that has no default export that is a unified plugin (found none), expected it to run on the paper [plugin-failed]`
    ])
  })

  it('keys the cache by the plugin module', async () => {
    const {loaded} = await seriesWith('plugins:\n  remark:\n    - ./plugins/ok.mjs\n', {'plugins/ok.mjs': 'export default function ok() {}\n'})
    expect(formatMessages(loaded.paper.file)).toEqual([])
    expect(loaded.inputs.some((path) => path.endsWith('/plugins/ok.mjs'))).toBe(true)
  })
})
