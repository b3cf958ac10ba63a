#!/usr/bin/env node
// `npm run bench`: Offprint's benchmark. Generates a series of papers (seeded, so every
// run builds the same inputs) plus the real-world corpus in ../shared/corpus, builds them
// cold, again with nothing changed, then with one paper changed, and times the floor (raw
// Chromium printing the same HTML) and pandoc to EPUB. Prints figures and PASS/MISS per
// target; exits 0 (it is a measurement) unless a build failed (1) or bad usage (2).
//
//   node scripts/bench.mjs [--papers 100] [--sample 10] [--seed 20260501] [-j N]
//                          [--sweep-j 2,3] [--no-corpus] [--no-floor] [--settle 30] [--memory-limit 600]
//                          [--startup-runs 5]
//                          [--keep] [--report file.json]
// --settle S: before each timed step wait up to S seconds for other jobs to quieten (0: don't).
import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, readFileSync, readdirSync} from 'node:fs'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {availableParallelism, loadavg, tmpdir, totalmem} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {memoryCgroup} from './bench-cgroup.mjs'
import {generateSeries} from './bench-generate.mjs'
import {machineBusySeconds, measure, timeCommand} from './bench-measure.mjs'
import {offprintPdf, offprintSingle, pandocEpub, pdfBreakdown, rawChromium} from './bench-floor.mjs'
import {stageBreakdown} from './bench-stages.mjs'
import {printStartup, startupFigures} from './bench-startup.mjs'
import {printBuilds, printCgroup, printColdAnalysis, printFloor, printTargets, summarizeBuild, targetsOf} from './bench-report.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'apps/build/dist/cli.js')
const corpusSource = resolve(root, '../shared/corpus/programminghistorian')
const MB = 1e6 // as in the figures (bench-report.mjs)

function parseArgs(argv) {
  const options = {papers: 100, sample: 10, seed: 20260501, concurrency: undefined, sweep: [], corpus: true, floor: true, keep: false, report: undefined, settle: 30, memoryLimit: 600, startupRuns: 5}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`)
      return argv[++i]
    }
    const int = (text) => (/^\d+$/.test(text) && Number(text) > 0 ? Number(text) : usage(`${arg}: not a positive integer: ${text}`))
    if (arg === '--papers') options.papers = int(value())
    else if (arg === '--sample') options.sample = int(value())
    else if (arg === '--seed') options.seed = int(value())
    else if (arg === '-j' || arg === '--concurrency') options.concurrency = int(value())
    else if (arg === '--sweep-j') options.sweep = value().split(',').map(int)
    else if (arg === '--no-corpus') options.corpus = false
    else if (arg === '--no-floor') options.floor = false
    else if (arg === '--keep') options.keep = true
    else if (arg === '--settle') options.settle = Number(value()) || 0
    else if (arg === '--memory-limit') options.memoryLimit = int(value())
    else if (arg === '--startup-runs') options.startupRuns = int(value())
    else if (arg === '--report') options.report = resolve(value())
    else if (arg === '-h' || arg === '--help') usage()
    else usage(`unknown option ${arg}`)
  }
  return options
}

function usage(problem) {
  const text = 'usage: node scripts/bench.mjs [--papers N] [--sample N] [--seed N] [-j N] [--sweep-j 2,3] [--no-corpus] [--no-floor] [--settle S] [--memory-limit MB] [--startup-runs N] [--keep] [--report file.json]'
  if (problem) {
    console.error(`bench: ${problem}\n${text}`)
    process.exit(2)
  }
  console.log(text)
  process.exit(0)
}

function version(command, args) {
  try {
    return execFileSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim().split('\n')[0]
  } catch {
    return undefined
  }
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : ''
  const chromium = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium'
  return {
    cores: availableParallelism(),
    memoryGiB: totalmem() / 2 ** 30,
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    node: process.version,
    chromiumPath: chromium,
    chromium: version(chromium, ['--version']) ?? 'not found',
    pandoc: version('pandoc', ['--version']),
    date: new Date().toISOString(),
    loadBefore: loadavg()
  }
}

/**
 * Wait (up to --settle seconds) until the rest of the machine is nearly idle — under a
 * quarter of a core busy over one second — so other jobs disturb the figures less.
 */
async function settle(options) {
  if (!options.settle) return
  const deadline = Date.now() + options.settle * 1000
  for (;;) {
    const before = machineBusySeconds()
    await new Promise((done) => setTimeout(done, 1000))
    const busy = machineBusySeconds() - before
    if (busy < 0.25) return
    if (Date.now() > deadline) {
      process.stderr.write(`bench: the machine is still busy (${busy.toFixed(2)} cores used by other jobs); measuring anyway\n`)
      return
    }
  }
}

/** Run the CLI on `paths` under measurement and read its JSON report. */
async function build(label, paths, work, options, extra = [], {out = join(work, 'dist'), cgroup} = {}) {
  const args = [cli, 'build', ...paths, '--json', '--out', out, ...extra]
  if (!extra.includes('--no-cache')) args.push('--cache', join(work, 'cache'))
  if (options.concurrency && !extra.includes('-j')) args.push('-j', String(options.concurrency))
  await settle(options)
  process.stderr.write(`bench: ${label} … `)
  const [command, argv] = cgroup ? cgroup.wrap(process.execPath, args) : [process.execPath, args]
  const run = await measure(command, argv, {cwd: root, timeFile: cgroup ? undefined : join(work, 'time.txt')})
  let report
  try {
    report = JSON.parse(run.stdout)
  } catch {
    report = undefined
  }
  const result = summarizeBuild(label, run, report)
  process.stderr.write(`${(run.wallMs / 1000).toFixed(2)} s, exit ${run.code}\n`)
  if (!result.ok && report) for (const failure of result.failures) process.stderr.write(`bench:   failed: ${failure}\n`)
  else if (!result.ok) process.stderr.write(`bench: ${label} FAILED (exit ${run.code}); the CLI's last output:\n${run.stderr.split('\n').slice(-25).join('\n')}\n`)
  return result
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  if (!existsSync(cli)) {
    console.error(`bench: ${cli} is missing — build first (npm run bench does: turbo run build)`)
    process.exit(2)
  }
  const info = machine()
  const work = await mkdtemp(join(tmpdir(), 'offprint-bench-'))
  const papersDir = join(work, 'papers')
  const corpusDir = join(work, 'corpus')
  let failed = false
  const figures = {machine: info, options, builds: [], sweep: []}
  try {
    console.error(`bench: working in ${work}`)
    const papers = await generateSeries(papersDir, options.papers, options.seed)
    figures.generated = {papers: papers.length, words: papers.map((p) => p.words)}
    console.error(`bench: generated ${papers.length} papers (${Math.min(...figures.generated.words)}–${Math.max(...figures.generated.words)} words, seed ${options.seed})`)
    const paths = [papersDir]
    if (options.corpus && existsSync(corpusSource)) {
      await mkdir(corpusDir, {recursive: true})
      const files = readdirSync(corpusSource).filter((name) => name.endsWith('.md'))
      for (const name of files) cpSync(join(corpusSource, name), join(corpusDir, name))
      figures.corpus = files.length
      paths.push(corpusDir)
      console.error(`bench: copied ${files.length} papers from ../shared/corpus/programminghistorian (The Programming Historian, CC BY 4.0)`)
    } else {
      console.error(options.corpus ? `bench: ${corpusSource} not found — skipping the real-world corpus` : 'bench: --no-corpus: skipping the real-world corpus')
    }

    // 1. The generated series, cold (empty cache and output). 2. The corpus on top
    // (the series hits the cache). 3. Everything again, nothing changed. 4. One paper changed.
    const runs = figures.builds
    runs.push(await build(`cold: ${papers.length} generated papers`, [papersDir], work, options))
    if (paths.length > 1) runs.push(await build(`cold: + ${figures.corpus} corpus papers (series cached)`, paths, work, options))
    runs.push(await build(`no-op: all ${papers.length + (figures.corpus ?? 0)} papers, nothing changed`, paths, work, options))
    const changed = papers[Math.floor(papers.length / 2)]
    const text = await readFile(changed.file, 'utf8')
    await writeFile(changed.file, text.replace('\n## ', '\nA sentence added by the benchmark changes this paper and only this one.\n\n## '))
    runs.push(await build(`one changed (${changed.slug}): all papers`, paths, work, options))
    failed = runs.some((run) => !run.ok)

    // 5. The cold build again, in a cgroup with a hard limit of --memory-limit MB and no
    // swap: does it fit in a machine that small, by the kernel's own accounting?
    const cgroup = memoryCgroup(options.memoryLimit * MB)
    if (cgroup.skipped) {
      figures.cgroup = {skipped: cgroup.skipped}
      console.error(`bench: skipping the run under a memory limit: ${cgroup.skipped}`)
    } else {
      try {
        const run = await build(`cold, in a ${options.memoryLimit} MB memory cgroup (--no-cache)`, [papersDir], work, options, ['--no-cache'], {out: join(work, 'dist-limited'), cgroup})
        figures.cgroup = {limitBytes: cgroup.limitBytes, version: cgroup.version, ...cgroup.figures(), ...run}
        failed ||= !run.ok
      } finally {
        cgroup.remove()
      }
    }

    for (const jobs of options.sweep) {
      const run = await build(`sweep: ${papers.length} papers, --no-cache -j ${jobs}`, [papersDir], work, options, ['--no-cache', '-j', String(jobs)])
      figures.sweep.push({jobs, ...run})
      failed ||= !run.ok
    }

    // The browser-less commands and one paper against their peers (pandoc, md-to-pdf), interleaved.
    await settle(options)
    console.error('bench: start-up and one paper against pandoc and md-to-pdf …')
    figures.startup = await startupFigures({runs: options.startupRuns})
    await settle(options)
    figures.startupMs = []
    for (let run = 0; run < 3; run++) figures.startupMs.push((await timeCommand(process.execPath, [cli, '--version'])).ms)

    // The sample: evenly spaced papers whose HTML the cold build wrote.
    const step = Math.max(1, Math.floor(papers.length / options.sample))
    const sample = papers.filter((paper, index) => index % step === Math.floor(step / 2) && existsSync(join(work, 'dist', paper.slug + '.html'))).slice(0, options.sample)
    if (options.floor && !sample.length) console.error('bench: skipping the floor comparisons: the cold build wrote no HTML')
    else if (options.floor) {
      await settle(options)
      const htmlFiles = sample.map((paper) => join(work, 'dist', paper.slug + '.html'))
      const floorWork = join(work, 'floor')
      await mkdir(floorWork, {recursive: true})
      const floor = {sample: sample.map((p) => p.slug)}
      console.error(`bench: floor: raw chromium --print-to-pdf on ${sample.length} papers …`)
      floor.raw = await rawChromium(info.chromiumPath, htmlFiles, floorWork)
      console.error('bench: floor: Offprint renderPdf, warm and with its own launch …')
      floor.offprint = await offprintPdf(htmlFiles)
      console.error('bench: floor: renderPdf breakdown …')
      floor.breakdown = await pdfBreakdown(htmlFiles)
      console.error('bench: stage breakdown …')
      floor.stages = await stageBreakdown(sample).catch((error) => {
        floor.stagesSkipped = error.message.split('\n')[0]
        return undefined
      })
      console.error('bench: Offprint CLI on one paper at a time …')
      floor.single = await offprintSingle(cli, sample, floorWork)
      if (info.pandoc) {
        console.error('bench: pandoc -o x.epub …')
        floor.pandoc = await pandocEpub(sample, floorWork)
      } else console.error('bench: pandoc not found (apt-get install pandoc) — skipping the pandoc comparison')
      const cold = runs[0].papers
      floor.inBuild = sample.map((paper) => cold.find((p) => p.slug === paper.slug)?.durationMs ?? NaN)
      figures.floor = floor
    }
  } finally {
    if (!options.keep) await rm(work, {recursive: true, force: true})
    else console.error(`bench: kept ${work}`)
  }

  console.log(`\nOffprint benchmark — ${info.date}`)
  info.loadAfter = loadavg()
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ')
  console.log(`load average (1/5/15 min) before: ${load(info.loadBefore)}, after: ${load(info.loadAfter)}`)
  console.log(`machine: ${info.cores} cores, ${info.memoryGiB.toFixed(1)} GiB, ${info.cpu}; Node ${info.node}; ${info.chromium}; ${info.pandoc ?? 'pandoc: not installed'}`)
  printBuilds(figures.builds, info.cores, figures.startupMs)
  printCgroup(figures.cgroup)
  if (figures.sweep.length) printBuilds(figures.sweep, info.cores, undefined, 'Concurrency sweep (cold, --no-cache)')
  printColdAnalysis(figures.builds[0])
  if (figures.floor) printFloor(figures.floor)
  figures.targets = targetsOf(figures)
  printTargets(figures.targets)
  if (figures.startup) printStartup(figures.startup)
  if (options.report) {
    await writeFile(options.report, JSON.stringify(figures, null, 2) + '\n')
    console.error(`bench: figures written to ${options.report}`)
  }
  if (failed) {
    console.error('bench: a build failed or a paper in it failed (see FAILED above); exit 1')
    process.exitCode = 1
  }
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`)
  process.exit(1)
})
