import {constants} from 'node:fs'
import {open, stat} from 'node:fs/promises'

export type FileRead =
  | {ok: true; data: Buffer}
  | {ok: false; problem: 'folder' | 'special' | 'too-large' | 'unreadable'; detail: string}

/** Largest image file read, in bytes: far past any picture within the pixel limit, far below what exhausts memory. */
export const defaultMaxImageBytes = 50_000_000

/**
 * Read a picture file a paper names, never hanging and never pulling a huge
 * file into memory: a folder, a FIFO, a socket or a device is refused from
 * `stat` before anything is opened, and so is a file over `maxBytes` (a
 * sparse 3 GB file costs nothing to refuse). The file is opened without
 * blocking (a FIFO swapped in after the check cannot stall the open), checked
 * again through its handle, and read to at most `maxBytes`.
 */
export async function readImageFile(path: string, maxBytes = defaultMaxImageBytes): Promise<FileRead> {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(path)
  } catch (error) {
    return unreadable(error)
  }
  const refused = refusal(info, maxBytes)
  if (refused) return refused
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
    const again = refusal(await handle.stat(), maxBytes)
    if (again) return again
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, maxBytes + 1 - total))
      const {bytesRead} = await handle.read(chunk, 0, chunk.length)
      if (bytesRead === 0) break
      chunks.push(chunk.subarray(0, bytesRead))
      total += bytesRead
      // It grew since it was checked.
      if (total > maxBytes) return tooLarge(total, maxBytes)
    }
    return {ok: true, data: Buffer.concat(chunks, total)}
  } catch (error) {
    return unreadable(error)
  } finally {
    await handle?.close()
  }
}

function refusal(info: {isDirectory(): boolean; isFile(): boolean; size: number}, maxBytes: number): FileRead | undefined {
  if (info.isDirectory()) return {ok: false, problem: 'folder', detail: 'a folder'}
  if (!info.isFile()) return {ok: false, problem: 'special', detail: 'a special file (a FIFO, socket or device)'}
  if (info.size > maxBytes) return tooLarge(info.size, maxBytes)
  return undefined
}

function tooLarge(size: number, maxBytes: number): FileRead {
  return {ok: false, problem: 'too-large', detail: `${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit`}
}

function unreadable(error: unknown): FileRead {
  return {ok: false, problem: 'unreadable', detail: (error as NodeJS.ErrnoException | undefined)?.code ?? String(error)}
}

/** `3.2 GB`, `740 kB`: sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`
  return `${bytes} bytes`
}
