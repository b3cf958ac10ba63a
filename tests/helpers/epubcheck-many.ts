import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const run = promisify(execFile)
const program = fileURLToPath(new URL('EpubcheckMany.java', import.meta.url))

/**
 * epubcheck's errors and warnings for many EPUBs, from one JVM (C1 only: the
 * books are small, start-up dominates): path → `ERROR(RSC-005): …` lines.
 */
export async function epubcheckMany(paths: ReadonlyArray<string>): Promise<Map<string, string[]>> {
  const result = await run('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', '/usr/share/java/epubcheck.jar', program, ...paths], {maxBuffer: 64 * 1024 * 1024}).catch(
    (error: {stderr?: string}) => ({stderr: error.stderr ?? ''})
  )
  const problems = new Map<string, string[]>(paths.map((path) => [path, []]))
  let book = 0
  for (const line of result.stderr.split('\n')) {
    if (line.startsWith('DONE ')) book++
    else if (/^(FATAL|ERROR|WARNING)\(/.test(line)) problems.get(paths[book] ?? '')?.push(line)
  }
  if (book !== paths.length) problems.set('epubcheck', [`checked ${book} of ${paths.length} books: ${result.stderr.slice(-400)}`])
  return problems
}
