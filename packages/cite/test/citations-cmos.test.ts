import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {loadBibliography} from '@offprint/cite'
import {cite} from './citations-helpers.js'

// Issue 17: where our notes once differed from CMOS 18 and pandoc's citeproc. Each case is
// markdown + fixtures/cmos/bibliography.bib (BibTeX, as most policy shops keep it) → the exact note.
const bibliography = loadBibliography(readFileSync(new URL('fixtures/cmos/bibliography.bib', import.meta.url), 'utf8'), {format: 'bibtex'})
const options = {bibliography, lang: 'en-US'}
const hale = 'Miriam Hale, *Public Works* (Harbourside Press, 2019)'
const thesis = '“Metering and Its Discontents: Household Responses to Volumetric Pricing”'

describe('locators', () => {
  it('keeps a decimal locator whole, and the DOI after it intact', () => {
    const {paper, notes} = cite('A [@fsb2022, sec. 4.2].\n', options)
    expect(notes).toEqual(['Financial Stability Board, *Resilience of Water Utilities* (Financial Stability Board, 2022), sec. 4.2, <https://doi.org/10.5555/fsb.2022.7>.'])
    expect(JSON.stringify(paper.notes)).toContain('"url":"https://doi.org/10.5555/fsb.2022.7"')
  })

  it('turns the TeX dashes of a roman-numeral range into an en dash', () => {
    expect(cite('B [@hale2019, xi--xiv].\n', options).notes).toEqual([`${hale}, xi–xiv.`])
  })

  it('puts the comma inside the closing quote before an unknown label', () => {
    expect(cite('C [@tariffdb, table 2].\n', options).notes).toEqual(['Open Utilities Data Project, “Household Water Tariffs Database,” table 2.'])
  })
})

describe('a citation inside an author’s note', () => {
  it('drops the closing period inside a quote mid-sentence, and meets the author’s period', () => {
    const {notes} = cite('Text.[^n]\n\n[^n]: These come from [@tariffdb] and are revised yearly; see [@fsb2022, 3; @tariffdb].\n', options)
    expect(notes).toEqual([
      'These come from Open Utilities Data Project, “Household Water Tariffs Database” and are revised yearly; see Financial Stability Board, *Resilience of Water Utilities* (Financial Stability Board, 2022), 3, <https://doi.org/10.5555/fsb.2022.7>; Open Utilities Data Project, “Household Water Tariffs Database.”'
    ])
  })
})

describe('ibid: true', () => {
  const ibid = {...options, ibid: true}

  it('writes “ibid.” in lower case mid-note, capitalised only where it opens the note', () => {
    const {notes} = cite('One [@hale2019, 12].[^n] Two [@hale2019, 13].\n\n[^n]: As argued there, and again in [@hale2019, 13].\n', ibid)
    expect(notes).toEqual([`${hale}, 12.`, 'As argued there, and again in ibid., 13.', 'Ibid.'])
  })

  it('turns a repeat of the only source of the previous note, at the same page, into ibid., keeping its period', () => {
    const {notes} = cite('One [@hale2019, 12].[^n] Two [see @hale2019, 12].\n\n[^n]: See [@hale2019, 12] for this.\n', ibid)
    expect(notes).toEqual([`${hale}, 12.`, 'See ibid. for this.', 'See ibid.'])
  })
})

describe('author in text (`@key`)', () => {
  it('writes “et al.” with its period from three authors, and keeps a particle', () => {
    const {body, notes} = cite('@mensah2024 [p. 110] finds more. @vanderberg2018 argue so. @devries2020 agrees.\n', options)
    expect(body).toBe('Mensah et al.[1] finds more. van der Berg et al.[2] argue so. de Vries[3] agrees.')
    expect(notes[0]).toBe('“Block Tariffs in NATO Countries and the iPhone Era: Evidence from Metered Cities,” *Journal of Utility Regulation* 18, no. 2 (2024): 110.')
  })
})

describe('BibTeX', () => {
  it('writes a thesis genre in words and `and others` as et al.', () => {
    const {notes, bibliography: entries} = cite('A [@vanderberg2018, 12].\n', options)
    expect(notes).toEqual([`Anna van der Berg et al., ${thesis} (PhD diss., Delft University of Technology, 2018), 12.`])
    expect(entries).toEqual([
      'Berg, Anna van der, Kwame Osei, et al. “Metering and Its Discontents: Household Responses to Volumetric Pricing.” PhD diss., Delft University of Technology, 2018.'
    ])
  })

  it('prints a report’s `type` as written: it is no title to sentence-case', () => {
    expect(cite('A [@harbourside2025].\n', options).notes).toEqual(['Harbourside Institute, *Paying for Pipes*, Research Report HI-2025-07 (The Harbourside Institute, 2025).'])
  })

  it('derives the short title from the title before its subtitle', () => {
    const {notes} = cite('A [@mensah2024]. B [@mensah2024, 110]. C [@vanderberg2018]. D [@vanderberg2018, 4].\n', options)
    expect(notes.slice(1)).toEqual([
      'Mensah et al., “Block Tariffs in NATO Countries and the iPhone Era,” 110.',
      `Anna van der Berg et al., ${thesis} (PhD diss., Delft University of Technology, 2018).`,
      'Van der Berg et al., “Metering and Its Discontents,” 4.'
    ])
  })

  it('keeps brace-protected words as written, and sentence-cases titles for APA', () => {
    expect(cite('A [@kerr2021].\n', options).notes).toEqual(['Ada Kerr, *The de minimis Rule in Water Pricing* (Harbourside Press, 2021).'])
    expect(cite('A [@mensah2024]. B [@kerr2021].\n', {...options, style: 'apa'}).bibliography).toEqual([
      'Kerr, A. (2021). *The de minimis rule in water pricing*. Harbourside Press.',
      'Mensah, A., Lindqvist, K., & Ito, H. (2024). Block tariffs in NATO countries and the iPhone era: Evidence from metered cities. *Journal of Utility Regulation*, *18*(2), 101–129.'
    ])
  })
})

describe('a bibliography that could not be read', () => {
  it('reports no `citation-unknown-key` per key once its parse error is reported (`bibliographyComplete: false`)', () => {
    const {notes, messages} = cite('A [@hale2019]. B [@gone].\n', {...options, bibliographyComplete: false})
    expect(messages).toEqual([])
    expect(notes).toEqual([`${hale}.`, '**gone?**'])
    expect(cite('B [@gone].\n', options).messages).toEqual(['4:4 citation-unknown-key'])
  })
})
