// npm run soak -- [--runs N] [--papers N] [-j N] [--busy N] [--keep]
//
// Cold series builds, one after another, while busy child processes keep the
// cores loaded (what a shared CI runner looks like): a build that fails a paper
// for no fault of the paper — a race, a browser fault not survived, a time-out
// caused by the load — shows up here as a failed run. Prints one line per run
// (failures, wall time, peak summed RSS of node and Chromium) and a summary;
// exits 1 if any run failed. Not part of `npm test`: 100 runs take ~15 min.
import {spawn} from 'node:child_process'
import {mkdtemp, rm} from 'node:fs/promises'
import {availableParallelism, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import {generateSeries} from './bench-generate.mjs'
import {measure} from './bench-measure.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const cli = join(root, 'apps/build/dist/cli.js')

const {values} = parseArgs({
  options: {
    runs: {type: 'string', default: '20'},
    papers: {type: 'string', default: '6'},
    concurrency: {type: 'string', short: 'j', default: '3'},
    busy: {type: 'string', default: '2'},
    keep: {type: 'boolean', default: false},
    help: {type: 'boolean', short: 'h'}
  }
})
if (values.help) {
  process.stdout.write('usage: npm run soak -- [--runs 20] [--papers 6] [-j 3] [--busy 2] [--keep]\n')
  process.exit(0)
}
const runs = Number(values.runs)
const papers = Number(values.papers)
const busyCount = Number(values.busy)

/** A child process that spins a core until killed. */
function busy() {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], {stdio: 'ignore'})
}

const work = await mkdtemp(join(tmpdir(), 'offprint-soak-'))
await generateSeries(join(work, 'papers'), papers, 20261202)
const spinners = Array.from({length: busyCount}, busy)
const stopSpinners = () => spinners.forEach((child) => child.kill('SIGKILL'))
process.on('exit', stopSpinners)
process.on('SIGINT', () => process.exit(130))

process.stdout.write(`soak: ${runs} cold builds of ${papers} papers, -j ${values.concurrency}, ${busyCount} busy processes on ${availableParallelism()} cores\n`)
const results = []
for (let run = 1; run <= runs; run++) {
  const out = join(work, `dist-${run}`)
  const result = await measure(process.execPath, [cli, 'build', join(work, 'papers'), '--no-cache', '--json', '-j', values.concurrency, '--out', out], {
    cwd: work,
    env: {...process.env, CI: 'true'}
  })
  let failed = []
  try {
    failed = JSON.parse(result.stdout).papers.filter((paper) => paper.status !== 'built')
  } catch {
    failed = [{slug: '(no report)', messages: [{reason: result.stderr.split('\n').slice(-3).join(' ')}]}]
  }
  const ok = result.code === 0 && failed.length === 0
  results.push({ok, wallMs: result.wallMs, peak: result.tree.peakRssBytes})
  const reasons = failed.map((paper) => `${paper.slug}: ${paper.messages?.find((m) => m.severity === 'error')?.reason ?? 'failed'}`)
  process.stdout.write(
    `run ${String(run).padStart(3)}  ${ok ? 'ok    ' : 'FAILED'}  ${(result.wallMs / 1000).toFixed(2)} s  peak ${(result.tree.peakRssBytes / 1048576).toFixed(0)} MB${reasons.length ? '  ' + reasons.join('; ') : ''}\n`
  )
  if (!values.keep) await rm(out, {recursive: true, force: true})
}
stopSpinners()
const failures = results.filter((result) => !result.ok).length
const times = results.map((result) => result.wallMs / 1000).sort((a, b) => a - b)
const peak = Math.max(...results.map((result) => result.peak)) / 1048576
process.stdout.write(
  `soak: ${failures} failed runs of ${runs}; wall time median ${times[Math.floor(times.length / 2)].toFixed(2)} s, max ${times.at(-1).toFixed(2)} s; peak summed RSS ${peak.toFixed(0)} MB\n`
)
if (!values.keep) await rm(work, {recursive: true, force: true})
process.exit(failures > 0 ? 1 : 0)
