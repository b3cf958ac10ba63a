// A memory cgroup for scripts/bench.mjs: run a build under a hard memory limit, as a CI
// container with that much memory would, and read the kernel's own accounting of it.
// The kernel charges each page once, however many processes map it — unlike summed
// VmRSS — and page cache too (reclaimed, not fatal, when the limit is reached).
// Needs a writable cgroup (root, cgroup v1 memory controller or v2); else says why not.
import {existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** The folder of this process's memory cgroup, and the hierarchy's version. */
function ownCgroup() {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n')
  const v1 = lines.map((line) => line.split(':')).find(([, controllers]) => controllers.split(',').includes('memory'))
  if (v1 && existsSync('/sys/fs/cgroup/memory')) return {version: 1, folder: join('/sys/fs/cgroup/memory', v1[2])}
  const v2 = lines.map((line) => line.split(':')).find(([id]) => id === '0')
  if (v2 && existsSync('/sys/fs/cgroup/cgroup.controllers')) return {version: 2, folder: join('/sys/fs/cgroup', v2[2])}
  return undefined
}

/**
 * A new child cgroup limited to `limitBytes` with no swap, or `{skipped: reason}`.
 * `wrap(command, args)` gives a command line that joins the cgroup, then execs the command.
 */
export function memoryCgroup(limitBytes) {
  let own
  try {
    own = ownCgroup()
  } catch (error) {
    return {skipped: `cannot read /proc/self/cgroup (${error.message})`}
  }
  if (!own) return {skipped: 'no cgroup memory controller mounted'}
  const folder = join(own.folder, `offprint-bench-${process.pid}`)
  const file = (name) => join(folder, name)
  try {
    mkdirSync(folder)
    if (own.version === 1) {
      writeFileSync(file('memory.limit_in_bytes'), String(limitBytes))
      if (existsSync(file('memory.memsw.limit_in_bytes'))) writeFileSync(file('memory.memsw.limit_in_bytes'), String(limitBytes))
    } else {
      writeFileSync(file('memory.max'), String(limitBytes))
      if (existsSync(file('memory.swap.max'))) writeFileSync(file('memory.swap.max'), '0')
    }
  } catch (error) {
    try {
      rmdirSync(folder)
    } catch {
      // never made
    }
    return {skipped: `cannot make a memory cgroup in ${own.folder} (${error.code ?? error.message}; needs root)`}
  }
  const read = (name) => (existsSync(file(name)) ? readFileSync(file(name), 'utf8') : undefined)
  const counter = (text, key) => Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(text ?? '')?.[1] ?? NaN)
  return {
    version: own.version,
    folder,
    limitBytes,
    wrap: (command, args) => ['/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', file('cgroup.procs'), command, ...args]],
    /** Peak usage (page cache included), times the limit forced reclaim, OOM kills. */
    figures() {
      if (own.version === 1) {
        return {
          peakBytes: Number(read('memory.max_usage_in_bytes')),
          limitHits: Number(read('memory.failcnt')),
          oomKills: counter(read('memory.oom_control'), 'oom_kill')
        }
      }
      const events = read('memory.events')
      return {peakBytes: Number(read('memory.peak')), limitHits: counter(events, 'max'), oomKills: counter(events, 'oom_kill')}
    },
    remove() {
      try {
        rmdirSync(folder)
      } catch {
        // a process still in it; the kernel frees it when empty
      }
    }
  }
}
