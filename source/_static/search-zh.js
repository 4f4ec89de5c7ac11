/*
 * Chinese search for this site (issue #3; docs/search.md). Loaded by search.html
 * only, in place of Sphinx's searchtools.js: it defines the same `Search` object
 * that searchindex.js calls (Search.setIndex) and renders the results in the same
 * markup (#search-results > h2, p.search-summary, ul.search > li > a + p.context),
 * so furo styles them. language_data.js (loaded before) gives `stopwords` and
 * `splitQuery`, which cuts the query against the index's vocabulary.
 *
 * Ranks the sections and glossary entries of the "zh" part of searchindex.js
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

const Search = (() => {
  const PARTIAL = 0.5; // a term found only inside longer index terms (W8BEN → w8bene)
  const K1 = 1.2; // BM25's usual term-frequency saturation
  const LATIN = /[a-z0-9]+(?:[-.][a-z0-9]+)*/g; // as ext/zh_search.py's TOKEN_RE

  let index = null;
  let pending = null; // a query submitted before searchindex.js has loaded
  let view = null; // {title, status, list} of the current search

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

  // → [{unit, score}], one per page (its best unit), best first.
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

  const highlight = (node, words) => {
    if (typeof SPHINX_HIGHLIGHT_ENABLED === "undefined" || !SPHINX_HIGHLIGHT_ENABLED) return;
    words.forEach((word) => _highlightText(node, word, "highlighted"));
  };

  const run = (query) => {
    const zh = index.zh;
    if (!zh) throw new Error("searchindex.js has no section index: build with ext/zh_search.py");
    const terms = [...new Set(splitQuery(query))].filter((t) => !stopwords.has(t));
    const results = terms.length ? rank(terms, zh) : [];
    // Highlight the Latin terms as typed too: W-8BEN-E is searched as w8bene.
    const typed = query.normalize("NFKC").toLowerCase().match(LATIN) || [];
    const words = [...new Set([...terms, ...typed])];
    try {
      // The page a result opens highlights them too (sphinx_highlight.js).
      localStorage.setItem("sphinx_highlight_terms", words.join(" "));
    } catch {
      // storage may be disabled; highlighting on the opened page is optional
    }
    for (const { unit } of results) {
      const [doc, anchor, title, summary] = zh.units[unit];
      const item = view.list.appendChild(document.createElement("li"));
      item.classList.add("kind-text");
      const link = item.appendChild(document.createElement("a"));
      link.href = linkTo(index.docnames[doc], anchor);
      link.textContent = anchor ? `${index.titles[doc]} > ${title}` : index.titles[doc];
      const context = item.appendChild(document.createElement("p"));
      context.classList.add("context");
      context.textContent = summary || zh.units[unit + 1][3]; // empty: its first subsection's
      highlight(context, words);
    }
    view.title.textContent = _("Search Results");
    view.status.textContent = results.length
      ? Documentation.ngettext(
          "Search finished, found one page matching the search query.",
          "Search finished, found ${resultCount} pages matching the search query.",
          results.length,
        ).replace("${resultCount}", results.length)
      : Documentation.gettext(
          "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.",
        );
  };

  return {
    get _index() {
      return index; // read by splitQuery in language_data.js
    },
    hasIndex: () => index !== null,

    // Called by searchindex.js.
    setIndex: (data) => {
      index = data;
      if (pending !== null) run(pending);
      pending = null;
    },

    // Show the results of `query` below any earlier ones (as searchtools.js does).
    performSearch: (query) => {
      const out = document.getElementById("search-results");
      const title = out.appendChild(document.createElement("h2"));
      title.textContent = _("Searching");
      const status = out.appendChild(document.createElement("p"));
      status.classList.add("search-summary");
      const list = out.appendChild(document.createElement("ul"));
      list.setAttribute("role", "list");
      list.classList.add("search");
      view = { title, status, list };
      if (index !== null) run(query);
      else pending = query;
    },

    init: () => {
      const query = new URLSearchParams(window.location.search).get("q");
      document.querySelectorAll('input[name="q"]').forEach((el) => (el.value = query ?? ""));
      if (query) Search.performSearch(query);
    },
  };
})();

_ready(Search.init);
