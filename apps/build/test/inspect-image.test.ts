import {readFileSync} from 'node:fs'
import {deflateSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {inspectImage} from '../src/core/inspect-image.js'
import {sanitizeSvg} from '../src/core/sanitize-svg.js'
import {chunk, makePng} from './helpers/png.js'

const jpeg = readFileSync(new URL('fixtures/tiny.jpg', import.meta.url))

describe('inspectImage', () => {
  it('reads the real type and size of whole PNGs and JPEGs', async () => {
    expect(await inspectImage(makePng(30, 20))).toEqual({ok: true, type: 'png', mediaType: 'image/png', width: 30, height: 20})
    expect(await inspectImage(jpeg)).toEqual({ok: true, type: 'jpg', mediaType: 'image/jpeg', width: 24, height: 16})
  })

  it('refuses text named like a picture, and formats no output carries', async () => {
    expect(await inspectImage(Buffer.from('not for papers\n'))).toMatchObject({ok: false, problem: 'type'})
    expect(await inspectImage(Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]))).toMatchObject({ok: false, problem: 'type'})
  })

  it('finds truncated and damaged PNGs', async () => {
    const png = makePng(30, 20)
    expect(await inspectImage(png.subarray(0, png.length - 20))).toMatchObject({ok: false, problem: 'corrupt', detail: expect.stringMatching(/cut short/)})
    const flipped = Buffer.from(png)
    flipped[40] = flipped[40]! ^ 0xff // inside IDAT: its CRC no longer matches
    expect(await inspectImage(flipped)).toMatchObject({ok: false, problem: 'corrupt', detail: expect.stringMatching(/CRC/)})
    // Well-formed chunks around image data that is not a zlib stream, or too short for the size.
    expect(await inspectImage(makePng(30, 20, Buffer.from('garbage, not zlib')))).toMatchObject({ok: false, problem: 'corrupt', detail: expect.stringMatching(/inflate/)})
    expect(await inspectImage(makePng(30, 20, deflateSync(Buffer.alloc(10))))).toMatchObject({ok: false, problem: 'corrupt', detail: expect.stringMatching(/less image data/)})
    expect(await inspectImage(Buffer.concat([makePng(30, 20).subarray(0, 33), chunk('IEND', Buffer.alloc(0))]))).toMatchObject({ok: false, problem: 'corrupt'})
  })

  it('finds truncated and damaged JPEGs', async () => {
    expect(await inspectImage(jpeg.subarray(0, jpeg.length - 2))).toMatchObject({ok: false, problem: 'corrupt'})
    expect(await inspectImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toMatchObject({ok: false, problem: 'corrupt'})
  })

  it('refuses a picture above the pixel limit from its header alone', async () => {
    // 20000 × 20000 with a bogus IDAT: refused before any inflating.
    const huge = makePng(20000, 20000, Buffer.from('x'))
    expect(await inspectImage(huge, 50_000_000)).toEqual({ok: false, problem: 'too-large', detail: '20000 × 20000 pixels'})
    expect(await inspectImage(makePng(30, 20), 599)).toMatchObject({ok: false, problem: 'too-large'})
    expect(await inspectImage(makePng(30, 20), 600)).toMatchObject({ok: true})
  })
})

describe('sanitizeSvg', () => {
  const hostile = `<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<?xml-stylesheet href="http://127.0.0.1/s.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10" onload="alert(1)" inkscape:version="1.0">
<script>alert(2)</script>
<style>@import url(http://127.0.0.1/i.css); rect { fill: red }</style>
<text>&xxe;</text>
<image xlink:href="http://127.0.0.1/x.png" width="5" height="5"/>
<image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/>
<use xlink:href="#r"/>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
<set attributeName="href" to="javascript:alert(3)"/>
<a href="javascript:alert(4)"><rect id="r" width="5" height="5" fill="url(#g)" style="stroke:url(http://127.0.0.1/p)"/></a>
</svg>`

  it('removes script, handlers, outside references, entities and foreignObject, keeps the drawing', () => {
    const result = sanitizeSvg(Buffer.from(hostile))
    const text = result.data!.toString('utf8')
    for (const gone of ['<script', 'alert', '127.0.0.1', 'DOCTYPE', 'ENTITY', 'passwd', 'foreignObject', '<set', 'xml-stylesheet', '@import', 'onload', 'inkscape:version'])
      expect(text, gone).not.toContain(gone)
    for (const kept of ['viewBox="0 0 10 10"', 'xlink:href="#r"', 'href="data:image/png;base64,iVBORw0KGgo="', 'fill="url(#g)"', '<rect id="r"']) expect(text, kept).toContain(kept)
    expect(result.removed).toEqual(expect.arrayContaining(['<script>', '<foreignObject>', 'onload', 'the DOCTYPE', 'processing instructions', 'entity references', '<set>', '@import']))
    expect(result.removed.join(' ')).toMatch(/xlink:href="http:\/\/127\.0\.0\.1\/x\.png"/)
    expect(result.removed).not.toContain('inkscape:version')
  })

  it('leaves a clean SVG as it is, and refuses one that is not XML', () => {
    const clean = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><circle cx="2" cy="2" r="1"/></svg>'
    expect(sanitizeSvg(Buffer.from(clean))).toEqual({data: Buffer.from(clean), removed: []})
    const broken = sanitizeSvg(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'))
    expect(broken.data).toBeUndefined()
    expect(broken.error).toMatch(/tag mismatch/)
  })
})
