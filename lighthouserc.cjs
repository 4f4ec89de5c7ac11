// Lighthouse CI (npm @lhci/cli 0.14.0, running the pinned lighthouse 12.2.3 through
// package.json's "overrides"): `make audit`. Mobile preset (Lighthouse's default), three
// runs a page on the machine's Chromium (CHROME_PATH, set by the Makefile), the median run
// asserted: 100 in all four categories on every content page. LHCI serves the folder
// itself, gzipped as GitHub Pages serves it. Reports: _build/lighthouse/ (docs/quality.md).
const fs = require("node:fs");

const site = process.env.SITE_DIR || "_build/html"; // the Makefile passes $(BUILDDIR)/html
// Content pages only: the top-level pages, less search, the index and the 404 page. The
// offline editions under downloads/ are files to download, not pages to read.
const skip = new Set(["search.html", "genindex.html", "404.html"]);
const pages = fs.existsSync(site) ? fs.readdirSync(site).filter((f) => f.endsWith(".html") && !skip.has(f)) : [];

module.exports = {
  ci: {
    collect: {
      staticDistDir: site,
      url: pages.sort().map((page) => `http://localhost/${page}`),
      numberOfRuns: 3,
      settings: {
        onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
        // As ext/browser.py starts Chromium: root, no GPU, no calls home.
        chromeFlags:
          "--headless=new --no-sandbox --disable-gpu --disable-background-networking " +
          "--disable-component-update --disable-sync --no-first-run --disable-quic",
      },
    },
    assert: {
      aggregationMethod: "median-run",
      assertions: Object.fromEntries(
        ["performance", "accessibility", "best-practices", "seo"].map((c) => [`categories:${c}`, ["error", { minScore: 1 }]]),
      ),
    },
    upload: { target: "filesystem", outputDir: `${site}/../lighthouse` },
  },
};
