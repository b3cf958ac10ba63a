import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {makePng} from './helpers/png.js'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

/** A folder with `outside/` (files no paper may read) and the given files; `->target` makes a symlink. */
function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'offprint-paths-'))
  mkdirSync(join(root, 'outside'))
  writeFileSync(join(root, 'outside', 'style.csl'), '<style>SECRET-CSL</style>')
  writeFileSync(join(root, 'outside', 'refs.bib'), '@book{k, title={SECRET-BIB}, author={X}, year={2000}}')
  writeFileSync(join(root, 'outside', 'pic.png'), makePng(4, 4))
  writeFileSync(join(root, 'outside', 'theme.css'), 'body { color: red }')
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), {recursive: true})
    if (typeof value === 'string' && value.startsWith('->')) symlinkSync(join(root, value.slice(2)), join(root, name))
    else writeFileSync(join(root, name), value)
  }
  return root
}

function offprint(args: string[], cwd: string) {
  return spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8'})
}

const paper = (front: string, body = 'Text [@k].') => `---\ntitle: P\n${front}\n---\n\n${body}\n`

describe('every path a paper names goes through one resolver', () => {
  const root = workspace({
    'papers/refs.bib': '@book{k, title={Inside}, author={Y}, year={2001}}',
    'papers/style-link.csl': '->outside/style.csl',
    'papers/refs-link.bib': '->outside/refs.bib',
    'papers/pic-link.png': '->outside/pic.png',
    'papers/bib-up.md': paper('bibliography: ../outside/refs.bib'),
    'papers/bib-link.md': paper('bibliography: [refs.bib, refs-link.bib]'),
    'papers/bib-absolute.md': paper('bibliography: /etc/passwd.bib'),
    'papers/csl-passwd.md': paper('bibliography: refs.bib\ncsl: /etc/passwd'),
    'papers/csl-up.md': paper('bibliography: refs.bib\ncsl: ../outside/style.csl'),
    'papers/csl-link.md': paper('bibliography: refs.bib\ncsl: style-link.csl'),
    'papers/csl-absolute.md': paper('csl: /tmp/x/style.csl', 'No citations.'),
    'papers/cover-up.md': paper('cover: ../outside/pic.png', 'Text.'),
    'papers/cover-link.md': paper('cover: pic-link.png', 'Text.'),
    'papers/cover-remote.md': paper('cover: https://example.org/c.png', 'Text.'),
    'papers/image-link.md': paper('', 'One.\n\n![linked](pic-link.png)'),
    'papers/image-absolute.md': paper('', 'One.\n\n![abs](/etc/hostname.png)')
  })
  const result = offprint(['check', 'papers'], root)
  const lines = result.stderr.split('\n')
  const line = (pattern: RegExp) => lines.find((text) => pattern.test(text))

  it('refuses each one at its field or node, with the rule of the field', () => {
    expect(result.status).toBe(1)
    expect(line(/bib-up\.md/)).toBe('papers/bib-up.md:3:1: error: Unexpected bibliography `../outside/refs.bib` outside the paper’s folder, expected a .bib, .json or .yaml file inside papers [bibliography-missing]')
    // The second item of the list, at that item: a symlink inside the folder whose target is outside.
    expect(line(/bib-link\.md/)).toBe('papers/bib-link.md:3:26: error: Unexpected bibliography `refs-link.bib` outside the paper’s folder, expected a .bib, .json or .yaml file inside papers [bibliography-missing]')
    expect(line(/bib-absolute\.md/)).toMatch(/^papers\/bib-absolute\.md:3:1: error: Unexpected bibliography `\/etc\/passwd\.bib` outside the paper’s folder.*\[bibliography-missing\]$/)
    expect(line(/csl-passwd\.md/)).toBe('papers/csl-passwd.md:4:1: error: Unexpected CSL style `/etc/passwd`, expected a style name or a .csl file [citation-style]')
    expect(line(/csl-up\.md/)).toBe('papers/csl-up.md:4:1: error: Unexpected CSL style `../outside/style.csl` outside the paper’s folder, expected a .csl file inside papers [citation-style]')
    expect(line(/csl-link\.md/)).toBe('papers/csl-link.md:4:1: error: Unexpected CSL style `style-link.csl` outside the paper’s folder, expected a .csl file inside papers [citation-style]')
    // Refused even when no bibliography uses the style.
    expect(line(/csl-absolute\.md/)).toMatch(/^papers\/csl-absolute\.md:3:1: error: Unexpected CSL style `\/tmp\/x\/style\.csl` outside the paper’s folder.*\[citation-style\]$/)
    expect(line(/cover-up\.md/)).toBe('papers/cover-up.md:3:1: error: Unexpected cover `../outside/pic.png` outside the paper’s folder, expected a .jpg or .png file inside papers [cover-missing]')
    expect(line(/cover-link\.md/)).toMatch(/^papers\/cover-link\.md:3:1: error: Unexpected cover `pic-link\.png` outside the paper’s folder.*\[cover-missing\]$/)
    expect(line(/cover-remote\.md/)).toMatch(/^papers\/cover-remote\.md:3:1: error: Unexpected remote cover `https:\/\/example\.org\/c\.png`.*\[cover-missing\]$/)
    expect(line(/image-link\.md/)).toMatch(/^papers\/image-link\.md:8:1: error: Unexpected image `pic-link\.png` outside the paper’s folder.*\[image-outside\]$/)
    expect(line(/image-absolute\.md/)).toMatch(/^papers\/image-absolute\.md:8:1: error: Unexpected image `\/etc\/hostname\.png` outside the paper’s folder.*\[image-outside\]$/)
  })

  it('never reads the outside files: their text is in no message', () => {
    expect(result.stderr).not.toMatch(/SECRET/)
    expect(result.stdout).toMatch(/^12 checked/)
  })
})

describe('series.yaml paths are confined to the series folder', () => {
  const check = (config: string, extra: Record<string, string> = {}) => {
    const root = workspace({'papers/series.yaml': config, 'papers/a.md': paper('', 'Text.'), ...extra})
    return offprint(['check', 'papers'], root)
  }

  it('refuses ../, absolute paths and symlinks out, at the key, as a config error (exit 2)', () => {
    const result = check('publisher: X\nbibliography: [ok.bib, ../outside/refs.bib]\ncsl: style-link.csl\nlogo: /etc/hostname\ncover: ../outside/pic.png\n', {
      'papers/ok.bib': '@book{k, title={T}, author={Y}, year={2001}}',
      'papers/style-link.csl': '->outside/style.csl'
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('papers/series.yaml:2:24: error: Unexpected bibliography `../outside/refs.bib` outside the series folder, expected a .bib, .json or .yaml file inside papers [series-path]')
    expect(result.stderr).toContain('papers/series.yaml:3:1: error: Unexpected CSL style `style-link.csl` outside the series folder, expected a .csl file inside papers [series-path]')
    expect(result.stderr).toContain('papers/series.yaml:4:1: error: Unexpected logo `/etc/hostname` outside the series folder')
    expect(result.stderr).toContain('papers/series.yaml:5:1: error: Unexpected cover `../outside/pic.png` outside the series folder')
    expect(result.stderr).toMatch(/offprint: series config papers\/series\.yaml has errors; nothing was built/)
    expect(result.stderr).not.toMatch(/SECRET/)
  })

  it('refuses a theme stylesheet that is a URL or cannot be read as a config error, not a render failure', () => {
    const remote = check('theme:\n  css: https://example.org/theme.css\n')
    expect(remote.status).toBe(2)
    expect(remote.stderr).toContain('papers/series.yaml:1:1: error: Unexpected remote theme stylesheet `https://example.org/theme.css`, expected a .css file in the series folder (papers are built offline) [series-path]')
    const missing = check('theme: {css: gone.css}\n')
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/papers\/series\.yaml:1:1: error: Unexpected missing theme stylesheet `gone\.css`.*\[series-path\]/)
    const linked = check('theme: {css: theme.css}\n', {'papers/theme.css': '->outside/theme.css'})
    expect(linked.status).toBe(2)
    expect(linked.stderr).toMatch(/Unexpected theme stylesheet `theme\.css` outside the series folder/)
  })

  it('lets papers inherit what the series folder holds', () => {
    const result = check('bibliography: refs/all.bib\n', {
      'papers/refs/all.bib': '@book{k, title={T}, author={Y}, year={2001}}',
      'papers/b.md': paper('', 'Text [@k].')
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})
