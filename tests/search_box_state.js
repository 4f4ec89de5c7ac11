// tests/test_search.py: the search box's combobox state, as a screen reader would read it.
() => {
  const box = document.querySelector("input.sidebar-search");
  const active = document.getElementById(box.getAttribute("aria-activedescendant") || "-");
  return {
    expanded: box.getAttribute("aria-expanded"),
    active: active ? active.getAttribute("href") : null,
    selected: [...document.querySelectorAll('#search-list [aria-selected="true"]')].length,
    options: [...document.querySelectorAll("#search-list [role=option]")].map((o) => o.getAttribute("href")),
  };
}
