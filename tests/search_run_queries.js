// tools/bench_search.py top_results (tests/test_search.py too): every query's first `limit` results, in one loaded page.
async ([queries, limit]) => Promise.all(queries.map(async (q) =>
  (await Search.query(q, limit)).map((r) => ({
    doc: r.doc, ids: r.ids, href: r.href, fallback: r.fallback,
    snippet: r.snippet.map(([s]) => s).join(""),
    marked: [...r.title, ...r.snippet].filter(([, m]) => m).map(([s]) => s),
  }))))
