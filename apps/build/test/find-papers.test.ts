import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'

const cli = join(process.cwd(), 'apps/build/dist/cli.js')

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'offprint-find-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), {recursive: true})
    writeFileSync(join(root, name), text)
  }
  return root
}

const paper = (title: string) => `---\ntitle: ${title}\n---\n\nText of ${title}.\n`

describe('which files are papers', () => {
  it('refuses two papers with one slug, naming both, and builds neither (exit 1)', () => {
    const root = folder({'a/same.md': paper('From A'), 'b/same.md': paper('From B'), 'b/other.md': paper('Other')})
    const result = spawnSync(process.execPath, [cli, 'check', 'a/same.md', 'b'], {cwd: root, encoding: 'utf8'})
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('a/same.md:1:1: error: Unexpected paper with the same slug `same` as b/same.md, expected one paper per slug (rename one: both would write same.pdf); neither is built [paper-slug-duplicate]')
    expect(result.stderr).toContain('b/same.md:1:1: error: Unexpected paper with the same slug `same` as a/same.md')
    expect(result.stdout).toMatch(/^1 checked: 0 errors/)
  })

  it('builds a file named twice once', () => {
    const root = folder({'x.md': paper('X')})
    const result = spawnSync(process.execPath, [cli, 'check', 'x.md', './x.md'], {cwd: root, encoding: 'utf8'})
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^1 checked/)
  })

  it('takes a folder with index.md as one paper and warns about the markdown files it skips', () => {
    const root = folder({'paper/index.md': paper('Index'), 'paper/appendix.md': paper('Appendix'), 'paper/README.md': '# readme'})
    const result = spawnSync(process.execPath, [cli, 'check', 'paper'], {cwd: root, encoding: 'utf8'})
    expect(result.status).toBe(0)
    expect(result.stderr).toBe('paper/appendix.md:1:1: warning: Unexpected markdown file beside paper/index.md, expected one paper per folder (skipped: a folder with an index.md is one paper) [paper-skipped]\n')
    expect(result.stdout).toMatch(/^1 checked/)
  })

  it('warns about markdown in a series subfolder that is not a paper', () => {
    const root = folder({'papers/a.md': paper('A'), 'papers/drafts/b.md': paper('B'), 'papers/c/index.md': paper('C'), 'papers/c/notes.md': paper('Notes')})
    const result = spawnSync(process.execPath, [cli, 'check'], {cwd: root, encoding: 'utf8'})
    expect(result.status).toBe(0)
    expect(result.stderr).toMatch(/^papers\/drafts\/b\.md:1:1: warning: Unexpected markdown file in a folder without index\.md.*\[paper-skipped\]$/m)
    expect(result.stderr).toMatch(/^papers\/c\/notes\.md:1:1: warning: Unexpected markdown file beside papers\/c\/index\.md/m)
    expect(result.stdout).toMatch(/^2 checked/)
  })

  it('never lets one paper overwrite another in a build', () => {
    const root = folder({'a/same.md': paper('From A'), 'b/same.md': paper('From B'), 'b/solo.md': paper('Solo')})
    const result = spawnSync(process.execPath, [cli, 'build', '--no-cache', '--out', 'out', 'a/same.md', 'b/same.md', 'b/solo.md'], {cwd: root, encoding: 'utf8'})
    expect(result.status).toBe(1)
    expect(existsSync(join(root, 'out', 'same.html'))).toBe(false)
    expect(readFileSync(join(root, 'out', 'solo.html'), 'utf8')).toContain('Text of Solo.')
  })
})
