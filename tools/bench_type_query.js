// tools/bench_search.py: types `q` into the search box (focusing it first: on a fresh page that
// loads the engine and the index), or pastes it there as a reader's paste does (the box's
// maxlength applies), and resolves, with the milliseconds it took, at the first frame after
// the list shows its results.
async ([q, paste]) => {
  const box = document.querySelector("input.sidebar-search");
  const start = performance.now();
  box.focus();
  if (paste) {
    box.select();
    document.execCommand("insertText", false, q);
  } else {
    box.value = q;
    box.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: q }));
  }
  await new Promise((resolve) => {
    const shown = () => document.getElementById("search-list")?.dataset.query === box.value.trim();
    if (shown()) return resolve();
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document.querySelector("form.sidebar-search-container"), {
      subtree: true, childList: true, attributes: true,
    });
  });
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return performance.now() - start;
}
