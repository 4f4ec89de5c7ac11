/* One-click links: ¶ beside a heading, and 复制链接 under FAQ questions,
   copy the section's public URL (the canonical address + #label, also offline)
   and say 已复制. The FAQ buttons are in the HTML (ext/copy_links.py). Loaded on
   every page: keep it under 2 KB. */
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
})();
