// Figures and tables of scripts/bench.mjs. MB = 10^6 bytes; s and ms are wall-clock.
import {stats} from './bench-measure.mjs'

const MB = 1e6
const s = (ms) => (ms / 1000).toFixed(2)
const ms0 = (ms) => (Number.isFinite(ms) ? Math.round(ms).toString() : '–')
const mb = (bytes) => (bytes === undefined ? '–' : (bytes / MB).toFixed(0))

/** One build's figures from its measured run and JSON report. */
export function summarizeBuild(label, run, report) {
  const papers = (report?.papers ?? []).map((paper) => ({
    slug: paper.slug,
    status: paper.status,
    cache: paper.cache,
    durationMs: paper.durationMs,
    errors: paper.errors,
    pages: paper.artifacts?.find((artifact) => artifact.format === 'pdf')?.pages
  }))
  const count = (predicate) => papers.filter(predicate).length
  return {
    label,
    ok: run.code === 0 && report !== undefined && report.summary?.failed === 0,
    exit: run.code,
    wallMs: run.wallMs,
    reportMs: report?.summary?.durationMs,
    failures: (report?.papers ?? []).filter((p) => p.status !== 'built').map((p) => `${p.path}: ${p.messages?.find((m) => m.severity === 'error')?.reason ?? p.status}`),
    counts: {papers: papers.length, rendered: count((p) => p.cache === 'rendered'), hit: count((p) => p.cache === 'hit'), failed: count((p) => p.status !== 'built')},
    papers,
    peakRssBytes: run.tree.peakRssBytes,
    peakPssBytes: run.tree.peakPssBytes,
    peakProcesses: run.tree.peakProcesses,
    rssSamples: run.tree.samples,
    // Sampled VmRSS of the CLI's node process. Not /usr/bin/time's %M: its rusage max
    // covers the children node waited for too, so it reported Chromium's browser process.
    nodeMaxRssBytes: run.tree.peakNodeRssBytes,
    // CPU of the tree, summed per process from /proc (rusage from /usr/bin/time misses the
    // Chromium processes nobody waits for), and what the rest of the machine used meanwhile.
    cpuSeconds: Object.values(run.tree.cpuByKind).reduce((a, b) => a + b, 0),
    otherCpuSeconds: Math.max(0, run.machineCpuSeconds - Object.values(run.tree.cpuByKind).reduce((a, b) => a + b, 0)),
    cpuByKind: run.tree.cpuByKind
  }
}

function table(headers, rows) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => String(row[column]).length)))
  const line = (cells) => cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ')
  console.log(line(headers))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of rows) console.log(line(row))
}

export function printBuilds(builds, cores, startup, title = 'Builds (offprint build --json --cache <tmp>/cache --out <tmp>/dist)') {
  console.log(`\n${title}`)
  table(
    ['build', 'papers', 'rendered', 'cached', 'wall s', 'in loop s', 'wall ms/paper', 'mean ms/rendered', 'peak RSS tree MB', 'peak PSS tree MB', 'procs', 'node max RSS MB', 'CPU s', 'CPU/cores', 'other CPU s', 'exit'],
    builds.map((b) => {
      const rendered = b.papers.filter((p) => p.cache === 'rendered').map((p) => p.durationMs)
      return [b.label, b.counts.papers, b.counts.rendered, b.counts.hit, s(b.wallMs), b.reportMs === undefined ? '–' : s(b.reportMs), ms0(b.wallMs / Math.max(1, b.counts.papers)), ms0(stats.mean(rendered)), mb(b.peakRssBytes), mb(b.peakPssBytes), b.peakProcesses, mb(b.nodeMaxRssBytes), b.cpuSeconds?.toFixed(1) ?? '–', b.cpuSeconds === undefined ? '–' : `${((100 * b.cpuSeconds) / (b.wallMs / 1000) / cores).toFixed(0)} %`, b.otherCpuSeconds?.toFixed(1) ?? '–', b.exit]
    })
  )
  if (startup) console.log(`CLI start-up alone (node apps/build/dist/cli.js --version, mean of ${startup.length}): ${ms0(stats.mean(startup))} ms`)
  for (const b of builds) for (const failure of b.failures) console.log(`  ${b.label}: FAILED ${failure}`)
  console.log('peak RSS tree = max over samples (every 50 ms) of the summed VmRSS of the CLI and all its descendants (pages shared between Chromium processes count once per process);')
  console.log('peak PSS tree = the same with Pss (shared pages divided among sharers; sampled every 100 ms); procs = most processes in the tree at once;')
  console.log('in loop s = the build\'s own durationMs (JSON summary): wall minus node start-up, module loading and exit;')
  console.log('node max RSS = peak sampled VmRSS of the CLI\'s node process alone; CPU s = user+system of every process of the tree (sampled from /proc); CPU/cores = CPU s ÷ (wall × cores);')
  console.log('other CPU s = CPU the rest of the machine used during the build (other jobs, this script\'s sampling): the noise in the figures.')
}

export function printColdAnalysis(cold) {
  if (!cold?.papers.length) return
  const durations = cold.papers.filter((p) => p.cache === 'rendered').map((p) => p.durationMs)
  const pages = cold.papers.reduce((sum, p) => sum + (p.pages ?? 0), 0)
  const sum = durations.reduce((a, b) => a + b, 0)
  console.log(`\nCold build, where the time goes (${cold.label})`)
  console.log(`per-paper durationMs (JSON report, includes waiting for the shared browser): mean ${ms0(stats.mean(durations))}, median ${ms0(stats.median(durations))}, p90 ${ms0(stats.quantile(durations, 0.9))}, max ${ms0(Math.max(...durations))}`)
  console.log(`sum of per-paper durations ${s(sum)} s over ${s(cold.wallMs)} s wall = ${(sum / cold.wallMs).toFixed(2)} papers in flight on average; ${pages} PDF pages, ${ms0(cold.wallMs / Math.max(1, pages))} ms wall per page`)
  if (cold.reportMs !== undefined) console.log(`outside the build loop (node start-up, module load, catalog, browser close, exit): ${s(cold.wallMs - cold.reportMs)} s`)
  const kinds = Object.entries(cold.cpuByKind ?? {}).sort((a, b) => b[1] - a[1])
  const total = kinds.reduce((sum, [, seconds]) => sum + seconds, 0)
  console.log(`CPU by process kind (sampled from /proc, ≈): ${kinds.map(([kind, seconds]) => `${kind} ${seconds.toFixed(1)} s (${((100 * seconds) / total).toFixed(0)} %)`).join(', ')}`)
  const slowest = [...cold.papers].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5)
  console.log(`slowest: ${slowest.map((p) => `${p.slug} ${ms0(p.durationMs)} ms (${p.pages ?? '?'} pp)`).join(', ')}`)
}

/** The floor and pandoc figures, each a mean per paper in ms. */
export function floorFigures(floor) {
  const mean = (rows, key = 'ms') => stats.mean(rows.map((row) => row[key]))
  const raw = mean(floor.raw.papers)
  const trivial = stats.mean(floor.raw.trivialMs)
  const figures = {
    raw,
    trivial,
    rawAmortised: raw - trivial,
    offprintWarm: mean(floor.offprint.warm.papers),
    offprintLaunch: floor.offprint.warm.launchMs,
    offprintCold: mean(floor.offprint.cold),
    bare: mean(floor.breakdown, 'bareMs'),
    tagged: mean(floor.breakdown, 'taggedMs'),
    finish: mean(floor.breakdown, 'finishMs'),
    single: floor.single ? mean(floor.single) : NaN,
    inBuild: stats.mean(floor.inBuild),
    pandoc: floor.pandoc ? mean(floor.pandoc) : NaN
  }
  figures.ratioWarm = figures.offprintWarm / figures.rawAmortised
  figures.ratioWithStartup = figures.offprintCold / figures.raw
  return figures
}

export function printFloor(floor) {
  const f = floorFigures(floor)
  console.log(`\nPDF stage vs the floor, same HTML (dist/<slug>.html), ${floor.sample.length} papers sequentially: ${floor.sample.join(' ')}`)
  table(
    ['measure', 'ms/paper'],
    [
      ['raw chromium --headless --print-to-pdf, one launch per paper (incl. start-up)', ms0(f.raw)],
      ['raw chromium, trivial page (start-up + exit alone)', ms0(f.trivial)],
      ['raw chromium per paper, start-up amortised (first − second)', ms0(f.rawAmortised)],
      ['Offprint renderPdf, warm browser (launch once, not counted)', ms0(f.offprintWarm)],
      ['Offprint launchBrowser + renderPdf + close per paper (incl. start-up)', ms0(f.offprintCold)],
      ['  (Offprint launchBrowser alone, once)', ms0(f.offprintLaunch)],
      ['  breakdown, warm: setContent + page.pdf untagged (like --print-to-pdf)', ms0(f.bare)],
      ...['newPage', 'setContent', 'pdf', 'close'].map((phase) => [`    of which ${phase}`, ms0(stats.mean(floor.breakdown.map((row) => row.phases[phase])))]),
      ['  breakdown, warm: setContent + page.pdf tagged + outline', ms0(f.tagged)],
      ['  breakdown: finishPdf (Node post-processing)', ms0(f.finish)]
    ]
  )
  console.log(`ratio warm (renderPdf warm ÷ raw start-up amortised): ${f.ratioWarm.toFixed(2)}×;  ratio incl. start-up (launch+render+close ÷ raw per launch): ${f.ratioWithStartup.toFixed(2)}×`)
  if (floor.stages?.length) {
    console.log(`\nOne paper, stage by stage (renderArtifacts' steps replayed sequentially in one warm browser, ${floor.stages.length} papers)`)
    const names = Object.keys(floor.stages[0])
    const means = names.map((name) => stats.mean(floor.stages.map((row) => row[name])))
    const total = means.reduce((a, b) => a + b, 0)
    table(['stage', 'ms/paper', 'share'], [...names.map((name, i) => [name, ms0(means[i]), `${((100 * means[i]) / total).toFixed(0)} %`]), ['total', ms0(total), '100 %']])
  } else if (floor.stagesSkipped) console.log(`\nStage breakdown skipped: ${floor.stagesSkipped}`)
  console.log(`\nWhole paper vs pandoc, same ${floor.sample.length} papers`)
  table(
    ['measure', 'ms/paper'],
    [
      ['pandoc -o x.epub index.md (EPUB only, one process per paper)', floor.pandoc ? ms0(f.pandoc) : 'skipped'],
      ['Offprint CLI, one paper per process, --no-cache (PDF + EPUB + HTML)', ms0(f.single)],
      ['Offprint per-paper durationMs in the cold series build (at -j, browser shared)', ms0(f.inBuild)]
    ]
  )
  if (floor.pandoc) console.log(`ratio Offprint one-paper process ÷ pandoc: ${(f.single / f.pandoc).toFixed(2)}×;  in-build per paper ÷ pandoc: ${(f.inBuild / f.pandoc).toFixed(2)}×`)
}

export function targetsOf(figures) {
  const [cold] = figures.builds
  const noop = figures.builds.find((b) => b.label.startsWith('no-op'))
  const one = figures.builds.find((b) => b.label.startsWith('one changed'))
  const peak = [...figures.builds].sort((a, b) => b.peakRssBytes - a.peakRssBytes)[0]
  const peakPss = [...figures.builds].sort((a, b) => b.peakPssBytes - a.peakPssBytes)[0]
  const targets = [
    {name: `${cold.counts.papers}-paper cold build (PDF + EPUB + HTML)`, target: '≤ 60 s', value: `${s(cold.wallMs)} s${cold.counts.failed ? ` (${cold.counts.failed} failed)` : ''}`, pass: cold.wallMs <= 60_000},
    {name: 'no-op rebuild', target: '< 1 s', value: noop ? `${s(noop.wallMs)} s` : '–', pass: noop ? noop.wallMs < 1000 : undefined},
    {name: 'one changed paper', target: '< 3 s', value: one ? `${s(one.wallMs)} s` : '–', pass: one ? one.wallMs < 3000 && one.counts.rendered === 1 : undefined}
  ]
  if (figures.floor) {
    const f = floorFigures(figures.floor)
    targets.push({name: 'PDF stage ÷ raw Chromium, warm (start-up amortised)', target: '≤ 1.3×', value: `${f.ratioWarm.toFixed(2)}×`, pass: f.ratioWarm <= 1.3})
    targets.push({name: 'PDF stage ÷ raw Chromium, incl. start-up', target: '≤ 1.3×', value: `${f.ratioWithStartup.toFixed(2)}×`, pass: f.ratioWithStartup <= 1.3})
  }
  // The target's measure is the strictest one: VmRSS summed over the build's whole
  // process tree (node and Chromium), each shared page counted once per process that
  // maps it. Pss (shared pages divided among sharers) and a memory cgroup's own
  // accounting are shown beside it; both count each page once.
  targets.push({name: `peak RSS of the process tree, summed VmRSS (${peak.label})`, target: '< 600 MB', value: `${mb(peak.peakRssBytes)} MB`, pass: peak.peakRssBytes < 600 * MB})
  targets.push({name: `  the same as summed Pss (${peakPss.label})`, target: '< 600 MB', value: `${mb(peakPss.peakPssBytes)} MB`, pass: peakPss.peakPssBytes < 600 * MB})
  const limited = figures.cgroup
  if (limited && !limited.skipped) {
    const fits = limited.ok && limited.oomKills === 0
    targets.push({name: `  the cold build inside a ${mb(limited.limitBytes)} MB memory cgroup, no swap`, target: 'builds, no OOM', value: `${limited.ok ? 'built' : 'FAILED'}, ${limited.oomKills} OOM kills, peak ${mb(limited.peakBytes)} MB`, pass: fits})
  }
  return targets
}

/** The cold build run inside a memory cgroup: the kernel's accounting of it. */
export function printCgroup(limited) {
  if (!limited) return
  if (limited.skipped) {
    console.log(`\nUnder a memory limit: skipped (${limited.skipped})`)
    return
  }
  console.log(`\nUnder a memory limit (cgroup v${limited.version}, limit ${mb(limited.limitBytes)} MB, no swap): the same cold build, --no-cache`)
  table(
    ['measure', 'value'],
    [
      ['exit, papers built / failed', `${limited.exit}, ${limited.counts.papers - limited.counts.failed} / ${limited.counts.failed}`],
      ['wall s', s(limited.wallMs)],
      ['cgroup peak usage MB (each page once; page cache of files read and written included)', mb(limited.peakBytes)],
      ['times the limit was reached (memory reclaimed, page cache first)', String(limited.limitHits)],
      ['processes killed by the OOM killer', Number.isNaN(limited.oomKills) ? '–' : String(limited.oomKills)],
      ['peak summed Pss / VmRSS of the tree MB (sampled)', `${mb(limited.peakPssBytes)} / ${mb(limited.peakRssBytes)}`]
    ]
  )
}

export function printTargets(targets) {
  console.log('\nTargets (2-core machine)')
  table(['target', 'goal', 'measured', 'verdict'], targets.map((t) => [t.name, t.target, t.value, t.pass === undefined ? 'n/a' : t.pass ? 'PASS' : 'MISS']))
}
