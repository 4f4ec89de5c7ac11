// What tests/test_phone.py checks on each page: squeezed table cells, text under 12 px and
// sideways scrolling, over what a reader sees (text in hidden elements, and the
// screen-reader-only text furo and sphinx-design draw at 0 px, is not drawn).
() => {
  const visibleText = (root, skip) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, { acceptNode: (n) =>
      n.textContent.trim() && !(skip && n.parentElement.closest(skip)) &&
      n.parentElement.checkVisibility({ visibilityProperty: true, opacityProperty: true })
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  };
  const squeezed = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const bottoms = new Set();
    let text = "";
    for (const node of visibleText(cell, ".cell-label")) {
      text += node.textContent;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) bottoms.add(Math.round(r.bottom));
    }
    const chinese = (text.match(/[\u3400-\u9fff]/g) || []).length;
    if (chinese >= 4 && bottoms.size >= 3 && chinese / bottoms.size < 5)
      squeezed.push(`“${text.trim().slice(0, 16)}…” ${bottoms.size} lines`);
  }
  const small = [];
  for (const node of visibleText(document.body)) {
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    if (size > 0 && size < 12) small.push(`“${node.textContent.trim().slice(0, 12)}” ${size} px`);
  }
  return { squeezed, small, sideways: document.documentElement.scrollWidth - innerWidth };
}
