import {spawn} from 'node:child_process'

/**
 * Open a URL in the desktop's browser with xdg-open (`open` on macOS, `start`
 * on Windows). Resolves false, and never throws, when there is none to run:
 * a server without a desktop still previews, it only cannot open a window.
 */
export function openUrl(url: string): Promise<boolean> {
  const [command, ...args] = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""'] : ['xdg-open']
  return new Promise((resolve) => {
    try {
      const child = spawn(command!, [...args, url], {stdio: 'ignore', detached: true})
      child.once('error', () => resolve(false))
      child.once('spawn', () => {
        child.unref()
        resolve(true)
      })
    } catch {
      resolve(false)
    }
  })
}
