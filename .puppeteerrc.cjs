// Offprint drives the system Chromium (Debian's /usr/bin/chromium); puppeteer must
// never try to download a browser of its own: the build machines cannot reach it.
module.exports = { skipDownload: true };
