#!/usr/bin/env node
// Print vitest's JSON results as the one line CI reads: `N passed, N failed`.
// Exits 1 when there are no results or no test ran, so "ran nothing" never passes.
import {existsSync, readFileSync} from 'node:fs'

const file = process.argv[2]
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed')
  console.error('test-summary: no vitest results (the build or the test run failed before reporting)')
  process.exit(1)
}
const results = JSON.parse(readFileSync(file, 'utf8'))
const passed = results.numPassedTests ?? 0
// A test file that failed to load has no failed test of its own: count it once.
const brokenFiles = (results.testResults ?? []).filter(
  (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed')
).length
const failed = (results.numFailedTests ?? 0) + brokenFiles
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(passed + failed === 0 ? 1 : 0)
