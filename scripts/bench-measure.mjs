// Process measurement for scripts/bench.mjs: wall time, peak RSS of a whole process
// tree (polled from /proc), CPU time per kind of process, and /usr/bin/time's figures.
import {spawn} from 'node:child_process'
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {performance} from 'node:perf_hooks'

const TICKS_PER_SECOND = 100 // USER_HZ on Linux
const PAGE = 4096

/** pid → {ppid, ticks (utime+stime)} for every process now in /proc. */
function scanProc() {
  const processes = new Map()
  for (const name of readdirSync('/proc')) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue
    let stat
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1')
    } catch {
      continue // it exited between readdir and read
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, rss 24.
    processes.set(Number(name), {ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21])})
  }
  return processes
}

/** The root and all its descendants. */
function treeOf(root, processes) {
  const children = new Map()
  for (const [pid, {ppid}] of processes) {
    if (!children.has(ppid)) children.set(ppid, [])
    children.get(ppid).push(pid)
  }
  const tree = []
  const queue = [root]
  while (queue.length) {
    const pid = queue.shift()
    if (!processes.has(pid)) continue
    tree.push(pid)
    queue.push(...(children.get(pid) ?? []))
  }
  return tree
}

/** VmRSS in bytes from /proc/<pid>/status, else the stat field (the same counter). */
function vmRss(pid, fallbackPages) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))
    if (match) return Number(match[1]) * 1024
  } catch {
    // gone
  }
  return fallbackPages * PAGE
}

/** Pss in bytes from /proc/<pid>/smaps_rollup: RSS with each shared page divided among its sharers. */
function pss(pid) {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

function kindOf(pid) {
  let argv = []
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split(/[\0 ]/) // a forked Chromium rewrites it as one string
  } catch {
    return 'other'
  }
  const program = argv[0] ?? ''
  const type = argv.find((arg) => arg.startsWith('--type='))?.slice(7)
  if (/chrom/.test(program)) return type ? `chromium ${type}` : 'chromium browser'
  if (/(^|\/)node$/.test(program)) return 'node'
  if (/(^|\/)time$/.test(program)) return 'time'
  return program.split('/').pop() || 'other'
}

/**
 * Sample a process tree every `intervalMs`: the peak sum of VmRSS over the root's
 * descendants (and the root unless `excludeRoot`), the peak of the biggest node
 * process alone, the largest number of processes, and the CPU time seen per kind.
 * Every `pssEvery`-th sample also sums Pss (dearer to read: smaps_rollup walks the
 * page tables), which counts pages shared between Chromium's processes once.
 */
export function sampleTree(root, {intervalMs = 50, excludeRoot = false, pssEvery = 2} = {}) {
  const seen = new Map() // pid → {kind, ticks}
  let peak = 0
  let peakPss = 0
  let peakNode = 0
  let peakProcesses = 0
  let samples = 0
  const tick = () => {
    const processes = scanProc()
    const withPss = samples % pssEvery === 0
    let total = 0
    let totalPss = 0
    let count = 0
    for (const pid of treeOf(root, processes)) {
      const info = processes.get(pid)
      let known = seen.get(pid)
      if (!known) seen.set(pid, (known = {kind: kindOf(pid), ticks: 0}))
      else if (samples % 5 === 0) known.kind = kindOf(pid) // the wrapper script execs Chromium; zygote forks set their title later
      known.ticks = info.ticks
      if (excludeRoot && pid === root) continue
      const rss = vmRss(pid, info.rssPages)
      total += rss
      if (withPss) totalPss += pss(pid)
      count++
      if (known.kind === 'node') peakNode = Math.max(peakNode, rss)
    }
    peak = Math.max(peak, total)
    peakPss = Math.max(peakPss, totalPss)
    peakProcesses = Math.max(peakProcesses, count)
    samples++
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      const cpuByKind = {}
      for (const {kind, ticks} of seen.values()) cpuByKind[kind] = (cpuByKind[kind] ?? 0) + ticks / TICKS_PER_SECOND
      return {peakRssBytes: peak, peakPssBytes: peakPss, peakNodeRssBytes: peakNode, peakProcesses, samples, cpuByKind}
    }
  }
}

/** CPU seconds the whole machine has spent busy since boot (all cores), from /proc/stat. */
export function machineBusySeconds() {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).map(Number)
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND
}

const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/**
 * Run a command as a child and measure it: wall ms, exit code, stdout/stderr, the
 * tree's peak RSS (polled), and — under /usr/bin/time — the max RSS of the command's
 * own process (%M) and the user+system CPU of it and every descendant it reaped.
 */
export function measure(command, args, {cwd, env, timeFile, intervalMs = 50} = {}) {
  const wrapped = timeBinary && timeFile
  const [program, argv] = wrapped ? [timeBinary, ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, args]
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const busyBefore = machineBusySeconds()
    const child = spawn(program, argv, {cwd, env, stdio: ['ignore', 'pipe', 'pipe']})
    const sampler = sampleTree(child.pid, {intervalMs, excludeRoot: Boolean(wrapped)})
    const stdout = []
    const stderr = []
    child.stdout.on('data', (chunk) => stdout.push(chunk))
    child.stderr.on('data', (chunk) => stderr.push(chunk))
    child.on('error', (error) => {
      sampler.stop()
      reject(error)
    })
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started
      const machineCpuSeconds = machineBusySeconds() - busyBefore
      const tree = sampler.stop()
      let time
      if (wrapped) {
        const [maxKb, user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number)
        time = {maxRssBytes: maxKb * 1024, cpuSeconds: user + system, userSeconds: user, systemSeconds: system}
      }
      resolve({code: code ?? (signal ? 128 : 1), wallMs, machineCpuSeconds, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), tree, time})
    })
  })
}

/** Time a command (no tree sampling); kill it after `timeoutMs`. */
export function timeCommand(command, args, {cwd, timeoutMs = 120_000} = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, {cwd, stdio: ['ignore', 'ignore', 'pipe']})
    const stderr = []
    child.stderr.on('data', (chunk) => stderr.push(chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, ms: performance.now() - started, stderr: Buffer.concat(stderr).toString('utf8')})
    })
  })
}

export const stats = {
  mean: (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN),
  quantile(values, q) {
    if (!values.length) return NaN
    const sorted = [...values].sort((a, b) => a - b)
    const at = q * (sorted.length - 1)
    return sorted[Math.floor(at)] + (sorted[Math.ceil(at)] - sorted[Math.floor(at)]) * (at - Math.floor(at))
  },
  median: (values) => stats.quantile(values, 0.5)
}
