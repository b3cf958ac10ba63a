import type {Element, ElementContent, Root} from 'hast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '@offprint/parse/report'

/**
 * Links that cannot work in a standalone PDF or EPUB — relative to a web site
 * the paper came from (`/en/lessons/x`, `notes.html`), or to an anchor the
 * document does not have — are unwrapped to their text, with a warning at
 * the link, so no reader follows a dead end and epubcheck finds none.
 */
export function unwrapDeadLinks(roots: ReadonlyArray<Root>, file: VFile, reserved: ReadonlyArray<string>): void {
  const ids = new Set<string>(reserved)
  for (const root of roots) {
    visit(root, 'element', (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id)
    })
  }
  for (const root of roots) {
    visit(root, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'a' || !parent || index === undefined) return
      const carried = String(node.properties.dataOffprintPlace ?? '').split(':').map(Number)
      delete node.properties.dataOffprintPlace
      const place = carried.length === 2 ? {line: carried[0]!, column: carried[1]!} : node.position?.start
      const href = typeof node.properties.href === 'string' ? node.properties.href : undefined
      if (href === undefined) return
      let problem: {rule: string; reason: string} | undefined
      if (href.startsWith('#')) {
        if (!ids.has(decodeFragment(href.slice(1)))) problem = {rule: 'link-fragment', reason: `Unexpected link to \`${href}\`, expected an anchor that exists in the paper (the link is dropped)`}
      } else if (!/^[a-z][a-z0-9+.-]*:/i.test(href)) {
        problem = {rule: 'link-relative', reason: `Unexpected relative link \`${href}\`, expected an absolute URL (the link is dropped)`}
      }
      if (!problem) return
      report(file, {reason: problem.reason, ruleId: problem.rule, severity: 'warning', place})
      parent.children.splice(index, 1, ...(node.children as ElementContent[]))
      return index
    })
  }
}

/** A fragment as the id it names (`#gamma-%E5%87%BD` → `gamma-函`); malformed escapes are kept. */
export function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return fragment
  }
}
