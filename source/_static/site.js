/* The site's one script on every page (keep it small: every page loads it).
 *
 * 1. One-click links: ¶ beside a heading and 复制链接 under FAQ questions copy the
 *    section's public URL (the canonical address + #label, also offline) and say
 *    已复制. The FAQ buttons are in the HTML (ext/copy_links.py).
 * 2. Diagrams: where a drawing is shown well under its size, a tap opens it at full size
 *    in a dialog, where it pans (phones get a drawing of their own; ext/diagrams.py).
 * 3. Search's first steps: the engine (search.js) and the index (searchindex-zh.js)
 *    load on the first sign of intent — focus or a tap on the box, / or Ctrl/Cmd+K
 *    anywhere, the phone header's search button — never with the page, by adding
 *    <script> tags (works from file://, where fetch() cannot read files). Below
 *    63em, where furo hides the box in a drawer, search opens full screen in a
 *    dialog with its own box. search.js then drives both boxes (docs/search.md).
 *    The home page's box (index.md, shown below 63em) opens that dialog too.
 */
"use strict";
(() => {
  const canon = document.querySelector('link[rel="canonical"]');
  const base = (canon ? canon.href : location.href).split("#")[0];
  let toast;
  const say = (text) => {
    if (!toast) {
      toast = document.createElement("div");
      toast.className = "copy-toast";
      toast.setAttribute("role", "status");
      document.body.append(toast);
    }
    toast.textContent = text;
    toast.classList.add("show");
    clearTimeout(say.t);
    say.t = setTimeout(() => toast.classList.remove("show"), 2500);
  };
  const fallback = (url) => {
    const t = document.createElement("textarea");
    t.value = url;
    document.body.append(t);
    t.select();
    const ok = document.execCommand("copy");
    t.remove();
    return ok;
  };
  const copy = (id) => {
    const url = `${base}#${id}`;
    const done = () => say(`已复制：${url}`);
    const fail = () => (fallback(url) ? done() : say(`请手动复制：${url}`));
    navigator.clipboard ? navigator.clipboard.writeText(url).then(done, fail) : fail();
  };
  for (const a of document.querySelectorAll("a.headerlink")) {
    const id = decodeURIComponent(a.hash.slice(1));
    a.title = `复制本节链接 #${id}`;
    a.addEventListener("click", () => copy(id));
  }
  for (const b of document.querySelectorAll("button.copy-link[data-copy]")) {
    b.addEventListener("click", () => copy(b.dataset.copy));
  }

  // A drawing shown under 90% of its size (the phone's, or the wide one in a narrow
  // column): a tap opens it at its own size in a dialog, where it pans. Nothing leaves the page.
  for (const img of document.querySelectorAll(".diagram-scroll img.diagram")) {
    const own = () => (img.currentSrc === img.src ? img : img.parentElement.querySelector("source"));
    const scaled = () => img.clientWidth < 0.9 * Number(own().getAttribute("width"));
    const mark = () => img.classList.toggle("zoomable", scaled());
    img.complete ? mark() : img.addEventListener("load", mark);
    img.addEventListener("click", () => {
      if (!scaled()) return;
      const dialog = document.createElement("dialog");
      dialog.className = "diagram-zoom";
      dialog.setAttribute("aria-label", img.alt);
      dialog.innerHTML = '<button type="button">关闭</button><div class="diagram-zoom-body"></div>';
      const full = img.cloneNode();
      full.removeAttribute("loading");
      full.src = img.currentSrc;
      for (const side of ["width", "height"]) full.setAttribute(side, own().getAttribute(side));
      dialog.lastChild.append(full);
      dialog.firstChild.addEventListener("click", () => dialog.close());
      dialog.addEventListener("close", () => dialog.remove());
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  // -- Search ---------------------------------------------------------------------
  const form = document.querySelector("form.sidebar-search-container[data-engine]");
  const sheet = document.querySelector("dialog.search-sheet");
  if (!form || !sheet) return; // an edition without a search page
  const box = form.querySelector("input");
  const sheetBox = sheet.querySelector("input");
  const narrow = matchMedia("(max-width: 63em)");
  let requested = false;
  const load = () => {
    if (requested || window.Search) return;
    requested = true;
    for (const src of [form.dataset.engine, form.dataset.index]) {
      const script = document.createElement("script");
      script.src = src;
      script.async = false; // the engine first: the index calls Search.setIndex
      document.body.append(script);
    }
  };
  // Closing the dialog gives focus back to the drawer's box, which must not reopen it (a
  // key or a tap may, at once).
  let closing = false;
  const openSheet = (event) => {
    if (closing && event?.type === "focus") return;
    if (!sheet.open) {
      sheetBox.value = (event?.target.localName === "input" ? event.target : box).value || sheetBox.value;
      sheet.showModal();
      sheetBox.select(); // the last search stays, and the first key replaces it
    }
    sheetBox.focus(); // in the tap's own turn, so a phone shows its keyboard
    load();
  };
  const closeSheet = () => {
    closing = true;
    sheet.close();
    setTimeout(() => (closing = false));
  };
  sheet.addEventListener("cancel", () => {
    closing = true;
    setTimeout(() => (closing = false));
  });
  sheet.querySelector(".search-sheet-close").addEventListener("click", closeSheet);
  sheet.closeSheet = closeSheet; // for search.js, after a result on this page is opened
  const intent = (event) => (narrow.matches ? openSheet(event) : load());
  for (const input of [box, ...document.querySelectorAll("form.home-search input")]) {
    input.addEventListener("focus", intent);
    input.addEventListener("pointerdown", load);
  }
  for (const button of document.querySelectorAll("button.search-button")) {
    button.addEventListener("click", openSheet);
  }
  // Until search.js takes over: whether an input method is composing in a box.
  for (const input of [box, sheetBox]) {
    input.addEventListener("compositionstart", () => (input.dataset.composing = "1"));
    input.addEventListener("compositionend", () => delete input.dataset.composing);
  }
  document.addEventListener("keydown", (e) => {
    if (e.isComposing || e.keyCode === 229 || e.altKey) return;
    const typing = e.target.closest("input, textarea, select, [contenteditable]");
    const slash = e.key === "/" && !typing && !e.ctrlKey && !e.metaKey;
    if (!slash && !(e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey))) return;
    e.preventDefault();
    if (narrow.matches) openSheet();
    else {
      box.focus();
      box.select();
    }
  });
})();
