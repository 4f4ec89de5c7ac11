/* Checklists (ext/checklists.py writes the boxes): the ticks are kept in this browser's
   localStorage, per page, by list and item text, so a reworded item starts unticked.
   清除勾选, under a list with a tick, clears that list. Without storage (a private
   window may refuse it) the boxes still tick, for this visit only. */
(() => {
  const key = `checklist:${location.pathname}`;
  let saved = [];
  try {
    saved = JSON.parse(localStorage.getItem(key)) || [];
  } catch {}
  const lists = [...document.querySelectorAll("div.checklist")];
  const id = (box) => `${lists.indexOf(box.closest("div.checklist"))}:${box.closest("li").textContent.trim()}`;
  const boxes = () => document.querySelectorAll("div.checklist input[type=checkbox]");
  const save = () => {
    const ticked = [...boxes()].filter((box) => box.checked).map(id);
    try {
      ticked.length ? localStorage.setItem(key, JSON.stringify(ticked)) : localStorage.removeItem(key);
    } catch {}
  };
  for (const list of lists) {
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "checklist-clear";
    clear.textContent = "清除勾选";
    const inputs = list.querySelectorAll("input[type=checkbox]");
    const show = () => (clear.hidden = ![...inputs].some((box) => box.checked));
    for (const box of inputs) box.checked = saved.includes(id(box));
    list.addEventListener("change", () => {
      save();
      show();
    });
    clear.addEventListener("click", () => {
      for (const box of inputs) box.checked = false;
      save();
      show();
      inputs[0]?.focus(); // the button hides
    });
    list.append(clear);
    show();
  }
})();
