/** Words the theme prints around the paper's own text, per language. */
export interface Labels {
  abstract: string
  notes: string
  keywords: string
  /** Accessible name of the back-link from a note to its reference. */
  backToText: string
  number: string
  /** Words before a cross-reference's number: “Figure 1”, “Table 2”, “Equation (1)”. */
  crossref: {fig: string; tbl: string; sec: string; eq: string}
  /** A Quarto callout's title when it gives none. */
  callouts: {note: string; tip: string; warning: string; important: string; caution: string}
}

const labels: Readonly<Record<string, Labels>> & {en: Labels} = {
  en: {abstract: 'Abstract', notes: 'Notes', keywords: 'Keywords', backToText: 'Back to text', number: 'No.', crossref: {fig: 'Figure', tbl: 'Table', sec: 'Section', eq: 'Equation'}, callouts: {note: 'Note', tip: 'Tip', warning: 'Warning', important: 'Important', caution: 'Caution'}},
  ja: {abstract: '要旨', notes: '注', keywords: 'キーワード', backToText: '本文へ戻る', number: '第', crossref: {fig: '図', tbl: '表', sec: '節', eq: '式'}, callouts: {note: '注記', tip: 'ヒント', warning: '警告', important: '重要', caution: '注意'}},
  fr: {abstract: 'Résumé', notes: 'Notes', keywords: 'Mots-clés', backToText: 'Retour au texte', number: 'no', crossref: {fig: 'Figure', tbl: 'Tableau', sec: 'Section', eq: 'Équation'}, callouts: {note: 'Note', tip: 'Astuce', warning: 'Avertissement', important: 'Important', caution: 'Attention'}},
  de: {abstract: 'Zusammenfassung', notes: 'Anmerkungen', keywords: 'Schlagwörter', backToText: 'Zurück zum Text', number: 'Nr.', crossref: {fig: 'Abbildung', tbl: 'Tabelle', sec: 'Abschnitt', eq: 'Gleichung'}, callouts: {note: 'Hinweis', tip: 'Tipp', warning: 'Warnung', important: 'Wichtig', caution: 'Vorsicht'}},
  es: {abstract: 'Resumen', notes: 'Notas', keywords: 'Palabras clave', backToText: 'Volver al texto', number: 'n.º', crossref: {fig: 'Figura', tbl: 'Tabla', sec: 'Sección', eq: 'Ecuación'}, callouts: {note: 'Nota', tip: 'Consejo', warning: 'Advertencia', important: 'Importante', caution: 'Precaución'}}
}

/**
 * A language's entry in a table of words keyed by primary language (`ja`
 * for `ja-JP`), English where the table has none: every table of labels
 * (these, the publishing block's, the imprint's, the web page's) is read so.
 */
export function forLanguage<T>(table: Readonly<Record<string, T>> & {en: T}, lang: string): T {
  return table[lang.toLowerCase().split('-')[0] ?? 'en'] ?? table.en
}

/** The labels for a BCP 47 tag, by its primary language; English otherwise. */
export function labelsFor(lang: string): Labels {
  return forLanguage(labels, lang)
}

/** `2025-03-28` as the language writes dates: “28 March 2025”, “2025年3月28日”. */
export function formatDate(date: string, lang: string): string {
  const value = new Date(date + 'T00:00:00Z')
  try {
    return new Intl.DateTimeFormat(lang, {dateStyle: 'long', timeZone: 'UTC'}).format(value)
  } catch {
    return date
  }
}

/** “No. 14” / “第14号”. */
export function formatNumber(number: number | string, lang: string): string {
  const words = labelsFor(lang)
  return lang.startsWith('ja') ? `${words.number}${number}号` : `${words.number} ${number}`
}
