// Where one paper's build time goes, stage by stage, for scripts/bench.mjs: the steps of
// apps/build's renderArtifacts replayed on the built packages, sequentially, in one warm
// browser (no concurrency, no cache, no series.yaml). It imports apps/build's internal
// modules; if they have moved, the breakdown is skipped with a message.
import {performance} from 'node:perf_hooks'

const at = (path) => new URL(`../${path}`, import.meta.url)

export async function stageBreakdown(papers) {
  const [{paperSource}, {loadPaper, inlineImages, fileImages}, html, pdf, epub] = await Promise.all([
    import(at('apps/build/dist/core/find-papers.js')),
    import(at('apps/build/dist/core/load-paper.js')),
    import(at('packages/render-html/dist/index.js')),
    import(at('packages/render-pdf/dist/index.js')),
    import(at('packages/render-epub/dist/index.js'))
  ])
  const owned = await pdf.launchBrowser()
  const rows = []
  try {
    for (const [index, paper] of [papers[0], ...papers].entries()) {
      const times = {}
      let started = performance.now()
      const lap = (name) => {
        const now = performance.now()
        times[name] = now - started
        started = now
      }
      const loaded = await loadPaper(paperSource(paper.file))
      lap('load + parse')
      const documentHtml = html.toDocument(html.renderPaper(loaded.paper, {resolveImage: inlineImages(loaded.images)}), {css: html.themeCss('print'), notes: loaded.paper.meta.options?.notes, pageSize: loaded.paper.meta.options?.paper})
      lap('HTML')
      await pdf.renderPdf(owned.browser, documentHtml)
      lap('PDF (renderPdf)')
      const cover = {data: await pdf.renderImage(owned.browser, html.coverDocument(loaded.paper.meta), {}), mediaType: 'image/jpeg'}
      lap('EPUB cover (renderImage)')
      await epub.renderEpub(html.renderPaper(loaded.paper, {resolveImage: fileImages(loaded.images)}), {slug: paper.slug, modified: epub.sourceDate(), cover})
      lap('EPUB pack')
      if (index > 0) rows.push(times) // the first round warms the browser up
    }
  } finally {
    await owned.close()
  }
  return rows
}
