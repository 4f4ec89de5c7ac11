/* The decision self-check (ext/decision_tree/directive.py writes the form). One question shows
   at a time, numbered as the reader meets them (1, 2, 3 …); each answer reveals what it
   leads to, the next question or an outcome, and an outcome shows in the form's
   aria-live region, so screen readers announce it. Answers left behind by a changed
   earlier answer are ignored; 重新回答 shows once there is an answer. Without this
   script the form stays hidden and the text version on the page stands in. */
(() => {
  for (const form of document.querySelectorAll("form.decision-check")) {
    const parts = new Map([...form.querySelectorAll("[data-node]")].map((el) => [el.dataset.node, el]));
    const show = () => {
      for (const el of parts.values()) el.hidden = true;
      let key = form.dataset.start;
      let number = 0;
      while (key && parts.has(key)) {
        const part = parts.get(key);
        part.hidden = false;
        const label = part.querySelector(".decision-number");
        number += 1;
        if (label) label.textContent = `${number}. `;
        key = part.querySelector("input:checked")?.dataset.next;
      }
      form.querySelector(".decision-reset").hidden = !form.querySelector("input:checked");
    };
    form.addEventListener("change", show);
    // After the browser clears the answers; focus goes to the first question, as the
    // button it was on hides.
    form.addEventListener("reset", () =>
      setTimeout(() => {
        show();
        form.querySelector("[data-node]:not([hidden]) input")?.focus();
      }),
    );
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
    show();
  }
})();
