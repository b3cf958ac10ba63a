import type {PDFDocument} from 'mupdf'
import type {ResolvedInfo} from './document-info.js'

/** Which standards the packet claims (`pdfuaid:part`, `pdfaid:part` + `conformance`). */
export interface Claims {
  /** ISO 14289 part, `1` for PDF/UA-1. Default: none claimed. */
  pdfua?: 1 | undefined
  /** ISO 19005 part and level, `{part: 2, conformance: 'B'}` for PDF/A-2b. Default: none claimed. */
  pdfa?: {part: 2; conformance: 'B'} | undefined
  /**
   * ISO 15930 (PDF/X) version and the document's ID: with it the packet says
   * `pdfxid:GTS_PDFXVersion`, `pdf:Trapped` (`False`: nothing is trapped)
   * and the `xmpMM` document ID, version and rendition PDF/X-4 asks for.
   * Default: none claimed.
   */
  pdfx?: {version: 'PDF/X-4'; documentId: string} | undefined
}

/**
 * Attach the XMP packet to the catalog as `/Metadata`, uncompressed (PDF/A
 * wants it readable without a filter). Written from the same values as the
 * Info dictionary, in a fixed order, so it agrees with Info and the same
 * input gives the same bytes.
 */
export function writeXmpMetadata(document: PDFDocument, info: ResolvedInfo, claims: Claims): void {
  const stream = document.addStream(xmpPacket(info, claims), {Type: 'Metadata', Subtype: 'XML'})
  document.getTrailer().get('Root').put('Metadata', stream)
}

/** The XMP packet, as UTF-8 text. */
export function xmpPacket(info: ResolvedInfo, claims: Claims): string {
  const fields: string[] = ['<dc:format>application/pdf</dc:format>']
  if (info.title !== undefined) fields.push(`<dc:title>${alt(info.title)}</dc:title>`)
  if (info.authors.length > 0) fields.push(`<dc:creator><rdf:Seq>${info.authors.map((name) => `<rdf:li>${escape(name)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>`)
  if (info.subject !== undefined) fields.push(`<dc:description>${alt(info.subject)}</dc:description>`)
  if (info.relations.length > 0) fields.push(`<dc:relation><rdf:Bag>${info.relations.map((url) => `<rdf:li>${escape(url)}</rdf:li>`).join('')}</rdf:Bag></dc:relation>`)
  if (info.lang !== undefined) fields.push(`<dc:language><rdf:Bag><rdf:li>${escape(info.lang)}</rdf:li></rdf:Bag></dc:language>`)
  fields.push(`<xmp:CreatorTool>${escape(info.creator)}</xmp:CreatorTool>`)
  if (info.created !== undefined) fields.push(`<xmp:CreateDate>${info.created}</xmp:CreateDate>`)
  if (info.modified !== undefined) fields.push(`<xmp:ModifyDate>${info.modified}</xmp:ModifyDate>`, `<xmp:MetadataDate>${info.modified}</xmp:MetadataDate>`)
  if (info.producer !== undefined) fields.push(`<pdf:Producer>${escape(info.producer)}</pdf:Producer>`)
  if (info.keywords !== undefined) fields.push(`<pdf:Keywords>${escape(info.keywords)}</pdf:Keywords>`)
  if (claims.pdfua) fields.push(`<pdfuaid:part>${claims.pdfua}</pdfuaid:part>`)
  if (claims.pdfa) fields.push(`<pdfaid:part>${claims.pdfa.part}</pdfaid:part>`, `<pdfaid:conformance>${claims.pdfa.conformance}</pdfaid:conformance>`)
  if (claims.pdfx) {
    fields.push(`<pdf:Trapped>False</pdf:Trapped>`, `<pdfxid:GTS_PDFXVersion>${claims.pdfx.version}</pdfxid:GTS_PDFXVersion>`)
    fields.push(`<xmpMM:DocumentID>${escape(claims.pdfx.documentId)}</xmpMM:DocumentID>`, '<xmpMM:VersionID>1</xmpMM:VersionID>', '<xmpMM:RenditionClass>default</xmpMM:RenditionClass>')
  }
  // PDF/A-2 accepts only predefined schemas, or ones the file describes: pdfuaid is not predefined.
  if (claims.pdfua && claims.pdfa) fields.push(pdfuaSchemaDescription)
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
    ...(claims.pdfx ? [' xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"', ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"'] : []),
    ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"',
    ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"',
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
    ...fields,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>'
  ].join('\n')
}

const pdfuaSchemaDescription = [
  '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
  '<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>',
  '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>',
  '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>',
  '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">',
  '<pdfaProperty:name>part</pdfaProperty:name>',
  '<pdfaProperty:valueType>Integer</pdfaProperty:valueType>',
  '<pdfaProperty:category>internal</pdfaProperty:category>',
  '<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>',
  '</rdf:li></rdf:Seq></pdfaSchema:property>',
  '</rdf:li></rdf:Bag></pdfaExtension:schemas>'
].join('\n')

function alt(value: string): string {
  return `<rdf:Alt><rdf:li xml:lang="x-default">${escape(value)}</rdf:li></rdf:Alt>`
}

function escape(value: string): string {
  return value.replace(/[&<>"]/g, (char) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[char]!)
}
