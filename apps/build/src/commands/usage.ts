export const usage = `offprint — markdown policy papers to print-ready PDF and EPUB 3

Usage:
  offprint build [paths…] [options]   build papers into <out>/<slug>.{pdf,epub,html},
                                      and the series catalog <out>/index.html;
                                      a paper with print: {pdfx: X-4, icc: …}
                                      also gets <slug>-press.pdf, PDF/X-4 in the
                                      printer's CMYK (needs Ghostscript, gs)
  offprint build - [options]          build the paper read from stdin (images relative
                                      to the working folder; named <stdin> in messages)
  offprint check [paths… | -] [options]
                                      report every problem build would, render nothing
  offprint dev [paths…] [--port n] [--open]
                                      watch papers, rebuild what changed and serve a
                                      live preview on http://127.0.0.1:4321/: each
                                      paper's HTML, its printed PDF (<slug>/print.pdf)
                                      and both side by side (<slug>/side-by-side)
  offprint catalog <report.json…>     merge sharded builds' JSON reports into one
                                      catalog <out>/index.html (and, with --json,
                                      one report)
  offprint init [folder] [--title name] [--publisher name] [--force]
                                      write a series repository that builds as it
                                      is: a sample paper, series.yaml, package.json,
                                      an editors' README and GitHub workflows;
                                      refuses to overwrite a file without --force
  offprint doctor [paths…] [--install] [--json] [--for epubcheck,press]
                                      check what the build needs here (a Chromium
                                      that starts, the TrueType fonts of the theme
                                      and the papers' languages, Ghostscript for
                                      press editions, Java + epubcheck when asked):
                                      one ✓/✗ line each, with the command to fix it
  offprint crossref [paths…] [-o deposit.xml]
                                      write a Crossref deposit (schema 5.3.1) for
                                      every paper with a doi (stdout without -o);
                                      depositor and registrant from series.yaml
                                      crossref: {depositor: {name, email}, registrant}
  offprint import <manuscript.docx> [-o papers/<slug>/] [--force]
                                      a Word manuscript as a paper folder that
                                      builds as it is: index.md (front matter from
                                      the document's properties and Title/Author
                                      paragraphs), images/, and references.json from
                                      Zotero or Mendeley citations; what it cannot
                                      carry (comments, tracked changes, text boxes…)
                                      is a warning at file:paragraph:1; default
                                      folder papers/<file name>/, kept unless --force
  offprint --help | --version

Paths:
  A markdown file, or a folder: its *.md and */index.md papers. Default: papers/.
  The slug is the file name without .md, or the folder name for index.md.
  A series.yaml beside a paper (or one folder up) gives defaults for its fields.
  The catalog is written unless the paths name single files.
  \`-\` is one paper on stdin: its slug is \`stdin\` (or -o's file name); it is
  never cached, and no catalog is written.

Options:
  -o, --out <path>         output folder (default: dist); for a single paper, a file
                           name ending in .pdf, .epub or .html names its file and,
                           without --to, asks for that format alone; with --to
                           listing several, it names the stem (-o out/brief.pdf
                           --to pdf,epub writes out/brief.pdf and out/brief.epub)
      --to <formats>       formats to make, comma-separated: pdf, epub, html
                           (default: all three); the others are not rendered
  -j, --concurrency <n>    papers rendered at once (default: number of cores)
      --timeout <seconds>  per-paper time limit, loading and rendering (default: 60);
                           a paper over it that shared the browser is tried once
                           more, alone; with check, the reading alone
      --strict             treat warnings as errors
      --cache <dir>        per-paper cache folder (default: .offprint-cache); a paper
                           whose inputs are unchanged is not rendered again
      --no-cache           render every paper, and keep nothing
      --shard <k/n>        build only shard k of n (split by a hash of the slug, so
                           adding a paper moves no other); writes no catalog
      --allow-outside-plugins
                           let series.yaml load a plugin by absolute path, outside
                           the series folder (build, check); without it that is an
                           error at the plugin's line
      --offline            fetch no remote image: those the cache keeps from an
                           earlier build are used, any other is an error
                           (images.remote in series.yaml allows remote images)
      --json               write a JSON report of every paper, message and artifact
                           to stdout (people's lines go to stderr); its JSON Schema
                           is schema/report.schema.json in @offprint/build
  -q, --quiet              print only errors (no warnings, progress or summary)
      --verbose            also say where each paper came from, the cache, and
                           each file written
      --port <n>           dev: port on 127.0.0.1 (default: 4321; 0 picks a free one)
      --open               dev: open the preview in the desktop's browser (xdg-open;
                           a warning, not an error, when there is none)
      --title <name>       init: the series' name (default: Policy Papers)
      --publisher <name>   init: the publishing institution (default: the title)
      --force              init: overwrite files that are already there;
                           import: replace the paper folder
      --install            doctor: install what is missing (apt-get as root or with
                           password-less sudo; else prints the sudo line to run)
      --for <what>         doctor: also require epubcheck (Java and epubcheck) or
                           press (Ghostscript), comma-separated
  -h, --help               show this help
  -v, --version            show the version

On a terminal a progress bar shows the papers in flight; with CI=true or when
output is not a terminal, one plain line per paper.

Messages are printed as file:line:column: severity: text [rule-id]. On a
terminal each error is followed by a code frame (the source line, a caret) and
severities are coloured, unless NO_COLOR is set; TERM=dumb gets no escape codes.
An unknown option is a usage error that suggests the nearest one.

Exit status:
  0  every paper built (check: no errors)
  1  at least one paper has errors or failed to render (the others still built),
     or the output folder cannot be written (read-only, full, a file)
  2  usage or config error (unknown option, a bad --to, -o naming a file for
     several papers, a path that does not exist, no papers found, a bad
     series.yaml, (dev) the port is taken, or (init) files it would overwrite)
     doctor: 0 only when the build can run here, else 1
  70 an internal error in Offprint itself (a bug: please report it)
  130, 143  interrupted (SIGINT, SIGTERM): nothing half-written is left

Environment:
  NO_COLOR                   any value: no colour on a terminal (https://no-color.org)
  PUPPETEER_EXECUTABLE_PATH  Chromium to drive (default: /usr/bin/chromium)
  OFFPRINT_GHOSTSCRIPT       Ghostscript for press editions (default: gs on the PATH)
  SOURCE_DATE_EPOCH          fixed time stamp: byte-identical PDF, EPUB and catalog
  TURBO_API, TURBO_TOKEN,    a Turborepo remote cache server to share rendered papers
  TURBO_TEAM                 with other machines (local cache first, then remote)
`
