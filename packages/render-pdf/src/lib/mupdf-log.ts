import * as mupdf from 'mupdf'

const drop = (): undefined => undefined

/**
 * Run `work` (MuPDF calls) with MuPDF's log dropped. MuPDF prints what it
 * notices in Chromium's PDF ("warning: ActualText with no position…",
 * "trying to repair broken xref") straight to stderr, where it would reach
 * the terminal raw, between Offprint's own positioned messages, about a file
 * the author never wrote and cannot act on. An error MuPDF cannot recover
 * from is still thrown, with its message. MuPDF has no way to give stderr
 * its log back (`setLog(null)` leaves it silent), so it stays dropped for
 * the process, which is Offprint's.
 */
export function withoutMupdfLog<T>(work: () => T): T {
  mupdf.setLog(drop)
  return work()
}
