import {watch, type FSWatcher} from 'node:fs'
import {join} from 'node:path'

export interface FolderWatch {
  /** Watch exactly these folders from now on (new ones armed, others closed). */
  set(folders: Iterable<string>): void
  close(): void
}

/**
 * Watch folders, not files: editors save by writing a new file and renaming
 * it over the old one, which silently ends a watch on the old file, while a
 * folder's watch sees the rename and lives on. It also sees files that do not
 * exist yet (a new paper, an image about to be saved). Changes are gathered
 * for `debounce` ms, so one save (often several events) is one batch; a
 * folder event without a file name reports the folder itself.
 */
export function watchFolders(onChange: (paths: Set<string>) => void, debounce = 100): FolderWatch {
  const watchers = new Map<string, FSWatcher>()
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let closed = false

  const flush = () => {
    timer = undefined
    const paths = pending
    pending = new Set()
    if (!closed && paths.size > 0) onChange(paths)
  }

  const arm = (folder: string) => {
    let watcher: FSWatcher
    try {
      watcher = watch(folder, {persistent: true}, (_event, name) => {
        pending.add(name ? join(folder, name.toString()) : folder)
        clearTimeout(timer)
        timer = setTimeout(flush, debounce)
      })
    } catch {
      // Gone or unreadable: the next `set` after a change tries again.
      return
    }
    // A folder deleted under us: forget it, so it can be armed again.
    watcher.on('error', () => {
      watcher.close()
      if (watchers.get(folder) === watcher) watchers.delete(folder)
    })
    watchers.set(folder, watcher)
  }

  return {
    set(folders) {
      if (closed) return
      const wanted = new Set(folders)
      for (const [folder, watcher] of watchers) {
        if (!wanted.has(folder)) {
          watcher.close()
          watchers.delete(folder)
        }
      }
      for (const folder of wanted) if (!watchers.has(folder)) arm(folder)
    },
    close() {
      closed = true
      clearTimeout(timer)
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    }
  }
}
