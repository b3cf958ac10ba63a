import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
import {epubFiles, notesOf, pdfText} from './helpers/tools.js'

const samples = inject('samples')
const slug = 'municipal-water-tariffs'

// Chicago notes (CMOS 18, en-GB locale) from papers/municipal-water-tariffs/refs.bib: a full
// note at the first citation, a short one after; an author's own note (3) counts in the
// numbering and formats its citation in place; an in-text citation (4) keeps the authors in
// the text and the work in the note. Short notes use the title before its subtitle (CMOS).
const golden = [
  'Harbourside Institute, Paying for Pipes: Municipal Water Finance in Twelve Regions, Research Report HI-2025-07 (The Harbourside Institute, 2025), 14, https://example.org/reports/paying-for-pipes.',
  'Daniel Okoro, ‘Councils Weigh Steeper Water Bills as Repairs Mount’, The Northern Ledger, 11 February 2025, https://example.com/news/2025/02/11/water-bills.',
  'Borrowing spreads the cost over the life of the asset, which is fairer to future users, but it does not change who pays in the end; see Lucia Ferreira, The Price of Water: Utilities, Fairness and the Public Purse (Harbourside Press, 2021), 88–92.',
  '‘Block Tariffs and Household Water Use: Evidence from Metered Cities’, Journal of Utility Regulation 18, no. 2 (2024): 101–29, https://doi.org/10.5555/jur.2024.0182.',
  'Mensah and Lindqvist, ‘Block Tariffs and Household Water Use’, 115.',
  'Mensah and Lindqvist, ‘Block Tariffs and Household Water Use’, 120.',
  'Ravi Banerjee, ‘Affordability Programmes in Regulated Utilities’, in Handbook of Infrastructure Pricing, ed. Sara Holm and Tunde Adeyemi (Harbourside Press, 2023), 220–224; see also Ferreira, The Price of Water, ch. 5.',
  'The best current source is a volunteer-run dataset Open Utilities Data Project, ‘Household Water Tariffs Dataset, 2015–2025’, 2025, https://example.org/data/water-tariffs, which shows how far published tariffs differ between neighbouring councils.'
]

describe('a paper citing a bibliography', () => {
  const html = readFileSync(join(samples.out, `${slug}.html`), 'utf8')

  it('formats every note as Chicago notes does, in the HTML', () => {
    expect(notesOf(html)).toEqual(golden.map((text, index) => ({number: index + 1, text})))
  })

  it('moves the punctuation before the note mark and keeps in-text authors in the text', () => {
    const text = html.replace(/<[^>]+>/g, '').replace(/\u00ad/g, '')
    expect(text).toMatch(/they fail\.1\s+Councils/)
    expect(text).toMatch(/Mensah and Lindqvist4\s+find that/)
  })

  it('prints the same notes in the PDF text', () => {
    const pdf = pdfText(join(samples.out, `${slug}.pdf`)).replace(/\s+/g, '')
    golden.forEach((note, index) => expect(pdf).toContain(`${index + 1}.${note.replace(/\s+/g, '')}`))
  })

  it('carries the same notes in the EPUB', async () => {
    const files = await epubFiles(join(samples.out, `${slug}.epub`))
    expect(notesOf(files.get('OEBPS/notes.xhtml')!)).toEqual(golden.map((text, index) => ({number: index + 1, text})))
    expect(files.get('OEBPS/bibliography.xhtml')).toContain('Ferreira, Lucia. <em>The Price of Water')
  })
})

describe('ibid: true', () => {
  it('writes “Ibid.” for a source cited again in the next note, in HTML, PDF and EPUB alike', async () => {
    const {cpSync, mkdtempSync, writeFileSync} = await import('node:fs')
    const {tmpdir} = await import('node:os')
    const {spawnSync} = await import('node:child_process')
    const folder = mkdtempSync(join(tmpdir(), 'offprint-ibid-'))
    cpSync(join('papers', slug, 'refs.bib'), join(folder, 'refs.bib'))
    writeFileSync(
      join(folder, 'index.md'),
      '---\ntitle: Ibid\nlang: en-US\nbibliography: refs.bib\nibid: true\n---\n\nFirst [@mensah2024, 115]. Again [@mensah2024, 120]. Other [@ferreira2021]. Back [@mensah2024, 101].\n'
    )
    const result = spawnSync(process.execPath, [join(process.cwd(), 'apps/build/dist/cli.js'), 'build', '--no-cache', '--out', join(folder, 'dist'), join(folder, 'index.md')], {encoding: 'utf8'})
    expect(result.status, result.stderr).toBe(0)
    const name = folder.split('/').pop()!
    const expected = [
      'Abena Mensah and Karl Lindqvist, “Block Tariffs and Household Water Use: Evidence from Metered Cities,” Journal of Utility Regulation 18, no. 2 (2024): 115, https://doi.org/10.5555/jur.2024.0182.',
      'Ibid., 120.',
      'Lucia Ferreira, The Price of Water: Utilities, Fairness and the Public Purse (Harbourside Press, 2021).',
      'Mensah and Lindqvist, “Block Tariffs and Household Water Use,” 101.'
    ]
    const html = readFileSync(join(folder, 'dist', `${name}.html`), 'utf8')
    expect(notesOf(html).map((n) => n.text)).toEqual(expected)
    const files = await epubFiles(join(folder, 'dist', `${name}.epub`))
    expect(notesOf(files.get('OEBPS/notes.xhtml')!).map((n) => n.text)).toEqual(expected)
    const pdf = pdfText(join(folder, 'dist', `${name}.pdf`)).replace(/\s+/g, '')
    expected.forEach((note, index) => expect(pdf).toContain(`${index + 1}.${note.replace(/\s+/g, '')}`))
  })
})

describe('a malformed bibliography', () => {
  it('is reported at the bibliography file’s own line:column, without an unknown-key error per citation', async () => {
    const {mkdtempSync, mkdirSync, writeFileSync} = await import('node:fs')
    const {tmpdir} = await import('node:os')
    const {spawnSync} = await import('node:child_process')
    const folder = mkdtempSync(join(tmpdir(), 'offprint-badbib-'))
    const broken = {
      'refs.bib': '@book{a,\n  title = {A},\n  year = 2020\n  author = {X}\n}\n',
      'refs.json': '[{"id": "a", "title": "A"}\n  {"id": "b"}]\n',
      'refs.yaml': '- id: a\n  title: [unclosed\n'
    }
    for (const [name, text] of Object.entries(broken)) {
      mkdirSync(join(folder, name.replace('.', '-')))
      writeFileSync(join(folder, name.replace('.', '-'), name), text)
      writeFileSync(join(folder, name.replace('.', '-'), 'index.md'), `---\ntitle: Broken\nbibliography: ${name}\n---\n\nOne [@a]. Two [@b].\n`)
    }
    const result = spawnSync(process.execPath, [join(process.cwd(), 'apps/build/dist/cli.js'), 'check', '.'], {cwd: folder, encoding: 'utf8'})
    expect(result.status).toBe(1)
    const lines = result.stderr.split('\n').filter((line) => line.includes(': error: '))
    expect(lines.map((line) => line.replace(/ error: .*\[/, ' ['))).toEqual([
      'refs-bib/refs.bib:4:3: [bibliography-parse]',
      'refs-json/refs.json:2:3: [bibliography-parse]',
      'refs-yaml/refs.yaml:3:1: [bibliography-parse]'
    ])
  })
})
