#!/usr/bin/env node
// `npm run bench:startup` (and the end of `npm run bench`): the commands paid on every
// save and push, timed against their peers in one run. Each round runs every command
// once, in turn (interleaved, so a burst of load elsewhere on the machine hits all of
// them alike); the figures are medians over the rounds, wall time and CPU (user + system
// of the command and everything it started, from /usr/bin/time).
//
//   node scripts/bench-startup.mjs [--runs 7] [--paper file.md] [--baseline <checkout>]
//                                  [--no-pdf] [--report file.json]
// --baseline: another checkout, built, whose CLI is timed in the same rounds (before/after).
// --no-pdf: skip one paper in all three formats against md-to-pdf (a browser each run).
import {spawn} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {loadavg, tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {generateSeries} from './bench-generate.mjs'
import {stats} from './bench-measure.mjs'
import {mdToPdfCommand} from './bench-peers.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const seed = 20260501

function parseArgs(argv) {
  const options = {runs: 7, paper: undefined, baseline: undefined, pdf: true, report: undefined}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${arg} needs a value`))
    if (arg === '--runs') options.runs = /^\d+$/.test(argv[i + 1] ?? '') && Number(argv[i + 1]) > 0 ? Number(value()) : usage('--runs takes a whole number of at least 1')
    else if (arg === '--paper') options.paper = resolve(value())
    else if (arg === '--baseline') options.baseline = resolve(value())
    else if (arg === '--no-pdf') options.pdf = false
    else if (arg === '--report') options.report = resolve(value())
    else if (arg === '-h' || arg === '--help') usage()
    else usage(`unknown option ${arg}`)
  }
  return options
}

function usage(problem) {
  const text = 'usage: node scripts/bench-startup.mjs [--runs N] [--paper file.md] [--baseline <checkout>] [--no-pdf] [--report file.json]'
  if (problem) {
    console.error(`bench-startup: ${problem}\n${text}`)
    process.exit(2)
  }
  console.log(text)
  process.exit(0)
}

/** Run a command under /usr/bin/time: wall ms and CPU ms (user + system, children included). */
function timed(command, args, {cwd, env} = {}) {
  return new Promise((done, fail) => {
    const timeFile = join(tmpdir(), `offprint-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`)
    const started = performance.now()
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, command, ...args], {cwd, env: {...process.env, ...env}, stdio: ['ignore', 'ignore', 'pipe']})
    const stderr = []
    child.stderr.on('data', (chunk) => stderr.push(chunk))
    child.on('error', fail)
    child.on('close', async (code) => {
      const wallMs = performance.now() - started
      const [user, system] = (await readFile(timeFile, 'utf8').catch(() => '')).trim().split('\n').pop().split(' ').map(Number)
      await rm(timeFile, {force: true})
      if (code !== 0) return fail(new Error(`${command} ${args.join(' ')} exited ${code}:\n${Buffer.concat(stderr).toString('utf8').slice(-2000)}`))
      done({wallMs, cpuMs: (user + system) * 1000})
    })
  })
}

/** The commands to time, by name: each a function of the round's scratch folder. */
function commands(options, paper, work) {
  const list = []
  const offprint = (label, checkout) => {
    const cli = join(checkout, 'apps/build/dist/cli.js')
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build that checkout first`)
    list.push({name: `${label}node -e 0`, floor: true, run: () => timed(process.execPath, ['-e', '0'])})
    list.push({name: `${label}offprint --version`, run: () => timed(process.execPath, [cli, '--version'])})
    list.push({name: `${label}offprint check`, run: () => timed(process.execPath, [cli, 'check', paper])})
    list.push({name: `${label}offprint --to html`, run: () => timed(process.execPath, [cli, 'build', paper, '--to', 'html', '--no-cache', '--out', join(work, 'html')])})
    if (options.pdf) list.push({name: `${label}offprint pdf+epub+html`, browser: true, run: () => timed(process.execPath, [cli, 'build', paper, '--no-cache', '--out', join(work, 'all')])})
  }
  offprint('', root)
  if (options.baseline) offprint('baseline ', options.baseline)
  list.push({name: 'pandoc → html', peer: true, run: () => timed('pandoc', [paper, '-s', '-f', 'markdown', '-t', 'html', '-o', join(work, 'pandoc.html')])})
  const mdToPdf = options.pdf ? mdToPdfCommand(root) : undefined
  if (mdToPdf) list.push({name: 'md-to-pdf → pdf', peer: true, browser: true, run: () => timed(mdToPdf.command, [...mdToPdf.args, paper], {env: mdToPdf.env})})
  else if (options.pdf) console.error('bench-startup: md-to-pdf is not installed (npm run prebench installs it) — skipping its figures')
  return list
}

export async function startupFigures(options = {}) {
  options = {runs: 7, pdf: true, ...options}
  const work = await mkdtemp(join(tmpdir(), 'offprint-bench-startup-'))
  try {
    let paper = options.paper
    if (!paper) {
      // The seed paper: the first of the benchmark's generated series.
      const [first] = await generateSeries(join(work, 'papers'), 1, seed)
      paper = first.file
    }
    const list = commands(options, paper, work)
    const figures = {paper: options.paper ?? `generated p001 (seed ${seed})`, words: readFileSync(paper, 'utf8').split(/\s+/).length, runs: options.runs, loadBefore: loadavg(), samples: {}}
    for (const command of list) figures.samples[command.name] = []
    // One untimed round first: the page cache and (on Node ≥ 22) the compile cache warm.
    for (const command of list) await command.run()
    for (let round = 0; round < options.runs; round++) {
      process.stderr.write(`bench-startup: round ${round + 1}/${options.runs}\r`)
      for (const command of list) figures.samples[command.name].push(await command.run())
    }
    process.stderr.write('\n')
    figures.loadAfter = loadavg()
    figures.medians = Object.fromEntries(
      Object.entries(figures.samples).map(([name, samples]) => [name, {wallMs: stats.median(samples.map((s) => s.wallMs)), cpuMs: stats.median(samples.map((s) => s.cpuMs))}])
    )
    figures.targets = targetsOf(figures.medians)
    return figures
  } finally {
    await rm(work, {recursive: true, force: true})
  }
}

/** The goals (#31), as ratios to the peers measured in the same rounds. */
function targetsOf(medians) {
  const targets = []
  const pandoc = medians['pandoc → html']
  const ratio = (name, peer, key = 'wallMs') => medians[name] && peer && medians[name][key] / peer[key]
  const add = (name, target, value, pass, peer) => value !== undefined && targets.push({name, target, value, pass, peer})
  const version = medians['offprint --version']
  add('offprint --version', '< 0.15 s', `${(version.wallMs / 1000).toFixed(3)} s`, version.wallMs < 150, `node -e 0: ${(medians['node -e 0'].wallMs / 1000).toFixed(3)} s`)
  // The CPU ratio beside the wall one: on a busy machine the wall time is mostly waiting for a core.
  const check = ratio('offprint check', pandoc)
  if (check) add('offprint check ÷ pandoc → html (wall)', '≤ 4×', `${check.toFixed(2)}×`, check <= 4, `pandoc ${ms(pandoc.wallMs)}; CPU ratio ${ratio('offprint check', pandoc, 'cpuMs').toFixed(2)}×`)
  const html = ratio('offprint --to html', pandoc)
  if (html) add('offprint --to html ÷ pandoc → html (wall)', '≤ 6×', `${html.toFixed(2)}×`, html <= 6, `pandoc ${ms(pandoc.wallMs)}; CPU ratio ${ratio('offprint --to html', pandoc, 'cpuMs').toFixed(2)}×`)
  const mdToPdf = medians['md-to-pdf → pdf']
  const wall = ratio('offprint pdf+epub+html', mdToPdf)
  const cpu = ratio('offprint pdf+epub+html', mdToPdf, 'cpuMs')
  if (wall) add('one paper, all three formats ÷ md-to-pdf (wall)', '≤ 0.5×', `${wall.toFixed(2)}×`, wall <= 0.5, `md-to-pdf ${ms(mdToPdf.wallMs)}`)
  if (cpu) add('one paper, all three formats ÷ md-to-pdf (CPU)', '≤ 1.0×', `${cpu.toFixed(2)}×`, cpu <= 1, `md-to-pdf ${ms(mdToPdf.cpuMs)} CPU`)
  return targets
}

const ms = (value) => `${Math.round(value)} ms`

export function printStartup(figures) {
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ')
  console.log(`\nStart-up and browser-less commands (${figures.paper}, ${figures.words} words; medians of ${figures.runs} interleaved rounds)`)
  console.log(`load average (1/5/15 min) before: ${load(figures.loadBefore)}, after: ${load(figures.loadAfter)}`)
  const width = Math.max(...Object.keys(figures.medians).map((name) => name.length))
  console.log(`  ${'command'.padEnd(width)}  ${'wall'.padStart(8)}  ${'CPU'.padStart(8)}`)
  for (const [name, median] of Object.entries(figures.medians)) console.log(`  ${name.padEnd(width)}  ${ms(median.wallMs).padStart(8)}  ${ms(median.cpuMs).padStart(8)}`)
  console.log('Targets (#31)')
  for (const target of figures.targets) console.log(`  ${target.pass ? 'PASS' : 'MISS'}  ${target.name}: ${target.value} (goal ${target.target}; ${target.peer})`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2))
  startupFigures(options).then(
    async (figures) => {
      printStartup(figures)
      if (options.report) await writeFile(options.report, JSON.stringify(figures, null, 2) + '\n')
    },
    (error) => {
      console.error(`bench-startup: ${error.stack ?? error}`)
      process.exit(1)
    }
  )
}
