import {readFileSync} from 'node:fs'

export type ThemeName = 'print' | 'epub' | 'web'

const cache = new Map<ThemeName, string>()

/**
 * The theme's CSS, shipped with this package: `print` for the PDF and the web
 * page (paged media, margin boxes), `epub` for reflowable readers, `web`
 * for the web page only, after `print` (its navigation, narrow screens).
 */
export function themeCss(name: ThemeName): string {
  let css = cache.get(name)
  if (css === undefined) {
    css = readFileSync(new URL(`../../theme/${name}.css`, import.meta.url), 'utf8')
    cache.set(name, css)
  }
  return css
}
