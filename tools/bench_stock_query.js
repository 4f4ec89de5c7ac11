// tools/bench_search.py: Sphinx's own Search.performSearch on its loaded search page, timed to
// the frame after its status line, with the pages it lists.
async (query) => {
  const out = document.getElementById("search-results");
  out.replaceChildren();
  const start = performance.now();
  await new Promise((resolve) => {
    const done = () => (out.querySelector("p.search-summary")?.textContent ?? "") !== "";
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(out, { subtree: true, childList: true, characterData: true });
    Search.performSearch(query);
  });
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return {
    ms: performance.now() - start,
    hrefs: [...out.querySelectorAll("ul.search > li > a")].map((a) => a.getAttribute("href")),
  };
}
