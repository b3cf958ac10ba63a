import type {PaperSource} from '../core/find-papers.js'
import {startDev} from '../core/preview-server.js'
import type {Io} from './run.js'

export interface DevFlags {
  port?: string | undefined
  out?: string | undefined
  /** Open the preview in the desktop's browser. */
  open?: boolean | undefined
  quiet?: boolean | undefined
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
    dev = await startDev(sources, {port, say: flags.quiet ? undefined : (line) => io.stdout(line + '\n'), report: (line) => io.stderr(line + '\n')})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error
    io.stderr(`offprint: cannot serve on 127.0.0.1:${port} (${code}), expected a free port; pass --port <n>, or --port 0 for any free one\n`)
    return 2
  }
  const preview = previewUrl(dev.url, sources)
  io.stdout(`Preview: ${preview}\n`)
  if (!flags.quiet) io.stdout(`Watching ${sources.length} paper${sources.length === 1 ? '' : 's'}; the printed PDF beside each page at <slug>/side-by-side; press Ctrl-C to stop.\n`)
  // No desktop browser to open is no reason to stop previewing.
  if (flags.open && !(await (io.openUrl ?? (async () => false))(preview))) io.stderr(`offprint: warning: could not open a browser (no xdg-open?); open ${preview} yourself\n`)
  await untilSignal()
  await dev.close()
  return 0
}

/** What to show first: the one paper's page and PDF side by side, or the list of several. */
export function previewUrl(root: string, sources: ReadonlyArray<PaperSource>): string {
  return sources.length === 1 ? `${root}${encodeURIComponent(sources[0]!.slug)}/side-by-side` : root
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
