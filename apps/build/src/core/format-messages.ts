import {severityOf} from '@offprint/parse'
import type {VFile} from 'vfile'

/**
 * Messages as compilers print them, one per line, so editors and CI logs link
 * them: `papers/x.md:3:7: error: Unexpected …, expected … [rule-id]`.
 */
export function formatMessages(file: VFile): string[] {
  return [...file.messages]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .map((message) => `${file.path}:${message.line ?? 1}:${message.column ?? 1}: ${severityOf(message)}: ${message.reason} [${message.ruleId ?? 'offprint'}]`)
}

/** How many errors and warnings a file carries. */
export function countMessages(file: VFile): {errors: number; warnings: number} {
  let errors = 0
  let warnings = 0
  for (const message of file.messages) {
    if (message.fatal === true) errors++
    else if (message.fatal === false) warnings++
  }
  return {errors, warnings}
}
