#!/usr/bin/env node
// Charts against none (issue 28). Generates two papers in a temp folder: one with 20
// ```plotly blocks (bar and line charts of 12 points each, with titles and descriptions, as
// the corpus writes them) between paragraphs, and the same paper with every block taken out.
// Times `offprint build <paper> --no-cache` on each (PDF + EPUB + HTML, a fresh process each
// time, so launching the chart page's Chromium and loading Plotly are included), alternating,
// and prints each run, the medians and their ratio (target ≤ 3×). Wall time is what counts;
// CPU time (user + sys of the process and its children, Chromium included) is printed beside
// it because the machine is shared. Usage: node scripts/bench-charts.mjs [--runs 3] [--charts 20]
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'

const {values} = parseArgs({options: {runs: {type: 'string', default: '3'}, charts: {type: 'string', default: '20'}}})
const runs = Number(values.runs)
const charts = Number(values.charts)
const cli = new URL('../apps/build/dist/cli.js', import.meta.url).pathname
const folder = mkdtempSync(join(tmpdir(), 'offprint-bench-charts-'))

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
function chart(index) {
  const y = months.map((_, at) => Math.round(100 + 40 * Math.sin(at / 2 + index) + 3 * index))
  const trace = index % 2 === 0 ? {x: months, y, type: 'bar', marker: {color: '#1f4e79'}, name: 'Claims'} : {x: months, y, type: 'scatter', mode: 'lines+markers', line: {color: '#c0392b'}, name: 'Claims'}
  const layout = {title: {text: `Figure ${index + 1}: claims per month, region ${index + 1}`}, description: '', xaxis: {title: {text: 'Month'}}, yaxis: {title: {text: 'Claims (thousands)'}}, height: 360}
  return '```plotly\n#| alt: Claims per month in region ' + (index + 1) + ', between ' + Math.min(...y) + ' and ' + Math.max(...y) + ' thousand.\n' + JSON.stringify({data: [trace], layout}, null, 2) + '\n```\n'
}

const paragraph = (index) => `Paragraph ${index + 1}: take-up of the grant rose through the winter, and the regions that wrote to eligible households first saw the steepest rise in claims, as the figure below shows for one of them.\n`
function paper(name, withCharts) {
  const dir = join(folder, name)
  mkdirSync(dir)
  const body = Array.from({length: charts}, (_, index) => paragraph(index) + '\n' + (withCharts ? chart(index) + '\n' : '')).join('\n')
  writeFileSync(join(dir, 'index.md'), `---\ntitle: Bench charts\nauthors: Ada Example\nlang: en\ndate: 2026-01-01\n---\n\n## Claims\n\n${body}`)
  return dir
}

function time(dir) {
  const out = mkdtempSync(join(tmpdir(), 'offprint-bench-charts-out-'))
  const started = performance.now()
  const result = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; time "${process.execPath}" "${cli}" build "${dir}" --no-cache --timeout 600 --out "${out}" >/dev/null 2>/tmp/offprint-bench-charts.err`], {encoding: 'utf8'})
  const wall = (performance.now() - started) / 1000
  const [user, sys] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number)
  rmSync(out, {recursive: true, force: true})
  if (result.status !== 0) throw new Error(`build of ${dir} failed: ${result.stderr}`)
  return {wall, cpu: user + sys}
}

const withCharts = paper('charts', true)
const without = paper('plain', false)
const samples = {charts: [], plain: []}
for (let run = 1; run <= runs; run++) {
  for (const [name, dir] of [['plain', without], ['charts', withCharts]]) {
    const sample = time(dir)
    samples[name].push(sample)
    console.log(`run ${run} ${name.padEnd(6)} wall ${sample.wall.toFixed(2)} s  cpu ${sample.cpu.toFixed(2)} s`)
  }
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const wall = {charts: median(samples.charts.map((s) => s.wall)), plain: median(samples.plain.map((s) => s.wall))}
const cpu = {charts: median(samples.charts.map((s) => s.cpu)), plain: median(samples.plain.map((s) => s.cpu))}
console.log(`\n${charts} Plotly charts ÷ none, wall (median of ${runs}): ${(wall.charts / wall.plain).toFixed(2)}× (${wall.charts.toFixed(2)} s vs ${wall.plain.toFixed(2)} s) — target ≤ 3×`)
console.log(`the same, CPU (user + sys, Chromium included): ${(cpu.charts / cpu.plain).toFixed(2)}× (${cpu.charts.toFixed(2)} s vs ${cpu.plain.toFixed(2)} s)`)
rmSync(folder, {recursive: true, force: true})
