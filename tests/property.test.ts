import fc from 'fast-check'
import {fromHtml} from 'hast-util-from-html'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {createCitationCache, formatCitations, insertCitations, numberNotes} from '@offprint/cite'
import {hasErrors, parsePaper} from '@offprint/parse'
import {renderPaper, themeCss, toDocument} from '@offprint/render-html'
import {renderEpub} from '@offprint/render-epub'

// Pieces that exercise every construct the pipeline treats specially, mixed with noise.
const token = fc.oneof(
  fc.constantFrom(
    '[^a]', '[^b]', '[^a]: note a', '\n[^b]: note b\n', '^[inline]', '^[', ']', '[@smith]', '@smith', '[-@smith, p. 3]', '[@nokey]',
    '$x^2$', '$$\n\\frac{1}{2}\n$$', '$$', '\\', '# ', '## ', '#### ', '> ', '- ', '1. ', '| a | b |\n| - | - |\n| 1 | 2 |', '```\ncode\n```', '`x`',
    '<div>', '</div>', '<script>x()</script>', '<img src="http://x/y">', '{% tag %}', '{{ v }}', '![alt](pic.png)', '![](data:image/gif;base64,R0lGOD)',
    '[link](http://example.org)', '[rel](/x)', '[frag](#nowhere)', 'https://example.org/bare', '"quoted"', "it's", '--', '...', '\n\n', '\n', '   ', '*', '**', '_'
  ),
  fc.string({maxLength: 12}),
  fc.string({unit: 'grapheme', maxLength: 12})
)
const markdown = fc.array(token, {maxLength: 40}).map((parts) => parts.join(''))
const frontMatter = fc.oneof(
  fc.constant(''),
  fc.string({maxLength: 60}).map((text) => `---\n${text}\n---\n`),
  fc
    .record({
      title: fc.oneof(fc.string({maxLength: 30}), fc.constant('A title')),
      date: fc.oneof(fc.constant('2025-03-28'), fc.string({maxLength: 12})),
      lang: fc.constantFrom('en', 'ja', 'de', 'fr', 'xx-??', ''),
      authors: fc.oneof(fc.constant('[A, B]'), fc.constant('- name: A\n    affiliation: B'), fc.string({maxLength: 10})),
      extra: fc.constantFrom('', 'layout: x', 'notes: footnotes', 'bibliography: refs.bib', 'series: {name: S, number: 3}', 'date: 2025-01-01')
    })
    .map((fields) => `---\ntitle: ${JSON.stringify(fields.title)}\ndate: ${fields.date}\nlang: ${fields.lang}\nauthors: ${fields.authors}\n${fields.extra}\n---\n`)
)
const bibliography = [{id: 'smith', type: 'book', title: 'A Book', author: [{family: 'Smith', given: 'Jo'}], issued: {'date-parts': [[2020]]}}]
const citations = createCitationCache()

function pipeline(text: string) {
  const parsed = parsePaper(new VFile({path: 'random.md', value: text}))
  const citing = parsed.meta.options.bibliography ? {bibliography, lang: parsed.meta.lang, cache: citations} : undefined
  if (citing) insertCitations(parsed.tree, parsed.file, citing)
  const paper = citing ? formatCitations(numberNotes(parsed), citing) : numberNotes(parsed)
  const rendered = renderPaper(paper)
  return {paper, rendered, html: toDocument(rendered, {css: themeCss('print')})}
}

describe('random papers (fast-check)', () => {
  it('always end in a document or positioned messages, never an exception', () => {
    fc.assert(
      fc.property(frontMatter, markdown, (front, body) => {
        const {paper, html} = pipeline(front + body)
        for (const message of paper.file.messages) {
          expect(message.line).toBeGreaterThanOrEqual(1)
          expect(message.column).toBeGreaterThanOrEqual(1)
          expect(message.ruleId).toMatch(/^[a-z-]+$/)
        }
        expect(html.startsWith('<!doctype html>')).toBe(true)
        // No script element and no event handler survive (text that looks like a tag inside an attribute is only text).
        visit(fromHtml(html), 'element', (node) => {
          expect(node.tagName).not.toBe('script')
          for (const name of Object.keys(node.properties)) expect(name).not.toMatch(/^on/)
        })
        // Every note reference points at a note that is there.
        for (const match of html.matchAll(/href="#(note-\d+)"/g)) expect(html).toContain(`id="${match[1]}"`)
      }),
      {numRuns: Number(process.env.FC_RUNS ?? 300), seed: Number(process.env.FC_SEED ?? 20261125)}
    )
  })

  it('always give an EPUB when the paper has no errors', async () => {
    await fc.assert(
      fc.asyncProperty(frontMatter, markdown, async (front, body) => {
        const {paper, rendered} = pipeline(front + body)
        if (hasErrors(paper.file)) return
        const {data} = await renderEpub(rendered, {slug: 'random', modified: new Date(0)})
        expect(Buffer.from(data.subarray(0, 2)).toString()).toBe('PK')
      }),
      {numRuns: Number(process.env.FC_RUNS ?? 300) / 5, seed: Number(process.env.FC_SEED ?? 20261125)}
    )
  })
})
