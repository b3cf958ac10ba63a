import type {Page} from 'puppeteer-core'

/** What the page was told to expose to Chromium's tagging, for `finishPdf` to finish. */
export interface TagHints {
  /** Each `<math>`'s alternate text (its TeX source), in document order. */
  formulas: string[]
  /** The note id of each footnote's continuation on a later page (Paged.js split it), in document order. */
  continued: string[]
}

/**
 * Chromium builds the PDF's tags from the page's accessibility tree, which
 * loses three things PDF/UA asks for. MathML comes out as nested NonStruct
 * with no alternate text, so each `<math>` is exposed as an image labelled
 * with its TeX source (temml's `application/x-tex` annotation): Chromium
 * then writes a Figure with that `/Alt`, still holding the glyphs' tags,
 * which `finishPdf` retypes as Formula. A `<span lang>` (or `<i>`, `<q>`…)
 * is ignored by the accessibility tree, so its language is lost with it;
 * given its implicit role (`generic`) explicitly it is kept, and Chromium
 * writes its `/Lang`. The rest of a footnote that Paged.js carried to the
 * next page is a second element; exposed as a figure labelled with the
 * note's id, it can be found and joined to its Note. Only the printed copy
 * of the document changes (the page is emptied after printing); nothing
 * here moves the layout.
 */
export async function exposeToTags(page: Page): Promise<TagHints> {
  return page.evaluate(exposeInDocument)
}

/*
 * Runs in the page, not in Node: self-contained.
 */
function exposeInDocument(): TagHints {
  const formulas: string[] = []
  for (const math of Array.from(document.querySelectorAll('math'))) {
    const tex = math.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? math.getAttribute('alttext') ?? math.textContent ?? ''
    const alt = tex.replace(/\s+/g, ' ').trim()
    if (!alt || math.closest('[aria-hidden="true"]')) continue
    math.setAttribute('role', 'img')
    math.setAttribute('aria-label', alt)
    formulas.push(alt)
  }
  // Elements whose implicit role is `generic` (HTML-AAM): ignored unless given it.
  const generic = new Set(['span', 'i', 'b', 'u', 's', 'q', 'small', 'cite', 'bdi', 'bdo', 'data', 'time', 'samp', 'kbd', 'var', 'font'])
  for (const element of Array.from(document.body.querySelectorAll('[lang]'))) {
    if (!generic.has(element.localName) || element.hasAttribute('role')) continue
    const inherited = element.parentElement?.closest('[lang]')?.getAttribute('lang') ?? ''
    if (element.getAttribute('lang')!.toLowerCase() !== inherited.toLowerCase()) element.setAttribute('role', 'generic')
  }
  const continued: string[] = []
  for (const part of Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_footnote_area [data-note-id][data-split-from]'))) {
    part.setAttribute('role', 'figure')
    part.setAttribute('aria-label', part.dataset.noteId!)
    continued.push(part.dataset.noteId!)
  }
  return {formulas, continued}
}
