import type {PaperSource} from '../core/find-papers.js'
import {startDev} from '../core/preview-server.js'
import type {Io} from './run.js'

export interface DevFlags {
  port?: string | undefined
  out?: string | undefined
}

/** `offprint dev`: watch papers, rebuild what changed, serve a live preview. */
export async function runDev(sources: PaperSource[], flags: DevFlags, io: Io): Promise<number> {
  const port = flags.port === undefined ? 4321 : Number(flags.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr(`offprint: --port takes a whole number from 0 to 65535 (0 picks a free one), not \`${flags.port}\`\nRun \`offprint --help\` for usage.\n`)
    return 2
  }
  // The preview is served from memory; nothing is written, so --out has nothing to steer.
  if (flags.out !== undefined) io.stderr('offprint: warning: --out is ignored by `offprint dev`, which writes nothing\n')
  let dev
  try {
    dev = await startDev(sources, {port, say: (line) => io.stdout(line + '\n'), report: (line) => io.stderr(line + '\n')})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error
    io.stderr(`offprint: cannot serve on 127.0.0.1:${port} (${code}), expected a free port; pass --port <n>, or --port 0 for any free one\n`)
    return 2
  }
  io.stdout(`Preview: ${dev.url}\n`)
  io.stdout(`Watching ${sources.length} paper${sources.length === 1 ? '' : 's'}; press Ctrl-C to stop.\n`)
  await untilSignal()
  await dev.close()
  return 0
}

/** Resolves on the first SIGINT or SIGTERM, and stops listening for both. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
