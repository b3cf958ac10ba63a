import {severityOf} from '@offprint/parse/report'
import {relative} from 'node:path'
import type {VFile} from 'vfile'
import type {PaperResult} from './build-series.js'

/**
 * Messages as compilers print them, one per line, so editors and CI logs link
 * them: `papers/x.md:3:7: error: Unexpected …, expected … [rule-id]`.
 */
export function formatMessages(file: VFile): string[] {
  return [...file.messages]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    // A message from another file (the paper's bibliography) names that file.
    .map((message) => `${message.file || file.path}:${message.line ?? 1}:${message.column ?? 1}: ${severityOf(message)}: ${message.reason} [${message.ruleId ?? 'offprint'}]`)
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
