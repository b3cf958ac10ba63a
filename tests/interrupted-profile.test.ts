import {spawn} from 'node:child_process'
import {mkdtempSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

/** Build the sample series with a temporary folder of its own, stop it once a paper is out, and list what it left there. */
async function interrupted(signal: NodeJS.Signals): Promise<{code: number | null; left: string[]}> {
  const temporary = mkdtempSync(join(tmpdir(), 'offprint-tmpdir-'))
  const child = spawn(process.execPath, [cli, 'build', '--no-cache', '--concurrency', '1', '--out', join(temporary, 'dist'), 'papers'], {
    env: {...process.env, TMPDIR: temporary},
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill(signal), 60_000)
    const watch = (data: Buffer) => {
      output += data.toString('utf8')
      // The browser is running and a second paper is being printed.
      if (/✓/.test(output)) {
        clearTimeout(timer)
        setTimeout(() => child.kill(signal), 300)
      }
    }
    child.stdout.on('data', watch)
    child.stderr.on('data', watch)
    child.on('exit', (status) => resolve(status))
  })
  // Chromium, killed, is gone within moments; whatever it left is there now.
  await new Promise((resolve) => setTimeout(resolve, 500))
  return {code, left: readdirSync(temporary).filter((name) => name !== 'dist')}
}

describe('an interrupted build', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`leaves no Chromium profile in the temporary folder after ${signal}`, async () => {
      const {code, left} = await interrupted(signal)
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143)
      expect(left.filter((name) => /offprint-chromium-|puppeteer_dev_chrome_profile-|chromium/i.test(name))).toEqual([])
    }, 90_000)
  }
})
