// Every label a reader's screen reader or eyes meet outside the page's own text: attributes
// that name things, SVG icon titles, buttons, and the text of the site's navigation, header
// and footer. As [where, text] pairs (tools/site_server.py, tests/test_quality.py).
() => {
  const out = [];
  const add = (where, text) => { text = (text || "").trim(); if (text) out.push([where, text]); };
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    for (const a of ["aria-label", "title", "placeholder", "alt"]) {
      if (el.hasAttribute(a)) add(`${el.tagName.toLowerCase()}[${a}]`, el.getAttribute(a));
    }
  }
  for (const t of document.querySelectorAll("svg title")) add("svg title", t.textContent);
  for (const b of document.querySelectorAll("button, label")) add(b.tagName.toLowerCase(), b.textContent);
  const chrome = "header, footer, nav, aside, .sidebar-drawer, .toc-drawer, .related-pages, .bottom-of-page";
  for (const el of document.querySelectorAll(chrome)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) add(el.tagName.toLowerCase(), walker.currentNode.textContent);
  }
  return out;
}
