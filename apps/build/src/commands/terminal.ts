import {readFileSync} from 'node:fs'
import {codeFrameColumns} from '@babel/code-frame'
import {severityOf} from '@offprint/parse/report'
import type {VFile} from 'vfile'
import {groupMessages, moreOf} from '../core/format-messages.js'

type VFileMessage = VFile['messages'][number]

/** How the CLI may draw on the stream people read. */
export interface Terminal {
  /** ANSI colour: a terminal, NO_COLOR unset or empty, TERM not `dumb`. */
  color: boolean
  /** A code frame (the source line, a caret) under each error: on a terminal only. */
  frames: boolean
}

/** What a stream allows: https://no-color.org, and no escape codes at all for TERM=dumb. */
export function terminalOf(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): Terminal {
  const tty = isTTY === true
  return {color: tty && !env.NO_COLOR && env.TERM !== 'dumb', frames: tty}
}

export const plain: Terminal = {color: false, frames: false}

const codes = {red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22]} as const

/** `text` in a colour, or as it is when the terminal has none. */
export function paint(terminal: Terminal, style: keyof typeof codes, text: string): string {
  const [open, close] = codes[style]
  return terminal.color ? `\x1b[${open}m${text}\x1b[${close}m` : text
}

/**
 * A file's messages as people read them: the compiler-style line of
 * formatMessages (its severity coloured; a repeated warning once, with a
 * count), then, on a terminal, a code frame under each error. `quiet` keeps
 * the errors only.
 */
export function describeMessages(file: VFile, terminal: Terminal, quiet = false): string[] {
  const lines: string[] = []
  const sources = new Map<string, string | undefined>()
  for (const group of groupMessages(file)) {
    const {message} = group
    const severity = severityOf(message)
    if (quiet && severity !== 'error') continue
    const path = message.file || file.path
    const coloured = paint(terminal, severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'dim', severity)
    lines.push(`${path}:${message.line ?? 1}:${message.column ?? 1}: ${coloured}: ${message.reason}${moreOf(group)} ${paint(terminal, 'dim', `[${message.ruleId ?? 'offprint'}]`)}`)
    if (!terminal.frames || severity !== 'error' || message.line == null) continue
    if (!sources.has(path)) sources.set(path, sourceOf(path, file))
    const text = sources.get(path)
    if (text) lines.push(frame(text, message, terminal))
  }
  return lines
}

/** The text a message points into: the paper in memory, else the file (a bibliography) as it is on disk. */
function sourceOf(path: string, file: VFile): string | undefined {
  if (path === file.path && file.value !== undefined && String(file.value) !== '') return String(file.value)
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function frame(text: string, message: VFileMessage, terminal: Terminal): string {
  const start = {line: message.line!, column: message.column ?? undefined}
  const end = message.place && 'end' in message.place && message.place.end.line === start.line ? message.place.end : undefined
  return codeFrameColumns(text, {start, end: end && {line: end.line, column: end.column}}, {highlightCode: false, forceColor: false, linesAbove: 1, linesBelow: 1})
    .split('\n')
    .map((line) => '  ' + (terminal.color ? line.replace(/^(\s*\|\s*)(\^+)$/, (_, gutter: string, caret: string) => gutter + paint(terminal, 'red', caret)) : line))
    .join('\n')
}
