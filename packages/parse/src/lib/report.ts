import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'

export type Severity = 'error' | 'warning' | 'info'

export interface Problem {
  /** What was found and what was expected: "Unexpected X, expected Y". */
  reason: string
  /** Stable id of the rule, documented in the README (`note-undefined`). */
  ruleId: string
  severity: Severity
  /** Where in the file; a paper-wide problem points at 1:1. */
  place?: Point | Position | undefined
}

/**
 * Record a problem on the file as a vfile message (`fatal: true` for errors,
 * `false` for warnings, as vfile-reporter reads them).
 */
export function report(file: VFile, problem: Problem): VFileMessage {
  // Stages may run twice over one paper (the PDF and the EPUB each render it): say each thing once.
  const start = problem.place && 'start' in problem.place ? problem.place.start : problem.place
  const same = file.messages.find(
    (m) => m.ruleId === problem.ruleId && m.reason === problem.reason && m.line === (start?.line ?? 1) && m.column === (start?.column ?? 1)
  )
  if (same) return same
  const message = file.message(problem.reason, {
    place: problem.place ?? {line: 1, column: 1},
    ruleId: problem.ruleId,
    source: 'offprint'
  })
  message.fatal = problem.severity === 'error' ? true : problem.severity === 'warning' ? false : undefined
  return message
}

/** Whether any message on the file is an error. */
export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true)
}

/** Severity of a vfile message, as `report` set it. */
export function severityOf(message: VFileMessage): Severity {
  return message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'
}
