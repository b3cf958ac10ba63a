import {describe, expect, it} from 'vitest'
import {cite} from './citations-helpers.js'
import {loadBibliography} from '@offprint/cite'

const doi = '<https://doi.org/10.1016/j.jeem.2020.01.002>'
const smithFull = `Jane Smith and John Doe, “Carbon Pricing and Innovation,” *Journal of Environmental Economics* 12, no. 3 (2020)`
const governing = '*Governing the Commons: The Evolution of Institutions for Collective Action*'

describe('@offprint/cite formatCitations (chicago-notes, the default)', () => {
  it('writes a full first note for each kind of source', () => {
    const {body, notes, messages} = cite(
      'A report [@iea2024, p. 12]. A newspaper [@kahn2023]. An article [@smith2020, 50]. ' +
        'A web page [@ember2024]. A book [@ostrom1990, 12]. A chapter [@keohane2011, 455].\n'
    )
    expect(body).toBe('A report.[1] A newspaper.[2] An article.[3] A web page.[4] A book.[5] A chapter.[6]')
    expect(notes).toEqual([
      'International Energy Agency, *World Energy Outlook 2024* (IEA, 2024), 12, <https://www.iea.org/reports/world-energy-outlook-2024>.',
      'Rachel Kahn, “Grid Operators Brace for Summer Peak,” *The New York Times*, June 14, 2023, <https://www.nytimes.com/2023/06/14/business/grid-summer.html>.',
      `${smithFull}: 50, ${doi}.`,
      'Ember, “Global Electricity Review 2024,” Ember, May 8, 2024, <https://ember-energy.org/latest-insights/global-electricity-review-2024/>.',
      `Elinor Ostrom, ${governing} (Cambridge University Press, 1990), 12.`,
      'Robert O. Keohane, “Global Governance and Legitimacy,” in *The Oxford Handbook of Climate Change and Society*, ed. John S. Dryzek and Richard B. Norgaard (Oxford University Press, 2011), 455.'
    ])
    expect(messages).toEqual([])
  })

  it('shortens a later note and never writes “Ibid.” by default', () => {
    const {notes} = cite('One [@smith2020, 50]. Two [@smith2020, 51].\n')
    expect(notes).toEqual([`${smithFull}: 50, ${doi}.`, 'Smith and Doe, “Carbon Pricing and Innovation,” 51.'])
  })

  it('writes “Ibid.” with `ibid: true`, but not across an author’s note', () => {
    const {body, notes} = cite('One [@smith2020, 50]. Two [@smith2020, 51]. Three [@smith2020, 51].[^mine] Four [@smith2020, 52].\n\n[^mine]: My own remark.\n', {
      ibid: true
    })
    expect(body).toBe('One.[1] Two.[2] Three.[3][4] Four.[5]')
    expect(notes).toEqual([
      `${smithFull}: 50, ${doi}.`,
      'Ibid., 51.',
      'Ibid.',
      'My own remark.',
      'Smith and Doe, “Carbon Pricing and Innovation,” 52.'
    ])
  })

  it('numbers citations and hand-written notes in one sequence', () => {
    const {body, notes, messages} = cite('First[^a] then a source [@ostrom1990]. Then[^b] again [@ostrom1990, 90].\n\n[^b]: Note B.\n[^a]: Note A.\n')
    expect(body).toBe('First[1] then a source.[2] Then[3] again.[4]')
    expect(notes).toEqual(['Note A.', `Elinor Ostrom, ${governing} (Cambridge University Press, 1990).`, 'Note B.', `Ostrom, ${governing}, 90.`])
    // The short note repeats an eleven-word title: the entry has no short title.
    expect(messages).toEqual(['4:56 citation-short-title'])
  })

  it('formats a citation inside an author’s note in place, without a note of its own', () => {
    const {notes} = cite('Text.[^a]\n\n[^a]: As shown by [@ostrom1990, 12], commons can last.\n')
    expect(notes).toEqual([`As shown by Elinor Ostrom, ${governing} (Cambridge University Press, 1990), 12, commons can last.`])
  })

  it('moves the period before the mark and drops the space before the citation', () => {
    expect(cite('Commons last [@ostrom1990].\n').body).toBe('Commons last.[1]')
    expect(cite('Commons last [@ostrom1990], he says.\n').body).toBe('Commons last,[1] he says.')
    expect(cite('Commons last [@ostrom1990] and more.\n').body).toBe('Commons last[1] and more.')
  })

  it('reads prefixes, locators, suffixes and several sources in one note', () => {
    const {notes} = cite('Text [see @ostrom1990, chap. 3; @keohane2011, pp. 450–52, emphasis added].\n')
    expect(notes).toEqual([
      `See Elinor Ostrom, ${governing} (Cambridge University Press, 1990), chap. 3; Robert O. Keohane, “Global Governance and Legitimacy,” in *The Oxford Handbook of Climate Change and Society*, ed. John S. Dryzek and Richard B. Norgaard (Oxford University Press, 2011), 450–52, emphasis added.`
    ])
  })

  it('keeps the author of an in-text citation in the text and puts the work in a note', () => {
    const {body, notes} = cite('@smith2020 [p. 50] argue that prices work. @ostrom1990 disagrees.\n')
    expect(body).toBe('Smith and Doe[1] argue that prices work. Ostrom[2] disagrees.')
    expect(notes).toEqual([
      `“Carbon Pricing and Innovation,” *Journal of Environmental Economics* 12, no. 3 (2020): 50, ${doi}.`,
      `${governing} (Cambridge University Press, 1990).`
    ])
  })

  it('returns the bibliography, titled, unless suppressed', () => {
    const {paper, bibliography} = cite('A [@smith2020]. B [@iea2024].\n', {bibliographyTitle: 'Sources'})
    expect(paper.bibliography?.title).toBe('Sources')
    expect(bibliography).toEqual([
      'International Energy Agency. *World Energy Outlook 2024*. IEA, 2024. <https://www.iea.org/reports/world-energy-outlook-2024>.',
      `Smith, Jane, and John Doe. “Carbon Pricing and Innovation.” *Journal of Environmental Economics* 12, no. 3 (2020): 45–67. ${doi}.`
    ])
    expect(paper.bibliography?.children[1]?.data).toEqual({hProperties: {className: ['csl-entry'], id: 'ref-smith2020'}})
    expect(cite('A [@smith2020].\n').paper.bibliography?.title).toBe('Bibliography')
    expect(cite('A [@smith2020].\n', {suppressBibliography: true}).paper.bibliography).toBeUndefined()
  })

  it('reports an unknown key at its `@`, and prints it in bold', () => {
    const {notes, messages, paper} = cite('Fine [@smith2020].\n\n> Quoted text\n> and [@nope, 3] here.\n\n@ghost says so.\n')
    expect(messages).toEqual(['7:8 citation-unknown-key', '9:1 citation-unknown-key'])
    expect(paper.file.messages[0]?.reason).toBe('Unexpected unknown citation key `@nope`, expected a key from the bibliography')
    expect(notes[1]).toBe('**nope?**')
  })

  it('moves a comma or period inside a closing quote in American style, not in British', () => {
    const text = 'They were “reliable and natural partners” [@smith2020], and “firm” [@iea2024]. Not a quote [@smith2020]; “here” [@iea2024]; at "an end" [@iea2024].\n'
    expect(cite(text, {lang: 'en-US'}).body).toBe('They were “reliable and natural partners,”[1] and “firm.”[2] Not a quote;[3] “here”;[4] at "an end."[5]')
    expect(cite(text, {lang: 'en-GB'}).body).toBe('They were “reliable and natural partners”,[1] and “firm”.[2] Not a quote;[3] “here”;[4] at "an end".[5]')
    // An author-date style leaves the text as written.
    expect(cite('“partners” [@smith2020],\n', {lang: 'en-US', style: 'chicago-author-date'}).body).toMatch(/^“partners” \(Smith and Doe 2020\),$/)
  })

  it('warns, once, where a short note repeats a long title for want of a short one', () => {
    const works = [
      {id: 'long', type: 'report', title: 'Buying Flexibility from Batteries in Regional Networks', publisher: 'IEA', issued: {'date-parts': [[2024]]}},
      {id: 'short', type: 'report', title: 'Buying Flexibility from Batteries in Regional Networks', 'title-short': 'Buying Flexibility', publisher: 'IEA', issued: {'date-parts': [[2024]]}},
      {id: 'four', type: 'report', title: 'World Energy Outlook 2024', publisher: 'IEA', issued: {'date-parts': [[2024]]}}
    ]
    const {messages, paper} = cite('A [@long]. B [@short]. C [@four].\n\nD [@long]. E [@short]. F [@four]. G [@long].\n', {bibliography: works})
    expect(messages).toEqual(['6:4 citation-short-title'])
    expect(paper.file.messages[0]?.reason).toBe('Unexpected short note repeating the whole 7-word title of `@long`, expected a short title: `shorttitle` in BibTeX, `title-short` in CSL-JSON/YAML')
    expect(cite('A [@long]. B [@long].\n', {bibliography: works, style: 'chicago-author-date'}).messages).toEqual([])
  })

  it('prints a year-month date as the style says (BibTeX `date = {2015-01}`), as pandoc’s citeproc does', () => {
    const works = loadBibliography('@article{mag, author = {Doe, Jane}, title = {Ports}, journaltitle = {The Economist}, date = {2015-01}}\n@report{rep, author = {Doe, Jane}, title = {Docks}, institution = {IEA}, date = {2015-01}}\n', {format: 'bibtex'})
    // Chicago gives a magazine's month and a report's year (pandoc --citeproc with the same style agrees).
    const {notes} = cite('A [@mag]. B [@rep].\n', {bibliography: works})
    expect(notes[0]).toMatch(/January 2015/)
    expect(notes[1]).toMatch(/\(IEA, 2015\)/)
  })

  it('suggests the key a typo meant', () => {
    const {paper} = cite('Fine [@smith2002].\n')
    expect(paper.file.messages[0]?.reason).toBe('Unexpected unknown citation key `@smith2002` (did you mean `@smith2020`?), expected a key from the bibliography')
  })
})

describe('@offprint/cite formatCitations (author-date styles)', () => {
  it('keeps chicago-author-date citations in the text, with no notes', () => {
    const {body, notes, paper} = cite('A [@smith2020, 50]. @keohane2011 says [see @ostrom1990, 3].\n', {style: 'chicago-author-date'})
    expect(body).toBe('A (Smith and Doe 2020, 50). Keohane (2011) says (see Ostrom 1990, 3).')
    expect(notes).toEqual([])
    expect(paper.bibliography?.title).toBe('References')
  })

  it('formats apa, suppressed authors included', () => {
    const {body, bibliography} = cite('Smith and Doe [-@smith2020, 50] agree with @kahn2023 [p. 3].\n', {style: 'apa'})
    expect(body).toBe('Smith and Doe (2020, p. 50) agree with Kahn (2023, p. 3).')
    expect(bibliography?.[0]).toBe(
      'Kahn, R. (2023, June 14). Grid Operators Brace for Summer Peak. *The New York Times*. <https://www.nytimes.com/2023/06/14/business/grid-summer.html>'
    )
  })

  it('reads each paper’s own bibliography when an engine is reused', () => {
    const other = [{id: 'smith2020', type: 'book', title: 'Another Book', author: [{family: 'Smith', given: 'Adam'}], issued: {'date-parts': [[1776]]}}]
    expect(cite('A [@smith2020].\n', {bibliography: other}).notes).toEqual(['Adam Smith, *Another Book* (1776).'])
    expect(cite('A [@smith2020].\n').notes).toEqual([`${smithFull}: 45–67, ${doi}.`])
  })

  it('reports an unknown style and falls back to chicago-notes', () => {
    const {messages, notes} = cite('A [@ostrom1990].\n', {style: 'harvard-made-up'})
    expect(messages).toEqual(['1:1 citation-style'])
    expect(notes).toEqual([`Elinor Ostrom, ${governing} (Cambridge University Press, 1990).`])
  })
})
