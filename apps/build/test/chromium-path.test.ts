import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ChromiumPathError, findChromium} from '@offprint/render-pdf/find'

const cli = resolve('apps/build/dist/cli.js')

describe('PUPPETEER_EXECUTABLE_PATH', () => {
  const folder = mkdtempSync(join(tmpdir(), 'offprint-chromium-path-'))
  const script = join(folder, 'chromium.sh')
  writeFileSync(script, '#!/bin/sh\n')
  chmodSync(script, 0o755)
  const text = join(folder, 'notes.txt')
  writeFileSync(text, 'not a program')

  it('is used when it names an executable file, refused otherwise, never silently replaced', () => {
    expect(findChromium({executablePath: script})).toBe(script)
    for (const [path, problem] of [
      ['/etc/passwd', 'not executable'],
      [text, 'not executable'],
      [join(folder, 'missing'), 'no such file'],
      [folder, 'a folder']
    ] as const) {
      expect(() => findChromium({executablePath: path})).toThrow(ChromiumPathError)
      expect(() => findChromium({executablePath: path})).toThrow(`(${problem})`)
    }
  })

  it('named wrongly, stops the build with exit 2 and one line naming the variable, before anything is written', () => {
    writeFileSync(join(folder, 'paper.md'), '---\ntitle: A paper\n---\n\nText.\n')
    for (const path of ['/etc/passwd', join(folder, 'missing'), folder]) {
      const out = join(folder, 'dist-' + path.length)
      const result = spawnSync(process.execPath, [cli, 'build', '--no-cache', '--out', out, join(folder, 'paper.md')], {
        encoding: 'utf8',
        env: {...process.env, PUPPETEER_EXECUTABLE_PATH: path}
      })
      expect(result.status, result.stderr).toBe(2)
      expect(result.stderr).toContain(`offprint: Unexpected PUPPETEER_EXECUTABLE_PATH \`${path}\` (`)
      expect(result.stderr).toContain('expected the path of a Chromium executable')
      expect(result.stderr).not.toMatch(/\n\s+at |EACCES|internal error/)
      expect(existsSync(out)).toBe(false)
    }
  })
})
