import type {Root} from 'hast'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import type {PaperMeta} from '@offprint/parse'
import {paperPolicy} from './content-security-policy.js'
import {styleText} from './document.js'
import {formatDate} from './labels.js'
import {seriesLine} from './title-block.js'

export interface CoverOptions {
  /** The series logo as a data: URL. Default: none. */
  logo?: string | undefined
  /** CSS after the cover's own (a series' colours and faces). Default: none. */
  extraCss?: string | undefined
}

const coverCss = `
:root { --offprint-accent: #1f4e79; --offprint-text: #1b1b1b; --offprint-muted: #5a5f66;
  --offprint-heading-font: "Noto Sans", "IPAexGothic", sans-serif; --offprint-body-font: "EB Garamond 12", "Noto Serif", "IPAexMincho", serif; }
:lang(ja) { --offprint-heading-font: "IPAexGothic", "Noto Sans", sans-serif; --offprint-body-font: "IPAexMincho", "Noto Serif", serif; }
html, body { margin: 0; width: 1200px; height: 1800px; overflow: hidden; background: #fbfaf7; color: var(--offprint-text); font-synthesis-weight: none; }
.cover { box-sizing: border-box; height: 100%; display: flex; flex-direction: column; padding: 0 110px 110px; }
.band { background: var(--offprint-accent); color: #fff; margin: 0 -110px; padding: 150px 110px 60px; font: 600 34px/1.3 var(--offprint-heading-font); letter-spacing: 0.14em; text-transform: uppercase; }
.band img { display: block; max-height: 120px; max-width: 480px; margin-bottom: 40px; }
.title { font: 700 92px/1.08 var(--offprint-heading-font); margin: 150px 0 0; letter-spacing: -0.01em; overflow-wrap: anywhere; }
.subtitle { font: 400 46px/1.3 var(--offprint-body-font); color: var(--offprint-muted); margin: 50px 0 0; }
/* Lines of even length: no word left alone on a last line ("Open Doors, / Open Networks"). */
.band, .title, .subtitle { text-wrap: balance; }
.authors { margin-top: auto; font: 600 44px/1.4 var(--offprint-heading-font); }
.meta { margin-top: 30px; padding-top: 30px; border-top: 4px solid var(--offprint-accent); font: 400 34px/1.4 var(--offprint-heading-font); color: var(--offprint-muted); display: flex; justify-content: space-between; gap: 40px; }
`

/**
 * An ebook cover for a paper without one of its own: series, title,
 * subtitle, authors, publisher and date, as a 1200 × 1800 page for the
 * browser to photograph. Self-contained; nothing runs, nothing is fetched.
 */
export function coverDocument(meta: PaperMeta, options: CoverOptions = {}): string {
  const series = seriesLine(meta)
  const tree: Root = {
    type: 'root',
    children: [
      {type: 'doctype'},
      h('html', {lang: meta.lang}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {httpEquiv: 'Content-Security-Policy', content: paperPolicy}),
          h('title', meta.title),
          h('style', styleText(coverCss + (options.extraCss ?? '')))
        ]),
        h('body', [
          h('div.cover', [
            h('div.band', [...(options.logo ? [h('img', {src: options.logo, alt: ''})] : []), series ?? meta.publisher ?? '']),
            h('h1.title', meta.title),
            ...(meta.subtitle ? [h('p.subtitle', meta.subtitle)] : []),
            h('p.authors', meta.authors.map((author) => author.name).join(meta.lang.startsWith('ja') ? '・' : ', ')),
            h('p.meta', [h('span', meta.publisher ?? ''), h('span', meta.date ? formatDate(meta.date, meta.lang) : '')])
          ])
        ])
      ])
    ]
  }
  return toHtml(tree)
}
