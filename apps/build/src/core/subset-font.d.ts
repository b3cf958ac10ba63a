// subset-font ships no types: what embedWebFonts uses of it (its README's options).
declare module 'subset-font' {
  interface SubsetOptions {
    targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype' | undefined
    keepFeatures?: string[] | undefined
    noHinting?: boolean | undefined
    noLayoutClosure?: boolean | undefined
  }
  export default function subsetFont(font: Uint8Array, text: string, options?: SubsetOptions): Promise<Uint8Array>
}
