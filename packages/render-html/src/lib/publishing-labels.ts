import {forLanguage} from './labels.js'

/** Words of the publishing block (“Cite as”, “Also in”), per language. */
export interface PublishingLabels {
  citeAs: string
  /** Before the list of citation files. */
  download: string
  /** Before the editions in other languages. */
  alsoIn: string
}

const labels: Readonly<Record<string, PublishingLabels>> & {en: PublishingLabels} = {
  en: {citeAs: 'Cite as', download: 'Citation', alsoIn: 'Also in'},
  ja: {citeAs: '引用表記', download: '書誌情報', alsoIn: '他の言語版'},
  fr: {citeAs: 'Pour citer', download: 'Référence', alsoIn: 'Aussi en'},
  de: {citeAs: 'Zitieren als', download: 'Literaturangabe', alsoIn: 'Auch auf'},
  es: {citeAs: 'Citar como', download: 'Referencia', alsoIn: 'También en'}
}

/** The labels for a BCP 47 tag, by its primary language; English otherwise. */
export function publishingLabelsFor(lang: string): PublishingLabels {
  return forLanguage(labels, lang)
}

/** A language's name in that language (`ja` → 日本語, `en-GB` → British English), for a link to that edition. */
export function languageName(lang: string): string {
  try {
    return new Intl.DisplayNames([lang], {type: 'language'}).of(lang) ?? lang
  } catch {
    return lang
  }
}
