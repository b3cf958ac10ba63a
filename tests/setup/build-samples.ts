import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {TestProject} from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    samples: {out: string; status: number | null; stdout: string; stderr: string}
  }
}

/** Build the sample papers once, with the real CLI, for every end-to-end test. */
export default function setup(project: TestProject) {
  const out = mkdtempSync(join(tmpdir(), 'offprint-samples-'))
  const result = spawnSync(process.execPath, ['apps/build/dist/cli.js', 'build', 'papers', '--out', out, '--no-cache'], {
    encoding: 'utf8',
    env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}
  })
  project.provide('samples', {out, status: result.status, stdout: result.stdout, stderr: result.stderr})
  return () => rmSync(out, {recursive: true, force: true})
}
