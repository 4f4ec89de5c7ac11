/*
 * Chinese search for this site (issue #3; docs/search.md). Loaded by search.html
 * only, after searchtools.js and language_data.js; replaces Search.query.
 *
 * Ranks the sections and glossary entries in the "zh" part of searchindex.js
 * (written by ext/zh_search.py) instead of requiring every query word on a page:
 * a section scores BM25 over the query's terms, with a term's occurrences weighted
 * (titles, FAQ questions and glossary terms count more than body text) and no
 * length normalisation (a long section is mostly a table, not verbosity), times
 * the square of the share of query terms it contains, so sections matching more
 * terms come first and a question with words the text lacks still finds its
 * answer. A page ranks by its best section, and its result links to that section.
 *
 * The snippet is the section's summary stored in the index: no page is fetched,
 * so results look the same over http and from file:// (sphinx-doc/sphinx#9156).
 */
"use strict";

(() => {
  const PARTIAL = 0.5; // a term found only inside longer index terms (W8BEN → w8bene)
  const K1 = 1.2; // BM25's usual term-frequency saturation
  const stockQuery = Search.query;

  // Index terms for one query term: itself, else the longer terms that contain it
  // (Chinese) or start with it (Latin), at a lower weight.
  const postingsFor = (term, zhTerms) => {
    if (Object.hasOwn(zhTerms, term)) return [[zhTerms[term], 1]];
    if (term.length < 2) return [];
    const latin = /^[a-z0-9]/.test(term);
    return Object.keys(zhTerms)
      .filter((key) => (latin ? key.startsWith(term) : key.includes(term)))
      .map((key) => [zhTerms[key], PARTIAL]);
  };

  const rank = (terms, zh) => {
    const unitCount = zh.units.length;
    const units = new Map(); // unit → {score, hits}
    terms.forEach((term, i) => {
      for (const [postings, factor] of postingsFor(term, zh.terms)) {
        const idf = Math.log(1 + unitCount / postings.length);
        for (const posting of postings) {
          // a unit number (weight 1) or [unit, weight]
          const [id, weight] = typeof posting === "number" ? [posting, 1] : posting;
          let unit = units.get(id);
          if (!unit) units.set(id, (unit = { score: 0, hits: new Set() }));
          unit.score += ((idf * weight * (K1 + 1)) / (weight + K1)) * factor;
          unit.hits.add(i);
        }
      }
    });
    const pages = new Map(); // doc → its best unit {unit, score}
    for (const [unit, { score, hits }] of units) {
      const coverage = hits.size / terms.length;
      const value = score * coverage * coverage;
      const doc = zh.units[unit][0];
      if (!pages.has(doc) || value > pages.get(doc).score) pages.set(doc, { unit, score: value });
    }
    return [...pages.values()].sort((a, b) => b.score - a.score || a.unit - b.unit);
  };

  const linkTo = (docName, anchor) => {
    let url = docName + DOCUMENTATION_OPTIONS.LINK_SUFFIX;
    if (DOCUMENTATION_OPTIONS.BUILDER === "dirhtml") {
      url = docName === "index" ? "" : docName.replace(/\/index$/, "") + "/";
      url = document.documentElement.dataset.content_root + url;
    }
    return anchor ? `${url}#${anchor}` : url;
  };

  // The same list markup as searchtools.js renders, so furo styles it.
  const render = (results, zh, terms) => {
    const index = Search._index;
    for (const { unit } of results) {
      const [doc, anchor, title, summary] = zh.units[unit];
      const item = document.createElement("li");
      item.classList.add("kind-text");
      const link = item.appendChild(document.createElement("a"));
      link.href = linkTo(index.docnames[doc], anchor);
      link.textContent = anchor ? `${index.titles[doc]} > ${title}` : index.titles[doc];
      const context = item.appendChild(document.createElement("p"));
      context.classList.add("context");
      context.textContent = summary || zh.units[unit + 1][3]; // empty: its first subsection
      if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
        terms.forEach((term) => _highlightText(context, term, "highlighted"));
      Search.output.appendChild(item);
    }
  };

  Search.query = (query) => {
    const zh = Search._index.zh;
    if (!zh) return stockQuery(query); // an index built without ext/zh_search.py
    const terms = [...new Set(splitQuery(query))].filter((t) => !stopwords.has(t));
    _removeChildren(document.getElementById("search-progress"));
    const results = terms.length ? rank(terms, zh) : [];
    // Highlight the Latin terms as typed too: W-8BEN-E is searched as w8bene.
    const typed = query.normalize("NFKC").toLowerCase().match(/[a-z0-9]+(?:[-.][a-z0-9]+)*/g) || [];
    const highlights = [...new Set([...terms, ...typed])];
    try {
      // The page a result opens highlights them too (sphinx_highlight.js).
      localStorage.setItem("sphinx_highlight_terms", highlights.join(" "));
    } catch {
      // storage may be disabled; highlighting on the opened page is optional
    }
    render(results, zh, highlights);
    _finishSearch(results.length);
  };
})();
