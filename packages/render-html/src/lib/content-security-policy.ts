// The Content-Security-Policy of every page we write, in one place: a new
// page takes one of these rather than a copy that could drift.

/**
 * Inline styles and nothing else: nothing runs, nothing is fetched.
 * Following links (downloads, the papers, doi.org) is navigation, which
 * this allows. The series catalog's policy.
 */
export const stylesOnlyPolicy = "default-src 'none'; style-src 'unsafe-inline'"

/**
 * A paper's page (and its cover): papers are untrusted, so even where the
 * PDF stage enables script for its own page layout, the document may run
 * none and load nothing but inline styles and `data:` images and fonts
 * (embedded subsets).
 */
export const paperPolicy = `${stylesOnlyPolicy}; img-src data:; font-src data:`
