#!/usr/bin/env node
// Citations against plain notes (issue 17). Generates two papers in a temp folder: one with
// 100 `[@key, n]` citations of a 50-entry BibTeX bibliography (chicago-notes: 50 full first
// notes, 50 short ones, and a bibliography), and the same paper with the very notes and
// bibliography those citations produce written out as plain `[^n]` notes and paragraphs, so
// both render the same pages and only the citation work differs. Times
// `offprint build <paper> --no-cache` on each (PDF + EPUB + HTML, a fresh process each time,
// so loading citeproc and its style is included), alternating, and prints each run, the
// medians and their ratio (target ≤ 1.5×). Wall time is what counts; CPU time (user + sys of
// the process and its children, Chromium included) is printed beside it because the machine
// is shared. Usage: node scripts/bench-citations.mjs [--runs 5] [--notes 100]
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {toMarkdown} from 'mdast-util-to-markdown'
import {VFile} from 'vfile'
import {parsePaper} from '@offprint/parse'
import {formatCitations, insertCitations, loadBibliography, numberNotes} from '@offprint/cite'

const {values} = parseArgs({options: {runs: {type: 'string', default: '5'}, notes: {type: 'string', default: '100'}}})
const runs = Number(values.runs)
const notes = Number(values.notes)
const cli = new URL('../apps/build/dist/cli.js', import.meta.url).pathname
const folder = mkdtempSync(join(tmpdir(), 'offprint-bench-citations-'))
const works = Math.max(1, Math.floor(notes / 2))

const entry = (index) =>
  index % 2 === 0
    ? `@article{work${index},\n  author = {Author${index}, Ana and Second, Ben},\n  title = {Study Number ${index}: Water Prices and Household Budgets},\n  journal = {Journal of Utility Regulation},\n  volume = {${index}},\n  number = {2},\n  pages = {101--129},\n  year = {2024},\n  doi = {10.5555/jur.${index}}\n}\n`
    : `@report{work${index},\n  author = {{Institute ${index}}},\n  title = {Report ${index} on Tariffs},\n  institution = {Harbourside Institute},\n  year = {2023},\n  url = {https://example.org/reports/${index}}\n}\n`

function citationPaper() {
  const dir = join(folder, 'citations')
  mkdirSync(dir)
  const sentences = Array.from({length: notes}, (_, index) => `Sentence ${index + 1} makes a claim about tariffs and who pays for the pipes [@work${index % works}, ${10 + index}].`)
  const body = sentences.map((s, i) => (i % 5 === 4 ? s + '\n\n' : s + ' ')).join('')
  const text = `---\ntitle: Bench citations\nlang: en-US\nbibliography: refs.bib\n---\n\n${body}\n`
  const bib = Array.from({length: works}, (_, i) => entry(i)).join('\n')
  writeFileSync(join(dir, 'index.md'), text)
  writeFileSync(join(dir, 'refs.bib'), bib)
  return {dir, text, bib}
}

/** The same paper with what its citations become written out: plain notes and a bibliography section. */
function plainPaper({text, bib}) {
  const dir = join(folder, 'plain')
  mkdirSync(dir)
  const parsed = parsePaper(new VFile({path: 'index.md', value: text}))
  const options = {bibliography: loadBibliography(bib, {format: 'bibtex'}), lang: 'en-US'}
  insertCitations(parsed.tree, parsed.file, options)
  const paper = formatCitations(numberNotes(parsed), options)
  const inline = (nodes) => toMarkdown({type: 'paragraph', children: nodes}).trim()
  const note = new Map(paper.notes.map((n) => [n.number, inline(n.children.flatMap((c) => c.children ?? [c]))]))
  const body = text
    .replace('bibliography: refs.bib\n', '')
    .replace(/ \[@work\d+, \d+\]\./g, () => `.[^n${nextNote()}]`)
  const definitions = [...note].map(([number, value]) => `[^n${number}]: ${value}`)
  const entries = paper.bibliography.children.map((entry) => inline(entry.children))
  writeFileSync(join(dir, 'index.md'), `${body}\n## Bibliography\n\n${entries.join('\n\n')}\n\n${definitions.join('\n')}\n`)
  return {dir}
}

let counter = 0
const nextNote = () => ++counter

function time(dir) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, cli, 'build', dir, '--no-cache', '--out', join(dir, 'dist')], {encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`build of ${dir} failed (${result.status}):\n${result.stderr}`)
  const [wall, user, system] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number)
  return {wall, cpu: user + system}
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const citations = citationPaper()
const dirs = {plain: plainPaper(citations).dir, citations: citations.dir}
const times = {plain: [], citations: []}
time(dirs.plain) // warm the file cache and Chromium's disk cache once
for (let run = 0; run < runs; run++) {
  // Alternate, so drift in the machine's load falls on both alike.
  for (const kind of run % 2 ? ['citations', 'plain'] : ['plain', 'citations']) times[kind].push(time(dirs[kind]))
}
const medians = {}
for (const kind of ['plain', 'citations']) {
  medians[kind] = {wall: median(times[kind].map((t) => t.wall)), cpu: median(times[kind].map((t) => t.cpu))}
  console.log(`${kind.padEnd(9)} ${notes} notes: wall ${times[kind].map((t) => t.wall.toFixed(2)).join(' ')} s, median ${medians[kind].wall.toFixed(2)} s; CPU median ${medians[kind].cpu.toFixed(2)} s`)
}
const ratio = medians.citations.wall / medians.plain.wall
console.log(`ratio citations ÷ plain: wall ${ratio.toFixed(2)}× (target ≤ 1.5×) ${ratio <= 1.5 ? 'PASS' : 'FAIL'}; CPU ${(medians.citations.cpu / medians.plain.cpu).toFixed(2)}×`)
if (process.env.KEEP) console.log(folder)
else rmSync(folder, {recursive: true, force: true})
