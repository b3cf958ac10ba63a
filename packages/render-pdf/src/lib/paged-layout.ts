import {readFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Page} from 'puppeteer-core'

/**
 * Page layout by Paged.js, for what Chromium’s own printing cannot do:
 * footnotes at the foot of the page that calls them (`float: footnote`),
 * split across pages when long.
 *
 * Only our own code runs, injected over DevTools, which the document’s
 * Content-Security-Policy (`default-src 'none'`, from `toDocument`) does not
 * govern; any script in the paper itself stays blocked, and so do requests.
 */
export async function layOutPages(page: Page, bundle: string): Promise<void> {
  await page.evaluate(moveNotesToCalls)
  await page.evaluate(bundle)
  await page.evaluate(runPaged)
}

/** The Paged.js browser bundle (UMD, sets `window.PagedModule`), read once per call site. */
export function readPagedBundle(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('pagedjs'))
  return readFile(join(dirname(entry), '..', 'dist', 'paged.min.js'), 'utf8')
}

/*
 * The functions below run in the page, not in Node: each must be self-contained.
 */

/**
 * Each note of the Notes section becomes a `.footnote` right after its first
 * call, with the note’s own number and back-link inside; the section goes.
 * Done on the DOM, as block content inside a paragraph cannot survive HTML
 * parsing.
 */
function moveNotesToCalls(): void {
  const section = document.querySelector('section.notes')
  if (!section) return
  for (const item of Array.from(section.querySelectorAll('li.note'))) {
    const number = item.id.replace(/^note-/, '')
    const call = document.getElementById('ref-' + number)
    if (!call) continue
    const note = document.createElement('div')
    note.className = 'footnote'
    note.setAttribute('role', 'doc-footnote')
    note.dataset.noteId = item.id
    note.append(...Array.from(item.childNodes))
    call.after(note)
  }
  section.remove()
}

/**
 * Flow the body into pages. The content is handed over as a fragment moved
 * out of the body, not re-parsed from `innerHTML` as Paged.js does by
 * default, which would undo the footnotes’ nesting. Afterwards each note gets
 * back its own id (Paged.js renames it), so calls and back-links still meet.
 */
async function runPaged(): Promise<void> {
  const paged = (window as unknown as {PagedModule: {Previewer: new () => {preview(content: DocumentFragment): Promise<unknown>}}}).PagedModule
  const content = document.createDocumentFragment()
  content.append(...Array.from(document.body.childNodes))
  await new paged.Previewer().preview(content)
  for (const note of Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_footnote_area [data-note-id]'))) {
    if (note.dataset.splitFrom) note.removeAttribute('id')
    else note.id = note.dataset.noteId ?? note.id
  }
  for (const call of Array.from(document.querySelectorAll('[data-footnote-call]'))) call.remove()
  for (const box of Array.from(document.querySelectorAll('.pagedjs_margin'))) box.setAttribute('aria-hidden', 'true')
  await document.fonts.ready
}
