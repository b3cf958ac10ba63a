import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {packageName, runInit, seriesFiles} from '../src/commands/init.js'
import {renderTemplate, yamlScalar} from '../src/commands/render-template.js'
import type {Io} from '../src/commands/run.js'

function io(cwd: string) {
  const out = {stdout: '', stderr: ''}
  const value: Io = {stdout: (text) => void (out.stdout += text), stderr: (text) => void (out.stderr += text), cwd, version: '1.2.3'}
  return {io: value, out}
}

function listFiles(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory() ? listFiles(folder, join(prefix, entry.name)) : [join(prefix, entry.name)]
  )
}

describe('template rendering', () => {
  const awkward = ['Notes: "On" Water', "It's #1", '- a list?', '@handle', 'yes', '1.0', 'a: b, {c}', 'Plain Name', '  padded  ', '* star', '%TAG', 'Ünïcödé — “quoted”']

  it('writes each value as a YAML scalar that reads back as the same string', () => {
    for (const value of awkward) {
      const text = renderTemplate('series:\n  name: {{title:yaml}}\nafter: {{title:yaml}} \n', {title: value})
      expect(parse(text), text).toEqual({series: {name: value}, after: value})
    }
    expect(yamlScalar('Plain Name')).toBe('Plain Name')
    expect(yamlScalar('Notes: "On" Water')).toMatch(/^'.*'$/)
  })

  it('writes JSON strings and the text as it is, and refuses a name it was not given', () => {
    expect(renderTemplate('{"a": {{x:json}}} {{x}}', {x: 'say "hi"\\'})).toBe('{"a": "say \\"hi\\"\\\\"} say "hi"\\')
    expect(() => renderTemplate('{{nope}}', {x: 'y'})).toThrow(/Unexpected template value `nope`, expected one of x/)
  })
})

describe('the files of a series repository', () => {
  const title = 'Policy: "Water" #3'
  const files = seriesFiles({title, publisher: 'Harbour, Inc.: Research', version: '1.2.3', name: 'My Series!', date: '2026-01-02'})

  it('holds the sample paper, series.yaml, package.json, .gitignore, a README and the workflows', () => {
    expect(Object.keys(files).sort()).toEqual([
      '.github/workflows/papers-sharded.yml',
      '.github/workflows/papers.yml',
      '.gitignore',
      'README.md',
      'package.json',
      'papers/first-paper/figure.svg',
      'papers/first-paper/index.md',
      'papers/first-paper/refs.bib',
      'papers/series.yaml'
    ])
  })

  it('escapes --title and --publisher in series.yaml and the paper, and points $schema into the installed package', () => {
    const series = String(files['papers/series.yaml'])
    expect(series.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/@offprint/parse/schema/series.schema.json')
    expect(parse(series)).toMatchObject({series: {name: title}, publisher: 'Harbour, Inc.: Research'})
    const paper = String(files['papers/first-paper/index.md'])
    const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(paper)![1]!) as {authors: Array<{affiliation: string}>; date: string; bibliography: string}
    expect(front.authors[0]!.affiliation).toBe('Harbour, Inc.: Research')
    expect(front.bibliography).toBe('refs.bib')
    expect(paper).toMatch(/\[\^own\]:/)
    expect(paper).toMatch(/!\[[^\]]+\]\(figure\.svg "Figure 1\./)
    expect(paper).toMatch(/^\|---\|/m)
    expect(String(files['README.md']).split('\n')[0]).toBe(`# ${title}`)
  })

  it('gives package.json the scripts, engines, allowScripts and a dependency on this version', () => {
    const manifest = JSON.parse(String(files['package.json'])) as Record<string, Record<string, unknown>>
    expect(manifest.name).toBe('my-series')
    expect(manifest.description).toContain(title)
    expect(manifest.scripts).toMatchObject({build: 'offprint build', check: 'offprint check', dev: 'offprint dev'})
    expect(manifest.engines).toEqual({node: '>=20.19'})
    expect(manifest.dependencies).toEqual({'@offprint/build': '^1.2.3', '@offprint/parse': '^1.2.3'})
    expect(manifest.allowScripts).toEqual({'core-js': false, 'es5-ext': false})
  })

  it('names packages as npm allows', () => {
    expect(packageName('Harbour Papers')).toBe('harbour-papers')
    expect(packageName('.hidden')).toBe('hidden')
    expect(packageName('???')).toBe('papers')
  })
})

describe('offprint init', () => {
  it('writes the files into an empty folder, and names what it wrote', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-init-'))
    const {io: value, out} = io(folder)
    expect(await runInit([], {title: 'Briefs'}, value)).toBe(0)
    expect(listFiles(folder).sort()).toEqual(Object.keys(seriesFiles({version: '1.2.3', name: 'x'})).sort())
    expect(out.stdout).toContain('npx offprint doctor')
  })

  it('refuses to overwrite, names every file in the way and writes nothing (exit 2), unless --force', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-init-'))
    mkdirSync(join(folder, 'papers'))
    writeFileSync(join(folder, 'README.md'), 'ours\n')
    writeFileSync(join(folder, 'papers', 'series.yaml'), 'series: ours\n')
    const {io: value, out} = io(folder)
    expect(await runInit(['.'], {}, value)).toBe(2)
    expect(out.stderr).toBe(`offprint: init would overwrite README.md, papers/series.yaml in ${folder}/; nothing was written (--force overwrites them)\n`)
    expect(listFiles(folder).sort()).toEqual(['README.md', 'papers/series.yaml'])
    expect(readFileSync(join(folder, 'README.md'), 'utf8')).toBe('ours\n')

    expect(await runInit(['.'], {force: true, title: 'Forced'}, value)).toBe(0)
    expect(readFileSync(join(folder, 'README.md'), 'utf8')).toMatch(/^# Forced\n/)
    expect(out.stdout).toContain('overwrote README.md, papers/series.yaml')
  })

  it('leaves files of its own alone (a LICENSE from `git init`), and refuses a title on two lines', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'offprint-init-'))
    writeFileSync(join(folder, 'LICENSE'), 'MIT\n')
    const {io: value, out} = io(folder)
    expect(await runInit(['series'], {title: 'a\nb'}, value)).toBe(2)
    expect(out.stderr).toMatch(/--title takes a name on one line/)
    expect(await runInit([], {}, value)).toBe(0)
    expect(readFileSync(join(folder, 'LICENSE'), 'utf8')).toBe('MIT\n')
  })
})

describe('--help', () => {
  it('lists init and doctor with every option they take', async () => {
    const {run} = await import('../src/commands/run.js')
    const {io: value, out} = io(process.cwd())
    expect(await run(['init', '--help'], value)).toBe(0)
    for (const text of ['offprint init [folder] [--title name] [--publisher name] [--force]', 'offprint doctor [paths…] [--install] [--json] [--for epubcheck,press]', '--title <name>', '--publisher <name>', '--force ', '--install ', '--for <what>']) {
      expect(out.stdout).toContain(text)
    }
  })
})
