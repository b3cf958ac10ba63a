import {severityOf} from '@offprint/parse/report'
import {relative} from 'node:path'
import type {VFile} from 'vfile'
import type {PaperResult} from './build-series.js'

type VFileMessage = VFile['messages'][number]

/** A message as printed for people: the first of its kind in the paper, and the others like it. */
export interface MessageGroup {
  message: VFileMessage
  /** Later messages of the same rule and severity in the same file (always empty for an error). */
  more: VFileMessage[]
}

/**
 * A paper's messages as people can act on them: each error on its own, and
 * one line per kind of warning (rule id and severity, in one file), at its
 * first place, that counts the rest, instead of 38 lines of the same
 * warning burying the one that matters. `--json` keeps every message.
 */
export function groupMessages(file: VFile): MessageGroup[] {
  const groups: MessageGroup[] = []
  const byKind = new Map<string, MessageGroup>()
  for (const message of sortMessages(file.messages)) {
    const severity = severityOf(message)
    if (severity === 'error') {
      groups.push({message, more: []})
      continue
    }
    // A message without a rule id is its own kind (a plugin's): grouped only with the same words.
    const key = [message.file || file.path, severity, message.ruleId ?? `reason:${message.reason}`].join('\0')
    const group = byKind.get(key)
    if (group) group.more.push(message)
    else {
      const first: MessageGroup = {message, more: []}
      byKind.set(key, first)
      groups.push(first)
    }
  }
  return groups
}

/** ` (and 23 more: lines 12, 14, 30, 31, 40, …)` after a grouped message, else nothing. */
export function moreOf(group: MessageGroup): string {
  if (group.more.length === 0) return ''
  const lines = [...new Set(group.more.map((message) => message.line ?? 1))]
  const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', …' : '')
  return ` (and ${group.more.length} more: line${lines.length > 1 ? 's' : ''} ${shown})`
}

export function sortMessages(messages: ReadonlyArray<VFileMessage>): VFileMessage[] {
  return [...messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}

/**
 * Messages as compilers print them, one per line, so editors and CI logs link
 * them: `papers/x.md:3:7: error: Unexpected …, expected … [rule-id]`; a
 * warning repeated in the paper is printed once, with a count (`groupMessages`).
 */
export function formatMessages(file: VFile): string[] {
  // A message from another file (the paper's bibliography) names that file.
  return groupMessages(file).map(
    (group) => `${group.message.file || file.path}:${group.message.line ?? 1}:${group.message.column ?? 1}: ${severityOf(group.message)}: ${group.message.reason}${moreOf(group)} [${group.message.ruleId ?? 'offprint'}]`
  )
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

/**
 * The version of the `--json` report's shape (schema/report.schema.json);
 * raised when a field is removed or changes meaning, not when one is added.
 */
export const reportVersion = 1

/** A file's messages as the report lists them. */
function reportMessages(file: VFile) {
  return file.messages.map((message) => ({
    file: message.file || file.path,
    line: message.line ?? 1,
    column: message.column ?? 1,
    endLine: message.place && 'end' in message.place ? message.place.end.line : undefined,
    endColumn: message.place && 'end' in message.place ? message.place.end.column : undefined,
    severity: severityOf(message),
    ruleId: message.ruleId ?? null,
    reason: message.reason
  }))
}

/**
 * The machine-readable report of `--json`: every paper, every message, every
 * artifact, and the series configs read with their own messages.
 */
export function jsonReport(papers: ReadonlyArray<PaperResult>, cwd: string, durationMs: number, offprint?: string, configs: ReadonlyArray<VFile> = []) {
  return {
    version: reportVersion,
    offprint: offprint ?? null,
    configs: configs.map((file) => ({path: file.path, ...countMessages(file), messages: reportMessages(file)})),
    papers: papers.map((paper) => ({
      slug: paper.source.slug,
      path: relative(cwd, paper.source.path),
      status: paper.status,
      cache: paper.cache ?? null,
      meta: paper.meta ?? null,
      durationMs: Math.round(paper.durationMs),
      ...countMessages(paper.file),
      messages: reportMessages(paper.file),
      artifacts: paper.artifacts.map((artifact) => ({...artifact, path: relative(cwd, artifact.path)}))
    })),
    summary: {
      papers: papers.length,
      built: papers.filter((paper) => paper.status === 'built').length,
      failed: papers.filter((paper) => paper.status === 'failed').length,
      durationMs: Math.round(durationMs)
    }
  }
}
