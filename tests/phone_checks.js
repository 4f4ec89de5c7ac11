// What tests/test_quality.py measures on each page, over what a reader sees (text in hidden
// elements, and the screen-reader-only text furo and sphinx-design draw at 0 px, is not
// drawn). Lines are found from each character's box: a character whose top is below the
// middle of the one before starts a new line.
async () => {
  const visibleText = (root, skip) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, { acceptNode: (n) =>
      n.textContent.trim() && !(skip && n.parentElement.closest(skip)) &&
      n.parentElement.checkVisibility({ visibilityProperty: true, opacityProperty: true })
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  };
  // Each drawn character of root's text: [character, line number, its box].
  const characters = (root, skip) => {
    const out = [], range = document.createRange();
    let line = 0, middle = null;
    for (const node of visibleText(root, skip)) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = [...range.getClientRects()].find((r) => r.width > 0);
        if (box && middle !== null && box.top > middle) line++;
        if (box) middle = (box.top + box.bottom) / 2;
        out.push([node.data[i], line, box]); // white space collapsed at a line's end: no box
      }
    }
    return out;
  };
  // Once what read() gives has stopped changing for 5 frames (and done() holds: a scroll that
  // has to leave the top has), or after 600 frames.
  const steady = async (read, done = () => true) => {
    for (let frame = 0, still = 0, last = NaN; frame < 600 && (still < 5 || !done()); frame++) {
      [still, last] = [read() === last ? still + 1 : 0, read()];
      await new Promise(requestAnimationFrame);
    }
  };
  const scrolled = () => scrollY;
  // Scrolls and the menu's slide happen at once: where things end up is what is measured.
  const instant = document.createElement("style");
  instant.textContent = "* { transition: none !important; scroll-behavior: auto !important; }";
  document.head.append(instant);
  const words = /[\p{L}\p{N}]/u;
  const cjk = /[\u3400-\u9fff]/;

  // Wide tables: a cell of 4+ Chinese characters over 3+ lines of under 5.
  const squeezed = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const chars = characters(cell, ".cell-label");
    const lines = new Set(chars.map(([, line]) => line)).size;
    const chinese = chars.filter(([c]) => cjk.test(c)).length;
    if (chinese >= 4 && lines >= 3 && chinese / lines < 5)
      squeezed.push(`“${cell.textContent.trim().slice(0, 16)}…” ${lines} lines`);
  }
  const tiny = [];
  for (const node of visibleText(document.body)) {
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    if (size > 0 && size < 12) tiny.push(`“${node.textContent.trim().slice(0, 12)}” ${size} px`);
  }

  // Headings: their text (the ¶ aside), where each line break falls (offsets into that
  // text; breaks at a space are left out) and their size.
  const headings = [];
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    if (!h.checkVisibility({ visibilityProperty: true })) continue;
    const chars = characters(h, "a.headerlink");
    const text = chars.map(([c]) => c).join("");
    const breaks = chars.flatMap(([c, line], i) =>
      i && line > chars[i - 1][1] && !/\s/.test(c + chars[i - 1][0]) ? [i] : []);
    headings.push({ text, breaks, size: parseFloat(getComputedStyle(h).fontSize) });
  }

  // Paragraphs whose last line holds one character (punctuation aside), and the line
  // pitch of body text as a multiple of its font size.
  const orphans = [];
  let pitch = null;
  for (const p of document.querySelectorAll("article p")) {
    const chars = characters(p, "a.headerlink");
    const last = chars.filter(([c, line]) => words.test(c) && line === chars.at(-1)[1]);
    if (chars.length && chars.at(-1)[1] > 0 && last.length === 1)
      orphans.push(chars.slice(-6).map(([c]) => c).join(""));
    const drawn = chars.filter(([, , rect]) => rect), second = drawn.find(([, line]) => line === 1);
    if (pitch === null && second && !p.closest("table, .admonition, .sd-card"))
      pitch = (second[2].top - drawn[0][2].top) / parseFloat(getComputedStyle(p).fontSize);
  }

  // Dates and numbers (2026-01-16, 187,000, 61.8%) broken over two lines, anywhere.
  const numbers = [];
  for (const node of visibleText(document.body)) {
    for (const match of node.data.matchAll(/\d+(?:[-.,:/]\d+)+%?|\d+%/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width).map((r) => Math.round(r.top)));
      if (tops.size > 1) numbers.push(match[0]);
    }
  }

  // What a thumb can hit: around the middle of each visible control, the run of points
  // where a tap reaches it (or its label), across and down. Controls under an open dialog
  // cannot be hit, and are left out.
  const thumbTargets = () => {
    const small = [];
    let measured = 0;
    const controls = "button, input:not([type=hidden]), select, textarea, summary, label[for], [role=button]";
    for (const control of document.querySelectorAll(controls)) {
      if (!control.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      if (control.localName === "label" && control.control?.checkVisibility()) continue; // its control is
      control.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
      const box = control.getBoundingClientRect();
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      const hits = (dx, dy) => {
        const el = document.elementFromPoint(x + dx, y + dy);
        return !!el && (control.contains(el) || [...(control.labels ?? [])].some((l) => l.contains(el)));
      };
      const reach = (dx, dy) => {
        let n = 0;
        while (n < 60 && hits(dx * (n + 1), dy * (n + 1))) n++;
        return n;
      };
      if (!hits(0, 0)) continue;
      measured++;
      const [w, h] = [reach(-1, 0) + reach(1, 0) + 1, reach(0, -1) + reach(0, 1) + 1];
      if (w < 44 || h < 44) {
        const name = control.getAttribute("aria-label") || control.textContent.trim() ||
          control.labels?.[0]?.textContent.trim() || control.className;
        small.push(`${control.localName} “${name.slice(0, 20)}” ${w}×${h}`);
      }
    }
    scrollTo({ top: 0, behavior: "instant" });
    return [small, measured];
  };
  const [targets] = thumbTargets();

  // The home page's first screen: a search box with a label, and 4 links or more (¶ and
  // glossary terms aside), wholly in view.
  const inView = (el) => el.checkVisibility() && el.getBoundingClientRect().bottom <= innerHeight;
  const box = [...document.querySelectorAll("article input[type=search]")].find(inView);
  const links = [...document.querySelectorAll("article a[href]:not(.headerlink, :has(.std-term))")]
    .filter(inView).map((a) => a.textContent.trim());
  const home = document.querySelector("link[rel=canonical]")?.href.endsWith("/index.html");
  const firstScreen = !home ? [] : [
    ...box?.labels[0]?.textContent.trim() ? [] : ["no search box with a label"],
    ...links.length >= 4 ? [] : [`${links.length} links (${links.join("、")})`],
  ];

  // The day the page last changed (furo's footer line, hidden) is shown under the title.
  const date = [];
  const changed = document.querySelector(".last-updated")?.textContent.match(/\d{4}-\d{2}-\d{2}/)?.[0];
  const title = document.querySelector("h1")?.getBoundingClientRect();
  const shown = document.querySelector("h1 ~ * time")?.closest("p");
  if (changed && !(shown?.textContent.includes(`更新于 ${changed}`) && shown.checkVisibility() &&
      shown.getBoundingClientRect().top - title.bottom < 24))
    date.push(`“更新于 ${changed}” is not right under the title (found: “${shown?.textContent ?? ""}”)`);

  // The phone's full-screen search and its menu, open: their controls too.
  const searchButton = document.querySelector("button.search-button");
  if (searchButton?.checkVisibility()) {
    searchButton.click();
    const [under, measured] = thumbTargets();
    targets.push(...under.map((t) => `in the search sheet: ${t}`), ...measured < 2 ? ["the search sheet did not open"] : []);
    document.querySelector("dialog.search-sheet").close();
  }
  const menu = document.getElementById("__navigation");
  if (document.querySelector("label.nav-overlay-icon")?.checkVisibility()) {
    const drawn = () => document.querySelector(".sidebar-drawer").getBoundingClientRect().left;
    menu.checked = true;
    await steady(drawn);
    targets.push(...thumbTargets()[0].map((t) => `in the menu: ${t}`));
    menu.checked = false;
    await steady(drawn);
  }

  // A link to the page's first section, from outside: once the scroll has stopped (or after
  // 600 frames, if it never starts), its heading is in the top half of the screen, below
  // the phone's sticky header.
  const landing = [];
  const section = document.querySelector("article section section[id]");
  const header = document.querySelector(".mobile-header");
  if (section && header.checkVisibility()) {
    location.hash = section.id;
    await steady(scrolled, () => scrollY > 0);
    const [top, below] = [section.firstElementChild.getBoundingClientRect().top, header.getBoundingClientRect().bottom];
    if (!(below <= top && top < innerHeight / 2)) landing.push(`#${section.id} lands at ${top} px, under the header (${below} px)`);
    location.hash = "";
  }
  await steady(scrolled); // back at the top, where the theme's scroll handlers hide "back to top"
  instant.remove();

  // On a phone (up to 40em) every check; on a wider screen those that hold at any width.
  const phone = innerWidth <= 640;
  return {
    problems: {
      squeezed, small: tiny, sideways: document.documentElement.scrollWidth - innerWidth, numbers, date,
      "line height": pitch === null || pitch >= 1.7 ? [] : [`body text at ${pitch.toFixed(2)} × its size`],
      "section links": landing,
      ...phone && {
        targets, "first screen": firstScreen,
        "heading size": headings.filter((h) => h.size > 24.5).map((h) => `“${h.text}” ${h.size} px`),
      },
    },
    headings, orphans,
  };
}
