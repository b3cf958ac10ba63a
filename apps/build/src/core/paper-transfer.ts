import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import type {PaperSource} from './find-papers.js'
import type {PreparedPaper} from './prepare-paper.js'

/**
 * A prepared paper crosses from the worker that made it to the build's
 * thread by structured clone, which keeps plain data (trees, maps, byte
 * arrays) but not classes: the VFiles and their messages are sent as
 * plain records and made again, Buffers wrapped again.
 */

interface WireMessage {
  reason: string
  place: VFileMessage['place']
  ruleId: string | undefined
  source: string | undefined
  fatal: boolean | null | undefined
  url: string | undefined
  note: string | undefined
  actual: string | undefined
  expected: string[] | undefined
  /** The file a message is about when it is not the paper's (its bibliography). */
  file: string | undefined
}

export interface WireFile {
  path: string
  value: string
  messages: WireMessage[]
}

export interface WirePaper extends Omit<PreparedPaper, 'paper'> {
  paper: Omit<PreparedPaper['paper'], 'file'> & {file: WireFile}
}

/** A source as sent to a worker: its config's file reduced to its path and text. */
export type WireSource = Omit<PaperSource, 'config'> & {config?: (Omit<NonNullable<PaperSource['config']>, 'file'> & {file: WireFile}) | undefined}

export function fileToWire(file: VFile): WireFile {
  return {
    path: file.path,
    value: file.value === undefined ? '' : String(file.value),
    messages: file.messages.map((m) => ({
      reason: m.reason,
      // A message may carry its point as line/column alone (a plugin's, from its stack).
      place: m.place ?? (m.line ? {line: m.line, column: m.column ?? 1} : undefined),
      ruleId: m.ruleId,
      source: m.source,
      fatal: m.fatal,
      url: m.url,
      note: m.note,
      actual: m.actual,
      expected: m.expected,
      file: m.file || undefined
    }))
  }
}

export function fileFromWire(wire: WireFile): VFile {
  const file = new VFile({path: wire.path, value: wire.value})
  for (const m of wire.messages) {
    const message = new VFileMessage(m.reason, {place: m.place ?? undefined, ruleId: m.ruleId, source: m.source})
    message.file = m.file ?? file.path
    message.fatal = m.fatal
    message.url = m.url
    message.note = m.note
    message.actual = m.actual
    message.expected = m.expected
    file.messages.push(message)
  }
  return file
}

export function sourceToWire(source: PaperSource): WireSource {
  const {config, ...rest} = source
  return config ? {...rest, config: {...config, file: fileToWire(config.file)}} : rest
}

export function sourceFromWire(wire: WireSource): PaperSource {
  const {config, ...rest} = wire
  return config ? {...rest, config: {...config, file: fileFromWire(config.file)}} : rest
}

/** What a worker posts: the paper's file as a record (the trees carry no copy of it: `file.data` is dropped). */
export function paperToWire(prepared: PreparedPaper): WirePaper {
  return {...prepared, source: sourceToWire(prepared.source) as PaperSource, paper: {...prepared.paper, file: fileToWire(prepared.paper.file)}}
}

/** The prepared paper again, on the build's thread, with the caller's own source (and its config's VFile). */
export function paperFromWire(wire: WirePaper, source: PaperSource): PreparedPaper {
  const images = new Map([...wire.images].map(([url, image]) => [url, {...image, data: asBuffer(image.data)}]))
  const cover = wire.cover && {...wire.cover, data: asBuffer(wire.cover.data)}
  return {...wire, source, images, cover, paper: {...wire.paper, file: fileFromWire(wire.paper.file)}}
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}
