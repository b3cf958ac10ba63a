/**
 * Words the catalog prints around the papers' own text, in the catalog's
 * language (the papers' metadata stays in theirs).
 */
export interface CatalogLabels {
  /** Heading when the papers share no series. */
  papers: string
  /** Accessible name of each paper's list of downloads. */
  downloads: string
  /** Page count of a PDF, by plural category (`#` is the number). */
  pages: Partial<Record<Intl.LDMLPluralRule, string>> & {other: string}
  /** Before the date the catalog was generated. */
  generated: string
  /** Before the links to a paper's citation files. */
  cite: string
}

const labels: Readonly<Record<string, CatalogLabels>> = {
  en: {papers: 'Papers', downloads: 'Downloads', pages: {one: '# page', other: '# pages'}, generated: 'Updated', cite: 'Cite'},
  ja: {papers: '論文一覧', downloads: 'ダウンロード', pages: {other: '#ページ'}, generated: '更新日', cite: '引用'},
  fr: {papers: 'Publications', downloads: 'Téléchargements', pages: {one: '# page', other: '# pages'}, generated: 'Mis à jour le', cite: 'Citer'},
  de: {papers: 'Publikationen', downloads: 'Downloads', pages: {one: '# Seite', other: '# Seiten'}, generated: 'Aktualisiert am', cite: 'Zitieren'},
  es: {papers: 'Publicaciones', downloads: 'Descargas', pages: {one: '# página', other: '# páginas'}, generated: 'Actualizado el', cite: 'Citar'}
}

/** The labels for a BCP 47 tag, by its primary language; English otherwise. */
export function catalogLabels(lang: string): CatalogLabels {
  return labels[lang.toLowerCase().split('-')[0] ?? 'en'] ?? labels.en!
}

/** “7 pages”, “1 page”, “7ページ”. */
export function formatPages(count: number, lang: string): string {
  const words = catalogLabels(lang).pages
  const category = new Intl.PluralRules(lang).select(count)
  return (words[category] ?? words.other).replace('#', new Intl.NumberFormat(lang).format(count))
}
