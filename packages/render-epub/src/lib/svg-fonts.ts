/**
 * SVG 1.1 fonts (as dvisvgm writes them for TeX figures) must declare a
 * `<missing-glyph>` after their `<font-face>`; many omit it, which epubcheck
 * refuses. Add an empty one: readers that draw SVG fonts draw nothing for a
 * missing glyph anyway, so the picture does not change.
 */
export function completeSvgFonts(svg: string): string {
  if (!svg.includes('<font')) return svg
  return svg.replace(/(<font\b[^>]*>)([\s\S]*?)(?=<glyph\b|<hkern\b|<vkern\b|<\/font>)/g, (all, open: string, head: string) => {
    if (head.includes('<missing-glyph')) return all
    const face = /<font-face\b[^>]*?(?:\/>|>[\s\S]*?<\/font-face>)/.exec(head)
    if (!face) return all
    const at = face.index + face[0].length
    return `${open}${head.slice(0, at)}\n<missing-glyph horiz-adv-x='0'/>${head.slice(at)}`
  })
}
