// Offprint drives the system Chromium (Debian's /usr/bin/chromium); the packages use
// puppeteer-core, but DAISY Ace (a devDependency, for the accessibility tests) brings
// full puppeteer: it must never download a browser of its own, in any install from this
// folder (the build machines cannot reach the download host). allowScripts in
// package.json also denies its postinstall; this covers a run of it by hand or by npx.
module.exports = {skipDownload: true};
