import {forLanguage} from './labels.js'

/** Words of the imprint and the back matter, per language. */
export interface ImprintLabels {
  /** Heading of the imprint (the EPUB's colophon chapter is named by it too). */
  imprint: string
  /** Before the publisher's name. */
  publishedBy: string
  /** The licence sentence: the words before and after a known licence's full name (a link). */
  licensed: readonly [string, string]
  /** Before a licence that is not a known one, printed as given. */
  license: string
  /** Before the paper's formatted reference. */
  suggestedCitation: string
  aboutAuthors: string
  /** The same, for one author. */
  aboutAuthor: string
  aboutSeries: string
}

const labels: Readonly<Record<string, ImprintLabels>> & {en: ImprintLabels} = {
  en: {
    imprint: 'Publication details',
    publishedBy: 'Published by',
    licensed: ['This work is licensed under a ', '.'],
    license: 'Licence',
    suggestedCitation: 'Suggested citation',
    aboutAuthors: 'About the authors',
    aboutAuthor: 'About the author',
    aboutSeries: 'About the series'
  },
  ja: {
    imprint: '奥付',
    publishedBy: '発行',
    licensed: ['この作品は', 'の下に提供されています。'],
    license: 'ライセンス',
    suggestedCitation: '推奨引用表記',
    aboutAuthors: '著者について',
    aboutAuthor: '著者について',
    aboutSeries: 'シリーズについて'
  },
  fr: {
    imprint: 'Mentions de publication',
    publishedBy: 'Publié par',
    licensed: ['Cette œuvre est mise à disposition selon les termes de la ', '.'],
    license: 'Licence',
    suggestedCitation: 'Citation recommandée',
    aboutAuthors: 'À propos des auteurs',
    aboutAuthor: 'À propos de l’auteur',
    aboutSeries: 'À propos de la collection'
  },
  de: {
    imprint: 'Impressum',
    publishedBy: 'Herausgegeben von',
    licensed: ['Dieses Werk ist lizenziert unter einer ', '.'],
    license: 'Lizenz',
    suggestedCitation: 'Zitiervorschlag',
    aboutAuthors: 'Über die Autorinnen und Autoren',
    aboutAuthor: 'Zur Person',
    aboutSeries: 'Über die Reihe'
  },
  es: {
    imprint: 'Datos de la publicación',
    publishedBy: 'Publicado por',
    licensed: ['Esta obra está bajo una ', '.'],
    license: 'Licencia',
    suggestedCitation: 'Cita sugerida',
    aboutAuthors: 'Sobre los autores',
    aboutAuthor: 'Sobre el autor',
    aboutSeries: 'Sobre la serie'
  }
}

/** The labels for a BCP 47 tag, by its primary language; English otherwise. */
export function imprintLabelsFor(lang: string): ImprintLabels {
  return forLanguage(labels, lang)
}
