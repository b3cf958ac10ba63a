/**
 * `SOURCE_DATE_EPOCH` in seconds, when it is set to a whole number
 * (reproducible-builds.org/specs/source-date-epoch: "an integer", decimal
 * digits): the time every artifact claims, so a rebuild is byte-identical.
 * Anything else (`1.5`, `-1`, `soon`, empty) counts as unset.
 */
export function sourceDateEpoch(value: string | undefined = process.env.SOURCE_DATE_EPOCH): number | undefined {
  return value && /^\d+$/.test(value) ? Number(value) : undefined
}

/** `SOURCE_DATE_EPOCH` as a date, when set to a whole number (see `sourceDateEpoch`). */
export function sourceDate(value: string | undefined = process.env.SOURCE_DATE_EPOCH): Date | undefined {
  const epoch = sourceDateEpoch(value)
  return epoch === undefined ? undefined : new Date(epoch * 1000)
}
