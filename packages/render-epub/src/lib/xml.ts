/**
 * Escape text for XML content and attribute values. Characters XML 1.0 does
 * not allow at all (controls, a lone surrogate, U+FFFE/U+FFFF: a front matter
 * value may carry them) become U+FFFD, so the book stays well-formed.
 */
export function xml(text: string | number): string {
  return String(text)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
