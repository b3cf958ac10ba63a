// Deterministic generator of benchmark papers for scripts/bench.mjs.
// Every paper is made from word lists with a seeded PRNG: no copied text, and the
// same seed always gives byte-identical files.
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

/** mulberry32: a small, fast, seedable PRNG giving floats in [0, 1). */
export function prng(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const words = {
  // Subjects are plural, so verbs take their base form.
  subject: ['ministries', 'local councils', 'regulators', 'network operators', 'smaller utilities', 'households on low incomes', 'regional transport authorities', 'finance departments', 'housing associations', 'independent auditors', 'rural districts', 'public lenders', 'procurement offices', 'school boards', 'health trusts', 'port authorities', 'energy cooperatives', 'statistics agencies', 'municipal planners', 'tenant groups'],
  verb: ['underestimate', 'fund', 'review', 'delay', 'publish', 'shape', 'measure', 'weaken', 'strengthen', 'finance', 'report', 'question', 'simplify', 'price', 'audit', 'monitor', 'support', 'postpone', 'redesign', 'benchmark'],
  adjective: ['long-term', 'regional', 'transparent', 'uneven', 'capital-intensive', 'targeted', 'deferred', 'competitive', 'affordable', 'measurable', 'fragmented', 'costly', 'resilient', 'modest', 'binding', 'voluntary', 'shared', 'comparable', 'public', 'seasonal'],
  object: ['renewal plans', 'tariff structures', 'maintenance budgets', 'grant schemes', 'performance data', 'tender rules', 'service standards', 'storage contracts', 'bus networks', 'flood defences', 'rent settlements', 'capital programmes', 'connection charges', 'procurement frameworks', 'reporting duties', 'borrowing limits', 'asset registers', 'subsidy formulas', 'emission targets', 'staff training'],
  adverb: ['steadily', 'rarely', 'in practice', 'on average', 'for the most part', 'at modest cost', 'over the decade', 'in most regions', 'without exception', 'year after year'],
  connective: ['However,', 'In contrast,', 'As a result,', 'At the same time,', 'For this reason,', 'Even so,', 'In several cases,', 'By comparison,', 'Taken together,', 'In the survey,'],
  clause: ['because spending is planned one year at a time', 'although the evidence is mixed', 'when prices are published in advance', 'unless the rules are enforced', 'since few councils keep comparable records', 'while demand keeps rising', 'where competition is weak', 'as long as budgets stay flat', 'if the data are made public', 'once the first contracts expire'],
  topic: ['water tariffs', 'grid storage', 'rural broadband', 'bus franchising', 'school buildings', 'social housing', 'flood resilience', 'port logistics', 'district heating', 'hospital procurement', 'public libraries', 'road maintenance', 'waste collection', 'care homes', 'urban trees', 'cycle lanes', 'court backlogs', 'river quality', 'airport noise', 'apprenticeships'],
  heading: ['Background', 'The problem in numbers', 'What the evidence says', 'How other countries do it', 'Costs and who bears them', 'Options for reform', 'Risks and safeguards', 'Implementation', 'Measuring progress', 'Recommendations'],
  first: ['Amara', 'Jonas', 'Ingrid', 'Tomás', 'Priya', 'Kwame', 'Elena', 'Mateo', 'Saoirse', 'Yusuf', 'Hanna', 'Diego', 'Leila', 'Oskar', 'Nadia', 'Rafael', 'Mei', 'Aidan', 'Zofia', 'Kofi'],
  last: ['Achterberg', 'Okafor', 'Lindqvist', 'Ferreira', 'Raman', 'Mensah', 'Kowalski', 'Duarte', 'Byrne', 'Demir', 'Virtanen', 'Castillo', 'Haddad', 'Nyberg', 'Petrova', 'Moreau', 'Tanaka', 'Gallagher', 'Nowak', 'Boateng'],
  institute: ['The Harbourside Institute', 'Centre for Public Value', 'Northgate Policy Lab', 'Institute for Fiscal Design', 'The Riverside Trust', 'Civic Futures Unit']
}

/** Generate one paper: its markdown and its figure. */
export function generatePaper(number, seed = 20260501) {
  const random = prng(seed + number * 7919)
  const pick = (list) => list[Math.floor(random() * list.length)]
  const between = (low, high) => low + Math.floor(random() * (high - low + 1))
  const topic = pick(words.topic)
  const sentence = () => {
    const shape = random()
    let text
    if (shape < 0.3) text = `${pick(words.connective)} ${pick(words.subject)} ${pick(words.adverb)} ${pick(words.verb)} ${pick(words.adjective)} ${pick(words.object)}`
    else if (shape < 0.55) text = `${cap(pick(words.subject))} ${pick(words.verb)} ${pick(words.adjective)} ${pick(words.object)} ${pick(words.clause)}`
    else if (shape < 0.75) text = `${cap(pick(words.adjective))} ${pick(words.object)} for ${topic} cost about ${between(2, 95)} per cent more than planned, and ${pick(words.subject)} ${pick(words.verb)} them ${pick(words.adverb)}`
    else if (shape < 0.9) text = `In ${between(1998, 2025)}, ${pick(words.subject)} ${pick(words.verb)} the "${pick(words.adjective)} ${pick(words.object)}" of ${between(3, 48)} areas -- a change that ${pick(words.subject)} ${pick(words.verb)} ${pick(words.clause)}`
    else text = `${cap(pick(words.subject))} and ${pick(words.subject)} ${pick(words.verb)} *${pick(words.adjective)}* ${pick(words.object)}, ${pick(words.clause)}`
    return text + '.'
  }
  const paragraph = (sentences) => Array.from({length: sentences}, sentence).join(' ')
  const count = (text) => text.split(/\s+/).filter(Boolean).length

  const title = titleCase(`${pick(words.adjective)} ${topic}: ${pick(words.object)} and ${pick(words.adjective)} ${pick(words.object)}`)
  const authors = Array.from({length: between(1, 3)}, () => `  - {name: ${pick(words.first)} ${pick(words.last)}, affiliation: ${pick(words.institute)}}`)
  const abstract = paragraph(3)
  const date = `2026-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`
  const keywords = [topic, pick(words.object), pick(words.object)].filter((k, i, all) => all.indexOf(k) === i)
  const front = [
    '---',
    `title: ${JSON.stringify(title)}`,
    'authors:',
    ...authors,
    `date: ${date}`,
    `abstract: ${JSON.stringify(abstract)}`,
    `keywords: [${keywords.join(', ')}]`,
    `series: {name: Offprint Benchmark Papers, number: ${number}}`,
    '---',
    ''
  ]

  // Body: ## sections of paragraphs until the word target is met; one ###, a table,
  // a figure, a list, and ten footnote calls spread over the paragraphs.
  // Prose target, leaving room under 4,000 words for the last paragraph, abstract and list.
  const target = between(2000, 3600)
  const headings = [...words.heading].sort(() => random() - 0.5).slice(0, between(5, 8))
  const paragraphs = []
  let written = 0
  const perSection = Math.ceil(target / headings.length)
  for (const [index, heading] of headings.entries()) {
    paragraphs.push({kind: 'h2', text: `## ${heading}`})
    let inSection = 0
    while (inSection < perSection && written < target) {
      if (index === 1 && inSection > 0 && !paragraphs.some((p) => p.kind === 'h3')) paragraphs.push({kind: 'h3', text: `### ${cap(pick(words.adjective))} ${pick(words.object)} in ${topic}`})
      const text = paragraph(between(4, 8))
      paragraphs.push({kind: 'p', text})
      inSection += count(text)
      written += count(text)
    }
  }
  const prose = paragraphs.filter((p) => p.kind === 'p')
  for (let note = 1; note <= 10; note++) {
    const host = prose[Math.floor(((note - 0.5) / 10) * prose.length)]
    host.text += `[^${note}]`
  }
  const caption = `Figure 1. ${cap(pick(words.object))} by year, ${topic}`
  const values = Array.from({length: 8}, () => between(10, 100))
  const rows = Array.from({length: between(4, 7)}, () => `| ${cap(pick(words.subject))} | ${between(1, 900)} | ${between(0, 99)}.${between(0, 9)} % | ${pick(words.adjective)} |`)
  const table = ['| Body | Projects | Share of budget | Assessment |', '| --- | ---: | ---: | --- |', ...rows].join('\n')
  const list = Array.from({length: 4}, () => `- ${sentence()}`).join('\n')
  const at = (fraction) => paragraphs.indexOf(prose[Math.floor(prose.length * fraction)])
  paragraphs.splice(at(0.35) + 1, 0, {kind: 'table', text: table})
  paragraphs.splice(at(0.6) + 1, 0, {kind: 'figure', text: `![${caption}](figure.svg "${caption}")`})
  paragraphs.push({kind: 'list', text: list})
  const notes = Array.from({length: 10}, (_, index) => {
    const n = index + 1
    const text = sentence()
    return n % 3 === 1
      ? `[^${n}]: ${pick(words.last)}, *${cap(pick(words.adjective))} ${pick(words.object)}* (${between(2001, 2025)}), https://example.org/reports/${number}-${n}.`
      : `[^${n}]: ${text}`
  })
  const markdown = [...front, ...paragraphs.map((p) => p.text + '\n'), ...notes, ''].join('\n')
  return {markdown, svg: barChart(values, caption), words: written + count(abstract)}
}

function barChart(values, label) {
  const bars = values.map((value, index) => `<rect x="${40 + index * 55}" y="${220 - value * 2}" width="40" height="${value * 2}" fill="#3b6e8f"/><text x="${60 + index * 55}" y="240" font-size="12" text-anchor="middle">${2018 + index}</text>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="260" viewBox="0 0 480 260" role="img" aria-label="${label}">\n<line x1="30" y1="220" x2="470" y2="220" stroke="#333"/>\n${bars.join('\n')}\n</svg>\n`
}

function titleCase(text) {
  return text.replace(/(^|[\s-])([a-z])/g, (_, before, letter) => before + letter.toUpperCase()).replace(/ (And|Of|In|For) /g, (word) => word.toLowerCase())
}

function cap(text) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Write papers p001…pNNN as `<folder>/pNNN/index.md` + `figure.svg`; returns their folders and word counts. */
export async function generateSeries(folder, count, seed) {
  const papers = []
  for (let number = 1; number <= count; number++) {
    const slug = 'p' + String(number).padStart(3, '0')
    const dir = join(folder, slug)
    const {markdown, svg, words: wordCount} = generatePaper(number, seed)
    await mkdir(dir, {recursive: true})
    await writeFile(join(dir, 'index.md'), markdown)
    await writeFile(join(dir, 'figure.svg'), svg)
    papers.push({slug, dir, file: join(dir, 'index.md'), words: wordCount})
  }
  return papers
}
