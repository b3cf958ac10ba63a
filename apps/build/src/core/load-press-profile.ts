import {readFile} from 'node:fs/promises'
import type {Paper} from '@offprint/cite/notes'
import {report} from '@offprint/parse/report'
import type {PressProfile} from '@offprint/render-pdf/profile'
import type {VFile} from 'vfile'
import type {PaperSource} from './find-papers.js'
import {fieldPlace, reportRefusal, resolveInside} from './resolve-inside.js'

const ruleId = 'press-profile'

/**
 * The printer's profile of a paper whose `print` asks for a press edition
 * (`pdfx`), read and checked; undefined otherwise, or with a positioned
 * error when it is missing, outside the folder, unreadable or not an ICC
 * output profile for CMYK. A paper's own `print.icc` is relative to the
 * paper; one inherited from series.yaml was resolved and checked there.
 */
export async function loadPressProfile(paper: Paper, source: PaperSource, inputs: Set<string>): Promise<PressProfile | undefined> {
  const print = paper.meta.options.print
  if (!print?.pdfx || !print.icc) return undefined
  const {file} = paper
  const own = file.data.fieldPlaces?.['print'] !== undefined
  let path: string | undefined = print.icc
  if (own) {
    const result = await resolveInside(print.icc, source.folder)
    inputs.add(result.path ?? print.icc)
    if (!result.ok) {
      const place = fieldPlace(file, 'print.icc') ?? fieldPlace(file, 'print')
      reportRefusal(file, result, {what: 'press profile', name: print.icc, folder: source.folder, folderName: 'the paper’s folder', expected: 'an ICC profile (.icc)', ruleId, place})
      return undefined
    }
    path = result.path
  }
  inputs.add(path)
  const checked = await checkPressProfile(path)
  if ('profile' in checked) return checked.profile
  report(file, {reason: `Unexpected press profile \`${print.icc}\` ${checked.problem}, expected an ICC output profile for CMYK`, ruleId, severity: 'error', place: own ? (fieldPlace(file, 'print.icc') ?? fieldPlace(file, 'print')) : undefined})
  return undefined
}

/** Read a press profile and check it (`readPressProfile`); a problem is worded to follow its name. */
export async function checkPressProfile(path: string): Promise<{profile: PressProfile} | {problem: string}> {
  const data = await readFile(path).catch((error: NodeJS.ErrnoException) => error.code ?? 'unreadable')
  if (typeof data === 'string') return {problem: `that cannot be read (${data})`}
  const {readPressProfile, PressProfileError} = await import('@offprint/render-pdf/profile')
  try {
    return {profile: readPressProfile(new Uint8Array(data))}
  } catch (error) {
    if (error instanceof PressProfileError) return {problem: `that is ${error.message}`}
    throw error
  }
}

/** For series.yaml: its `print.icc`, checked, with a positioned error in the config when it is not a CMYK output profile. */
export async function checkSeriesProfile(file: VFile, path: string, name: string): Promise<boolean> {
  const checked = await checkPressProfile(path)
  if ('profile' in checked) return true
  report(file, {reason: `Unexpected press profile \`${name}\` ${checked.problem}, expected an ICC output profile for CMYK`, ruleId: 'series-path', severity: 'error', place: fieldPlace(file, 'print.icc') ?? fieldPlace(file, 'print')})
  return false
}
