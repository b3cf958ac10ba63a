/** SI steps, as download pages print them (“312 kB”, not KiB). */
const units = ['B', 'kB', 'MB', 'GB'] as const

/**
 * A file size for readers: `850 B`, `2.4 kB`, `312 kB`, `1.3 MB`, the number in
 * the catalog's language and glued to its unit by a no-break space so a line
 * never ends between them. One decimal below 10, none above: enough to tell
 * files apart without false precision.
 */
export function formatBytes(bytes: number, lang: string): string {
  let value = Math.max(0, bytes)
  let step = 0
  // Compare the rounded value, so 999 960 B reads “1 MB”, not “1000 kB”.
  while (step < units.length - 1 && Number(value.toFixed(decimals(value, step))) >= 1000) {
    value /= 1000
    step++
  }
  const number = new Intl.NumberFormat(lang, {maximumFractionDigits: decimals(value, step)}).format(value)
  return `${number}\u00a0${units[step]}`
}

function decimals(value: number, step: number): number {
  return step > 0 && value < 9.95 ? 1 : 0
}
