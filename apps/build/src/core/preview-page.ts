import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {mapImages, themeCss, toDocument} from '@offprint/render-html'
import {paperPolicy} from '@offprint/render-html/content-security-policy'
import {readLogo} from './load-logo.js'
import {inlineImages} from './load-paper.js'
import type {PreparedPaper} from './prepare-paper.js'

/**
 * The live-reload client, the only script a preview page runs. It is constant
 * so one hash allows it on every page: it learns its paper from the URL. The
 * index (no slug) reloads on any rebuild; a second `hello` means the server
 * restarted, so the page may be stale.
 */
export const reloadScript = `(() => {
  const slug = decodeURIComponent(location.pathname.split('/')[1] || '')
  const events = new EventSource('/events')
  let hellos = 0
  events.addEventListener('hello', () => { if (++hellos > 1) location.reload() })
  events.addEventListener('rebuild', (event) => { if (!slug || event.data === slug) location.reload() })
})()`

/** What the build's documents allow, should one come without a policy. */
const basePolicy = paperPolicy

/**
 * The dev preview's policy: the document's own, plus our script by hash and
 * the event stream from this origin. Any script or connect directive in the
 * base is replaced, so nothing else gains a right to run or connect.
 */
export function previewPolicy(base: string = basePolicy): string {
  const hash = createHash('sha256').update(reloadScript).digest('base64')
  const kept = base
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive && !/^(script-src|script-src-elem|connect-src)\s/i.test(directive + ' '))
  return [...kept, `script-src 'sha256-${hash}'`, "connect-src 'self'"].join('; ')
}

const policyMeta = /<meta\s+http-equiv="?content-security-policy"?\s+content="([^"]*)"\s*\/?>/i

/**
 * The HTML the build makes for a paper, as a live preview: no hyphenation
 * (it is slow and the browser's screen layout does not need it), the series
 * theme and logo read afresh (they may be what changed), and the reload
 * script injected under a policy that lets it run.
 */
export async function previewDocument(loaded: PreparedPaper): Promise<string> {
  const {paper, source} = loaded
  const config = source.config
  const html = toDocument(mapImages(loaded.rendered, inlineImages(loaded.images)), {
    css: themeCss('print'),
    extraCss: config?.themeCss && (await readFile(config.themeCss, 'utf8').catch(() => undefined)),
    logo: config?.logo && (await readLogo(config.logo)).uri,
    notes: paper.meta.options.notes,
    pageSize: paper.meta.options.paper,
    hyphenate: false
  })
  return withReload(html)
}

/** A document with our policy in place of its own and the reload script before `</body>`. */
export function withReload(html: string): string {
  const found = policyMeta.exec(html)
  const meta = `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(previewPolicy(found ? decodeAttribute(found[1] ?? '') : undefined))}">`
  const headed = found ? html.replace(policyMeta, () => meta) : html.replace(/<head>/i, (head) => head + meta)
  const end = headed.lastIndexOf('</body>')
  const script = `<script>${reloadScript}</script>`
  return end < 0 ? headed + script : headed.slice(0, end) + script + headed.slice(end)
}

/** A paper that cannot be shown: its positioned messages, so the author can fix it. */
export function errorPage(slug: string, lines: ReadonlyArray<string>): string {
  const items = lines.map((line) => `<li><code>${escapeHtml(line)}</code></li>`).join('\n')
  return page(
    `${slug}: cannot preview`,
    `<p><a href="/">All papers</a></p>
<h1>${escapeHtml(slug)} cannot be previewed</h1>
<p>Fix these problems and save; this page reloads by itself.</p>
<ol class="messages">${items}</ol>`
  )
}

export interface IndexEntry {
  slug: string
  title: string
  errors: number
  warnings: number
}

/** The list of papers being previewed. */
export function indexPage(entries: ReadonlyArray<IndexEntry>): string {
  const items = entries.map((entry) => {
    const counts = [entry.errors && plural(entry.errors, 'error'), entry.warnings && plural(entry.warnings, 'warning')].filter(Boolean).join(', ')
    const note = counts ? ` <span class="${entry.errors ? 'bad' : 'warn'}">(${counts})</span>` : ''
    const href = `/${encodeURIComponent(entry.slug)}/`
    return `<li><a href="${href}">${escapeHtml(entry.title)}</a> <code>${escapeHtml(entry.slug)}</code> (<a href="${href}print.pdf">PDF</a> · <a href="${href}side-by-side">side by side</a>)${note}</li>`
  })
  return page('Offprint preview', `<h1>Offprint preview</h1>\n<ul>${items.join('\n')}</ul>`)
}

/**
 * A paper's screen page and its printed PDF side by side, each in a frame
 * from this server; the page reloads (and so both frames) on every rebuild.
 */
export function sideBySidePage(slug: string, title: string): string {
  const frames = `<div class="side"><iframe src="./" title="${escapeHtml(title)}: HTML"></iframe><iframe src="./print.pdf" title="${escapeHtml(title)}: PDF"></iframe></div>`
  const body = `<p><a href="/">All papers</a> · <a href="./">HTML</a> · <a href="./print.pdf">PDF</a> — <strong>${escapeHtml(title)}</strong> <code>${escapeHtml(slug)}</code></p>\n${frames}`
  const style = '.side{display:flex;gap:1rem;height:calc(100vh - 6rem)}.side iframe{flex:1;border:1px solid #ccc}body{max-width:none}'
  return page(`${title}: HTML and PDF`, body, {frames: true, style})
}

/** A page of the dev server itself, with the same policy and live reload as a paper's. */
export function page(title: string, body: string, options: {frames?: boolean; style?: string} = {}): string {
  const policy = options.frames ? `${basePolicy}; frame-src 'self'` : basePolicy
  return withReload(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{font:14px ui-monospace,monospace}.messages li{margin:.5rem 0;color:#a00}.bad{color:#a00}.warn{color:#a60}${options.style ?? ''}</style>
</head><body>
${body}
</body></html>`)
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** The few references hast-util-to-html writes in an attribute value. */
function decodeAttribute(value: string): string {
  return value.replace(/&#x([0-9a-f]+);|&#(\d+);|&(amp|quot|lt|gt);/gi, (_, hex: string, dec: string, name: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : ({amp: '&', quot: '"', lt: '<', gt: '>'} as Record<string, string>)[name.toLowerCase()]!
  )
}
