import {execFileSync, spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {pdfFonts, pdfInfo} from './helpers/tools.js'

// The press edition (print.pdfx), built by the real CLI from a copy of a
// sample paper with Ghostscript's CMYK profile (Debian libgs10-common), and
// read back with qpdf's JSON: every point of PDF/X-4 the issue lists.
const profilePath = '/usr/share/color/icc/ghostscript/default_cmyk.icc'
const rgbProfilePath = '/usr/share/color/icc/ghostscript/srgb.icc'
const mm = 72 / 25.4
const cli = join(process.cwd(), 'apps', 'build', 'dist', 'cli.js')
const sample = readFileSync(join('papers', 'short-brief.md'), 'utf8')

let root: string

/** The sample paper with `fields` added to its front matter. */
function paper(fields: string): string {
  return sample.replace(/\n---\n/, `\n${fields}\n---\n`)
}

function build(folder: string, out: string, extra: string[] = ['--no-cache']) {
  return spawnSync(process.execPath, [cli, 'build', folder, '--out', out, ...extra], {encoding: 'utf8', cwd: root, env: {...process.env, SOURCE_DATE_EPOCH: '1767225600'}})
}

type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
interface PdfObjects {
  get(ref: Json): Json
  stream(ref: Json): Buffer
  all: Array<[string, {value?: Json; stream?: {dict: Json; data?: string}}]>
  trailer: {[key: string]: Json}
}

/** Every object of a PDF, streams decoded (qpdf --json). */
function objects(path: string): PdfObjects {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', path], {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024})) as {
    qpdf: [unknown, Record<string, {value?: Json; stream?: {dict: Json; data?: string}}>]
  }
  const table = json.qpdf[1]
  const entry = (ref: Json) => table[`obj:${String(ref)}`]
  return {
    get: (ref) => (typeof ref === 'string' && / 0 R$/.test(ref) ? (entry(ref)?.value ?? entry(ref)?.stream?.dict ?? null) : ref),
    stream: (ref) => Buffer.from(entry(ref)?.stream?.data ?? '', 'base64'),
    all: Object.entries(table).filter(([key]) => key.startsWith('obj:')),
    trailer: table.trailer!.value as {[key: string]: Json}
  }
}

const dict = (value: Json) => value as {[key: string]: Json}
const list = (value: Json) => value as Json[]

/** The content streams of every page, decoded, as text. */
function pageContents(pdf: PdfObjects): string[] {
  const pages: string[] = []
  const walk = (ref: Json) => {
    const node = dict(pdf.get(ref))
    if (node['/Type'] === '/Pages') return list(node['/Kids']).forEach(walk)
    const contents = node['/Contents']
    pages.push((Array.isArray(contents) ? contents : [contents!]).map((part) => pdf.stream(part).toString('latin1')).join('\n'))
  }
  walk(dict(pdf.get(pdf.trailer['/Root']!))['/Pages']!)
  return pages
}

function pages(pdf: PdfObjects): Array<{[key: string]: Json}> {
  return pdf.all.map(([, object]) => object.value).filter((value): value is {[key: string]: Json} => typeof value === 'object' && value !== null && (value as {[key: string]: Json})['/Type'] === '/Page')
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'offprint-press-'))
  mkdirSync(join(root, 'paper'))
  // A series stylesheet makes the text pure black (the theme's is #1b1b1b), to see where black goes.
  writeFileSync(join(root, 'paper', 'series.yaml'), 'theme: {css: black.css}\n')
  writeFileSync(join(root, 'paper', 'black.css'), ':root { --offprint-text: #000; }\n')
  copyFileSync(profilePath, join(root, 'paper', 'press.icc'))
  writeFileSync(join(root, 'paper', 'brief.md'), paper('print: {bleed: 3mm, marks: true, pdfx: X-4, icc: press.icc}'))
  // A raster image in RGB (red and blue fields, drawn by Ghostscript), to see what becomes of images.
  // In a folder of its own: a paper printed before another in the same renderer can change
  // Chromium's font resource names in it, and the digital PDFs are compared byte for byte below.
  mkdirSync(join(root, 'figure'))
  copyFileSync(profilePath, join(root, 'figure', 'press.icc'))
  execFileSync('gs', ['-q', '-dSAFER', '-sDEVICE=png16m', '-g40x30', '-o', join(root, 'figure', 'fields.png'), '-c', '1 0 0 setrgbcolor 0 0 20 30 rectfill 0 0 1 setrgbcolor 20 0 20 30 rectfill showpage'])
  writeFileSync(join(root, 'figure', 'figure.md'), '---\ntitle: A figure for the press\nprint: {pdfx: X-4, icc: press.icc}\n---\n\n## Colours\n\n![Red and blue fields](fields.png)\n')
  // The same paper without pdfx, in a folder of its own: its digital PDF must be the same bytes.
  mkdirSync(join(root, 'plain'))
  writeFileSync(join(root, 'plain', 'series.yaml'), 'theme: {css: black.css}\n')
  writeFileSync(join(root, 'plain', 'black.css'), ':root { --offprint-text: #000; }\n')
  writeFileSync(join(root, 'plain', 'brief.md'), paper('print: {bleed: 3mm, marks: true}'))
  const press = build('paper', 'out')
  expect(press.status, press.stderr).toBe(0)
  const plain = build('plain', 'plain-out')
  expect(plain.status, plain.stderr).toBe(0)
  const figure = build('figure', 'figure-out')
  expect(figure.status, figure.stderr).toBe(0)
}, 240_000)
afterAll(() => {
  if (root) rmSync(root, {recursive: true, force: true})
})

describe('the press edition (print.pdfx: X-4)', () => {
  const press = () => join(root, 'out', 'brief-press.pdf')

  it('is written beside the digital PDF only when pdfx is set, and the catalog lists it', () => {
    expect(existsSync(press())).toBe(true)
    expect(existsSync(join(root, 'out', 'brief.pdf'))).toBe(true)
    expect(existsSync(join(root, 'plain-out', 'brief.pdf'))).toBe(true)
    expect(existsSync(join(root, 'plain-out', 'brief-press.pdf'))).toBe(false)
    const catalog = readFileSync(join(root, 'out', 'index.html'), 'utf8')
    expect(catalog).toMatch(/href="brief-press\.pdf"[^>]*>.*PDF\/X-4/)
    expect(readFileSync(join(root, 'plain-out', 'index.html'), 'utf8')).not.toContain('press.pdf')
  })

  it('has a GTS_PDFX output intent with the given profile, and says PDF/X-4 and Trapped in Info and XMP', () => {
    const pdf = objects(press())
    const catalog = dict(pdf.get(pdf.trailer['/Root']!))
    const intents = list(catalog['/OutputIntents']!)
    expect(intents).toHaveLength(1)
    const intent = dict(pdf.get(intents[0]!))
    expect(intent['/S']).toBe('/GTS_PDFX')
    expect(intent['/OutputConditionIdentifier']).toBe('u:Artifex CMYK SWOP Profile')
    expect(intent['/Info']).toBe('u:Artifex CMYK SWOP Profile')
    expect(dict(pdf.get(intent['/DestOutputProfile']!))['/N']).toBe(4)
    expect(pdf.stream(intent['/DestOutputProfile']!).equals(readFileSync(profilePath))).toBe(true)
    const info = dict(pdf.get(pdf.trailer['/Info']!))
    expect(info['/GTS_PDFXVersion']).toBe('u:PDF/X-4')
    expect(info['/Trapped']).toBe('/False')
    expect(info['/Title']).toBe('u:Open Doors, Open Networks')
    const xmp = pdf.stream(catalog['/Metadata']!).toString('utf8')
    expect(xmp).toContain('<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>')
    expect(xmp).toContain('xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"')
    expect(xmp).toContain('<pdf:Trapped>False</pdf:Trapped>')
    expect(xmp).toMatch(/<xmpMM:DocumentID>uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/xmpMM:DocumentID>/)
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Open Doors, Open Networks</rdf:li></rdf:Alt></dc:title>')
    // Neither PDF/A nor PDF/UA is claimed: the press copy has no tags and a CMYK intent.
    expect(xmp).not.toMatch(/<pdfuaid:part>|<pdfaid:part>/)
    expect(pdfInfo(press())['PDF subtype']).toBe('PDF/X-4')
    expect(pdfInfo(press())['PDF version']).toBe('1.6')
  })

  it('has a document ID: the file’s hash, the same in two builds', () => {
    const id = list(objects(press()).trailer['/ID']!)
    expect(id).toHaveLength(2)
    for (const part of id) expect(String(part)).toMatch(/^[ub]:[0-9a-f]{32}$/i)
    const again = build('paper', 'again')
    expect(again.status, again.stderr).toBe(0)
    expect(readFileSync(join(root, 'again', 'brief-press.pdf')).equals(readFileSync(press()))).toBe(true)
  }, 120_000)

  it('trims every page at exactly 210 × 297 mm, with a 3 mm bleed inside the sheet', () => {
    const all = pages(objects(press()))
    expect(all.length).toBe(Number(pdfInfo(press()).Pages))
    for (const page of all) {
      const [tx0, ty0, tx1, ty1] = list(page['/TrimBox']!) as number[]
      const [bx0, by0, bx1, by1] = list(page['/BleedBox']!) as number[]
      const [mx0, my0, mx1, my1] = list(page['/MediaBox']!) as number[]
      expect((tx1! - tx0!) / mm).toBeCloseTo(210, 3)
      expect((ty1! - ty0!) / mm).toBeCloseTo(297, 3)
      for (const [bleed, trim] of [[tx0! - bx0!, 0], [ty0! - by0!, 0], [bx1! - tx1!, 0], [by1! - ty1!, 0]] as const) expect((bleed - trim) / mm).toBeCloseTo(3, 3)
      expect(mx0! < bx0! && my0! < by0! && mx1! > bx1! && my1! > by1!).toBe(true)
    }
  })

  it('has no annotations, links or bookmarks, and embeds every font', () => {
    const pdf = objects(press())
    for (const page of pages(pdf)) expect(page['/Annots']).toBeUndefined()
    expect(dict(pdf.get(pdf.trailer['/Root']!))['/Outlines']).toBeUndefined()
    expect(JSON.stringify(pdf.all.map(([, object]) => object.value ?? object.stream?.dict))).not.toMatch(/"\/(Annot|Link|URI|GoTo)"/)
    const fonts = pdfFonts(press())
    expect(fonts.length).toBeGreaterThan(0)
    for (const font of fonts) expect(font.embedded, font.name).toBe(true)
  })

  it('leaves no DeviceRGB: paint is CMYK or gray, black text on the black plate alone, colour still colour', () => {
    const pdf = objects(press())
    expect(JSON.stringify(pdf.all.map(([, object]) => object.value ?? object.stream?.dict))).not.toContain('/DeviceRGB')
    const contents = pageContents(pdf).join('\n')
    expect(contents).not.toMatch(/(^|\s)(rg|RG)(\s|$)/)
    // The body text was #000: DeviceGray 0, which a CMYK output maps to 100 % K (DeviceGrayToK).
    expect(contents).toMatch(/(^|\s)0 g(\s|$)/)
    const cmyk = Array.from(contents.matchAll(/(?:^|\s)([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k(?=\s|$)/g), (match) => match.slice(1, 5).map(Number))
    // No rich black: nothing dark made of all four inks.
    for (const [c, m, y, k] of cmyk) expect(c! > 0.3 && m! > 0.3 && y! > 0.3 && k! > 0.5, `${c} ${m} ${y} ${k} k`).toBe(false)
    // The accent colour (#1f4e79) went through the profile: mostly cyan.
    expect(cmyk.some(([c, m, , k]) => c! > 0.8 && m! > 0.5 && k! < 0.3)).toBe(true)
  })

  it('converts images to the profile’s CMYK, losslessly', () => {
    const digital = objects(join(root, 'figure-out', 'figure.pdf'))
    const rgbImages = digital.all.filter(([, object]) => dict(object.stream?.dict ?? {})['/Subtype'] === '/Image')
    expect(rgbImages).toHaveLength(1)
    const pdf = objects(join(root, 'figure-out', 'figure-press.pdf'))
    expect(JSON.stringify(pdf.all.map(([, object]) => object.value ?? object.stream?.dict))).not.toMatch(/\/DeviceRGB|"\/N":3\b/)
    const contents = pageContents(pdf).join('\n')
    // Ghostscript writes so small an image inline; a larger one is an XObject: either way CMYK, Flate.
    const images = [
      ...Array.from(contents.matchAll(/\nBI\n([\s\S]*?)\nID/g), (match) => match[1]!),
      ...pdf.all.filter(([, object]) => dict(object.stream?.dict ?? {})['/Subtype'] === '/Image').map(([, object]) => JSON.stringify(object.stream!.dict))
    ]
    expect(images).toHaveLength(1)
    expect(images[0]).toMatch(/\/CS\s*\/CMYK|"\/ColorSpace":"\/DeviceCMYK"/)
    expect(images[0]).toMatch(/\/F\s*\/Fl\b|"\/Filter":"\/FlateDecode"/)
    expect(contents).not.toMatch(/\/CS\s*\/(RGB|DeviceRGB)\b/)
  })

  it('is named in --help', () => {
    const help = spawnSync(process.execPath, [cli, '--help'], {encoding: 'utf8'})
    expect(help.stdout).toContain('<slug>-press.pdf, PDF/X-4')
  })

  it('draws the crop marks in registration colour (Separation All), outside the bleed', () => {
    const pdf = objects(press())
    const contents = pageContents(pdf)
    const page = pages(pdf)[0]!
    const resources = dict(pdf.get(page['/Resources']!))
    const space = list(pdf.get(dict(pdf.get(resources['/ColorSpace']!))['/OffprintAll']!)!)
    expect(space.slice(0, 3)).toEqual(['/Separation', '/All', '/DeviceCMYK'])
    const [bx0, by0, bx1, by1] = list(page['/BleedBox']!) as number[]
    const marks = /\/OffprintAll CS 1 SCN\n([\s\S]*?)\nS\n/.exec(contents[0]!)
    expect(marks).not.toBeNull()
    const points = Array.from(marks![1]!.matchAll(/(-?[\d.]+) (-?[\d.]+) [ml]/g), (match) => [Number(match[1]), Number(match[2])] as const)
    expect(points).toHaveLength(16)
    // Each mark starts at the edge of the bleed (never inside it) and runs outwards.
    const edge = 1e-3
    for (const [x, y] of points) expect(x <= bx0! + edge || x >= bx1! - edge || y <= by0! + edge || y >= by1! - edge, `${x} ${y}`).toBe(true)
    expect(contents[0]).not.toMatch(/0 G\n[\d. ]+ m/)
  })

  it('leaves the digital PDF as it was: tagged, linked, sRGB, the same bytes as without pdfx', () => {
    const digital = join(root, 'out', 'brief.pdf')
    expect(readFileSync(digital).equals(readFileSync(join(root, 'plain-out', 'brief.pdf')))).toBe(true)
    expect(pdfInfo(digital).Tagged).toBe('yes')
    const pdf = objects(digital)
    const catalog = dict(pdf.get(pdf.trailer['/Root']!))
    expect(catalog['/StructTreeRoot']).toBeDefined()
    expect(catalog['/Outlines']).toBeDefined()
    expect(dict(pdf.get(list(catalog['/OutputIntents']!)[0]!))['/S']).toBe('/GTS_PDFA1')
    expect(JSON.stringify(pdf.all.map(([, object]) => object.value ?? null))).toContain('"/Link"')
  })

  it('is restored from the cache with the other artifacts', () => {
    const first = build('paper', 'cached', ['--cache', join(root, 'cache')])
    expect(first.status, first.stderr).toBe(0)
    const bytes = readFileSync(join(root, 'cached', 'brief-press.pdf'))
    unlinkSync(join(root, 'cached', 'brief-press.pdf'))
    const second = build('paper', 'cached', ['--cache', join(root, 'cache'), '--json'])
    expect(second.status, second.stderr).toBe(0)
    const report = JSON.parse(second.stdout) as {papers: Array<{cache: string; artifacts: Array<{format: string; path: string}>}>}
    const brief = report.papers[0]!
    expect(brief.cache).toBe('hit')
    expect(brief.artifacts.map((artifact) => artifact.format).sort()).toEqual(['epub', 'html', 'pdf', 'press'])
    expect(readFileSync(join(root, 'cached', 'brief-press.pdf')).equals(bytes)).toBe(true)
  }, 120_000)
})

describe('a Letter paper', () => {
  it('is trimmed at exactly 8.5 × 11 in', () => {
    const folder = join(root, 'letter')
    mkdirSync(folder)
    copyFileSync(profilePath, join(folder, 'press.icc'))
    writeFileSync(join(folder, 'brief.md'), paper('paper: Letter\nprint: {pdfx: X-4, icc: press.icc}'))
    const result = build(folder, folder + '-out')
    expect(result.status, result.stderr).toBe(0)
    for (const page of pages(objects(join(folder + '-out', 'brief-press.pdf')))) {
      const [x0, y0, x1, y1] = list(page['/TrimBox']!) as number[]
      expect([x1! - x0!, y1! - y0!]).toEqual([612, 792])
      // No bleed asked for: the bleed box is the trim box.
      expect(page['/BleedBox']).toEqual(page['/TrimBox'])
    }
  }, 120_000)
})

describe('print in series.yaml', () => {
  it('asks every paper for a press edition, the profile relative to series.yaml', () => {
    // The paper is one folder below series.yaml: press.icc is beside the config, not the paper.
    const folder = join(root, 'series-press')
    mkdirSync(join(folder, 'sub'), {recursive: true})
    copyFileSync(profilePath, join(folder, 'press.icc'))
    writeFileSync(join(folder, 'series.yaml'), 'print: {pdfx: X-4, icc: press.icc}\n')
    writeFileSync(join(folder, 'sub', 'index.md'), sample)
    const result = build(join(folder, 'sub'), folder + '-out')
    expect(result.status, result.stderr).toBe(0)
    const pdf = objects(join(folder + '-out', 'sub-press.pdf'))
    const intent = dict(pdf.get(list(dict(pdf.get(pdf.trailer['/Root']!))['/OutputIntents']!)[0]!))
    expect(intent['/S']).toBe('/GTS_PDFX')
    expect(pdf.stream(intent['/DestOutputProfile']!).equals(readFileSync(profilePath))).toBe(true)
  }, 120_000)
})

describe('a press profile that cannot be used is a positioned error', () => {
  const cases: Array<[string, (folder: string) => void, string, RegExp]> = [
    ['missing', () => undefined, 'none.icc', /brief\.md:\d+:\d+: error: Unexpected missing press profile `none\.icc`, expected an ICC profile \(\.icc\) inside .* \[press-profile\]/],
    ['outside the folder', () => undefined, '../press.icc', /brief\.md:\d+:\d+: error: Unexpected press profile `\.\.\/press\.icc` outside the paper’s folder/],
    ['not an ICC profile', (folder) => writeFileSync(join(folder, 'fake.icc'), 'not a profile\n'.repeat(20)), 'fake.icc', /Unexpected press profile `fake\.icc` that is not an ICC profile .*, expected an ICC output profile for CMYK \[press-profile\]/],
    ['an RGB profile', (folder) => copyFileSync(rgbProfilePath, join(folder, 'rgb.icc')), 'rgb.icc', /Unexpected press profile `rgb\.icc` that is an ICC profile for RGB, not CMYK/]
  ]
  it.each(cases)('%s', (name, setUp, icc, message) => {
    const folder = join(root, 'bad-' + name.replace(/\W+/g, '-'))
    mkdirSync(folder)
    setUp(folder)
    const text = paper(`print: {pdfx: X-4, icc: ${icc}}`)
    writeFileSync(join(folder, 'brief.md'), text)
    const result = build(folder, folder + '-out')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(message)
    // At the value of `icc`, in the paper.
    const line = text.split('\n').findIndex((row) => row.startsWith('print:')) + 1
    const column = text.split('\n')[line - 1]!.indexOf(icc) + 1
    expect(result.stderr).toContain(`brief.md:${line}:${column}: error`)
    expect(existsSync(join(folder + '-out', 'brief-press.pdf'))).toBe(false)
  })

  it('in series.yaml: relative to it, and reported there', () => {
    const folder = join(root, 'series-rgb')
    mkdirSync(folder)
    copyFileSync(rgbProfilePath, join(folder, 'rgb.icc'))
    writeFileSync(join(folder, 'series.yaml'), 'print: {pdfx: X-4, icc: rgb.icc}\n')
    writeFileSync(join(folder, 'brief.md'), sample)
    const result = build(folder, folder + '-out')
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/series\.yaml:1:25: error: Unexpected press profile `rgb\.icc` that is an ICC profile for RGB, not CMYK/)
  })

  it('without Ghostscript: the paper fails, saying what to install', () => {
    const result = spawnSync(process.execPath, [cli, 'build', 'paper', '--out', 'no-gs', '--no-cache'], {encoding: 'utf8', cwd: root, env: {...process.env, OFFPRINT_GHOSTSCRIPT: join(root, 'no-such-gs')}})
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/brief\.md:1:1: error: Unexpected failure while rendering \(Ghostscript \(`.*no-such-gs`\) is not installed; the press edition needs it \(Debian: apt-get install ghostscript\)/)
    expect(existsSync(join(root, 'no-gs', 'brief-press.pdf'))).toBe(false)
  })

  it('pdfx without icc', () => {
    const folder = join(root, 'no-icc')
    mkdirSync(folder)
    writeFileSync(join(folder, 'brief.md'), paper('print: {pdfx: X-4}'))
    const result = build(folder, folder + '-out')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/expected an `icc` profile with `pdfx` \(the printer’s CMYK output profile\) \[front-matter-type\]/)
  })
})
