#!/usr/bin/env node
// Print vitest's JSON results as the one line CI reads: `N passed, N failed`.
// Exits 1 when there are no results or no test ran, so "ran nothing" never passes.
import {existsSync, readFileSync} from 'node:fs'

// One file per run (CI runs the suite on each supported Node); the line sums them.
const files = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0
let missing = 0
for (const file of files.length > 0 ? files : [undefined]) {
  if (!file || !existsSync(file)) {
    failed++
    missing++
    console.error(`test-summary: no vitest results in ${file ?? '(none given)'} (the build or the test run failed before reporting)`)
    continue
  }
  const results = JSON.parse(readFileSync(file, 'utf8'))
  passed += results.numPassedTests ?? 0
  // A test file that failed to load has no failed test of its own: count it once.
  const brokenFiles = (results.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed')
  ).length
  failed += (results.numFailedTests ?? 0) + brokenFiles
  skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0)
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(passed + failed === 0 || missing > 0 ? 1 : 0)
