/**
 * The catalog's stylesheet, inlined so the page loads nothing. System font
 * stacks only (no web fonts to fetch); the accent is the papers' own blue.
 * Colours keep at least 7:1 contrast (WCAG AAA) in light and dark schemes.
 */
export const catalogCss = `
:root {
  color-scheme: light dark;
  --text: #1a1a1a; --muted: #474747; --accent: #1f4e79; --rule: #d5dae1; --page: #ffffff; --panel: #f4f6f9;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, "Noto Serif", "EB Garamond", Georgia, serif;
}
@media (prefers-color-scheme: dark) {
  :root { --text: #ececec; --muted: #c2c2c2; --accent: #9cc7f0; --rule: #3a3f46; --page: #14171b; --panel: #1c2026; }
}
/* Japanese and Chinese: their own faces and CJK line breaking (no italics: see the end). */
:lang(ja) {
  --sans: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, "Noto Sans CJK JP", "IPAexGothic", sans-serif;
  --serif: "Hiragino Mincho ProN", "Yu Mincho", "Noto Serif CJK JP", "IPAexMincho", serif;
  line-break: strict;
}
:lang(zh) {
  --sans: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  --serif: "Songti SC", SimSun, "Noto Serif CJK SC", serif;
}
* { box-sizing: border-box; }
html { background: var(--page); color: var(--text); font-family: var(--sans); line-height: 1.5; -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 48rem; padding: clamp(1rem, 4vw, 3rem) clamp(1rem, 5vw, 2.5rem); }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; border-radius: 2px; }
.catalog-header { border-bottom: 3px solid var(--accent); padding-bottom: 0.75rem; margin-bottom: 1.5rem; }
.catalog-header h1 { font-family: var(--serif); font-size: clamp(1.6rem, 4.5vw, 2.3rem); line-height: 1.15; margin: 0; }
.publisher { margin: 0.35rem 0 0; color: var(--muted); }
.paper { padding: 1.5rem 0; border-bottom: 1px solid var(--rule); }
.paper-meta { margin: 0 0 0.35rem; font-size: 0.85rem; font-weight: 600; letter-spacing: 0.02em; color: var(--muted); }
.paper-title { font-family: var(--serif); font-size: clamp(1.25rem, 3.2vw, 1.55rem); line-height: 1.25; margin: 0; overflow-wrap: break-word; }
.paper-title a { text-decoration: none; }
.paper-title a:hover { text-decoration: underline; }
.paper-subtitle { font-family: var(--serif); font-size: 1.05rem; font-style: italic; color: var(--muted); margin: 0.25rem 0 0; }
.authors { list-style: none; padding: 0; margin: 0.75rem 0 0; }
.authors li { margin: 0.1rem 0; }
.author-name { font-weight: 600; }
.affiliation { color: var(--muted); }
.abstract { margin: 0.9rem 0 0; font-family: var(--serif); font-size: 1.02rem; }
.abstract p { margin: 0 0 0.6em; max-width: 40em; }
.downloads { list-style: none; padding: 0; margin: 1rem 0 0; display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; }
.download { display: inline-block; padding: 0.4rem 0.75rem; border: 1px solid var(--accent); border-radius: 4px; text-decoration: none; font-size: 0.92rem; background: var(--panel); }
.download:hover { background: var(--accent); color: var(--page); }
.format { font-weight: 700; }
.doi { margin: 0.75rem 0 0; font-size: 0.85rem; overflow-wrap: anywhere; }
.editions, .cite-files { margin: 0.6rem 0 0; font-size: 0.9rem; }
.cite-files .label { color: var(--muted); }
.catalog-footer { margin-top: 2rem; font-size: 0.85rem; color: var(--muted); }
@media print {
  :root { --text: #000; --muted: #333; --accent: #000; --rule: #999; --page: #fff; --panel: #fff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .paper { break-inside: avoid; }
  .paper-title a { color: inherit; }
  .download { border: none; padding: 0; background: none; }
  /* Paper has no links to follow: print where each file is. */
  .download::after { content: " <" attr(href) ">"; font-weight: normal; }
}
@page { margin: 18mm; }
/* Last, to win over the italic subtitle: CJK faces have no italics, and slanted kana look broken. */
:lang(ja) *, :lang(zh) *, :lang(ko) * { font-style: normal; }
`
