/* Site search: the engine, the as-you-type box and the results page (docs/search.md).
 *
 * Loaded with searchindex-zh.js on the first sign of intent by site.js (every page), and
 * with the page by search.html; both run the same code, so the box and the shareable
 * search.html?q= rank alike. searchindex-zh.js (ext/zh_search/index.py) calls
 * Search.setIndex with the pages' names and titles and the "zh" index: units (sections
 * and glossary entries) with their texts, term postings with weights, synonyms and
 * aliases, stop and intent words, the words' pinyin and the Traditional → Simplified
 * folding. Only <script> tags load anything (no fetch()), so it all works from file://.
 *
 * A query is normalised (NFKC, lower case, Traditional folded to Simplified), cut
 * against the index's vocabulary (Chinese by longest match; Latin words joined or
 * split to the index's terms, so brand registry, BRAND-REGISTRY and brandregistry
 * agree; pinyin, whole or as initials, to the Chinese words it spells), stripped of stop
 * words, and each word also means its synonyms; a word one letter or one character off
 * a longer index word (a typo) means that word. Units score BM25 (no length
 * normalisation: a long section is mostly a table) times the square of the share of
 * the query they match, each word counted by its idf (missing 入驻, which is
 * everywhere, costs less than missing 材料); intent words (第一步) count little. Fewer
 * than three word matches add units sharing the query's character bigrams (else single
 * characters), ranked below. The snippet is the ~80 characters of the unit's text with
 * the most distinct matched words, from a phrase boundary, marked with <mark>.
 */
"use strict";
window.Search ??= (() => {
  const CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  const TOKENS = new RegExp(`[${CJK}]+|[a-z0-9]+(?:[-.][a-z0-9]+)*`, "g");
  const RUNS = new RegExp(`[${CJK}]+`, "g");
  const LATIN = /^[a-z0-9]/;
  const K1 = 1.2; // BM25's usual term-frequency saturation
  const SYNONYM = 0.9; // a synonym's or alias's match, against the word as typed
  const PARTIAL = 0.5; // a word found only inside longer index terms (W8BEN → w8bene)
  const TYPO = 0.6; // a word one letter or character off an index word (contect → contact)
  const INTENT = 0.2; // 第一步, 办法: what the seller wants of the topic, not the topic
  const FALLBACK_BELOW = 3; // fewer word matches than this: add the bigram fallback
  const SHOWN = 8; // options in the box's list
  const MAX_QUERY = 200; // characters searched; the boxes' maxlength, a longer ?q= is cut
  const MAX_JOIN = 8; // Latin words typed apart that may spell one term (yun ying jing li)

  let index = null;
  let zh = null;
  let ready;
  const indexReady = new Promise((resolve) => {
    ready = resolve;
  });
  // -- The index -----------------------------------------------------------------
  const setIndex = (data) => {
    if (data.zh?.v !== 3) throw new Error("searchindex-zh.js is not ext/zh_search's: rebuild");
    index = data;
    zh = data.zh;
    zh.ids = new Map(zh.words.map((word, i) => [word, i]));
    zh.vocab = new Set([...zh.words, ...Object.keys(zh.syn), ...zh.stop]);
    zh.stops = new Set(zh.stop);
    zh.intents = new Set(zh.intent);
    zh.lasts = new Set(zh.last);
    zh.longest = Math.min(12, Math.max(...[...zh.vocab].map((w) => w.length)));
    zh.latin = new Set(zh.words.filter((w) => /^[a-z0-9]{2,}$/.test(w)));
    // Pinyin → the Chinese words it spells: whole (yunying, with or without spaces) and, for
    // words of three characters or more, initials (yyjl); shorter initials say too little.
    zh.py = new Map();
    const spell = (word, syllables) => {
      const parts = syllables.split(" ");
      for (const key of [parts.join(""), parts.length > 2 ? parts.map((p) => p[0]).join("") : ""]) {
        if (key && !zh.vocab.has(key)) zh.py.set(key, zh.py.get(key) ?? []).get(key).push(word);
      }
    };
    zh.words.forEach((word, i) => {
      if (zh.pinyin[i]) spell(word, zh.pinyin[i]);
    });
    for (const [word, syllables] of Object.entries(zh.synpinyin)) spell(word, syllables);
    zh.pieceMax = 2; // the longest Latin word or pinyin key, which bounds wordBreak
    for (const w of [...zh.latin, ...zh.py.keys()]) zh.pieceMax = Math.max(zh.pieceMax, w.length);
    zh.byLength = new Map(); // Chinese vocabulary by length, for typos
    for (const w of zh.vocab) {
      if (w.length < 3 || zh.stops.has(w) || LATIN.test(w)) continue;
      zh.byLength.set(w.length, zh.byLength.get(w.length) ?? []).get(w.length).push(w);
    }
    zh.sounds = new Map(); // a character the site uses → its syllables: homophone typos
    zh.words.forEach((word, i) => {
      const parts = zh.pinyin[i] ? zh.pinyin[i].split(" ") : [];
      if (parts.length === word.length) for (let k = 0; k < parts.length; k++) zh.sounds.set(word[k], parts[k]);
    });
    zh.fold = new Map();
    for (let i = 0; i < zh.chars.length; i += 2) zh.fold.set(zh.chars[i], zh.chars[i + 1]);
    zh.phraseMax = Math.max(1, ...Object.keys(zh.phrases).map((p) => p.length));
    ready();
  };

  const postings = (word) => {
    const i = zh.ids.get(word);
    return i === undefined ? null : zh.postings[i];
  };
  const text = (unit) => zh.texts[unit] ?? "";

  // -- A query → slots: each word the query means, with its alternatives -----------
  const fold = (s) => {
    let out = "";
    for (let i = 0; i < s.length; ) {
      let n = Math.min(zh.phraseMax, s.length - i);
      while (n > 1 && !Object.hasOwn(zh.phrases, s.substr(i, n))) n -= 1;
      out += n > 1 ? zh.phrases[s.substr(i, n)] : (zh.fold.get(s[i]) ?? s[i]);
      i += n;
    }
    return out;
  };
  const normalise = (q) => fold(q.slice(0, MAX_QUERY).normalize("NFKC").toLowerCase());

  // Chinese: longest match against the vocabulary; unknown characters stay together
  // (and count as words from two on). `rest` gets the run less its stop words. Then
  // typos: a stretch of 3 to 6 characters that the words left partly uncovered, one
  // character off a vocabulary word (a homophone, for three characters) means that word.
  const cut = (run, out, rest, typos) => {
    let unknown = "";
    const covered = new Uint8Array(run.length); // 1: inside a word of two characters or more
    const flush = () => {
      if (unknown.length > 1) out.push(unknown);
      rest.push(unknown);
      unknown = "";
    };
    for (let i = 0; i < run.length; ) {
      let n = Math.min(zh.longest, run.length - i);
      while (n > 1 && !zh.vocab.has(run.substr(i, n))) n -= 1;
      const word = run.substr(i, n);
      if (n === 1 && !zh.vocab.has(word)) unknown += word;
      else {
        flush();
        out.push(word);
        rest.push(zh.stops.has(word) ? " " : word);
        if (n > 1 && !zh.stops.has(word)) covered.fill(1, i, i + n);
      }
      i += n;
    }
    flush();
    if (covered.every(Boolean)) return;
    const sound = (c) => zh.sounds.get(c) ?? c;
    for (let n = Math.min(6, run.length); n >= 3; n--) {
      for (let i = 0; i + n <= run.length; i++) {
        if (covered.subarray(i, i + n).every(Boolean)) continue;
        for (const word of zh.byLength.get(n) ?? []) {
          let off = -1;
          for (let k = 0; k < n && off !== -2; k++) if (word[k] !== run[i + k]) off = off === -1 ? k : -2;
          if (off >= 0 && !covered[i + off] && (n > 3 || sound(run[i + off]) === sound(word[off]))) typos.push(word);
        }
      }
    }
  };
  // A split of s into known pieces (brandregistry → brand + registry; pinpaibeian → the
  // pinyin of 品牌 + 备案), the fewest pieces; null if there is none. Linear in s.
  const wordBreak = (s, isPiece) => {
    const best = [[]];
    for (let end = 1; end <= s.length; end++) {
      for (let at = Math.max(0, end - zh.pieceMax); at < end; at++) {
        const piece = s.slice(at, end);
        if (best[at] && isPiece(piece) && (!best[end] || best[at].length + 1 < best[end].length))
          best[end] = [...best[at], piece];
      }
    }
    return best[s.length]?.length ? best[s.length] : null;
  };
  const known = (w) => zh.vocab.has(w) || zh.py.has(w);
  // Latin words typed together: the longest run (of at most MAX_JOIN words) the index
  // knows as one term or as pinyin (order defect rate → orderdefectrate, an alias; yun ying
  // → 运营), else each word, whole or in its parts.
  const latin = (tokens, out) => {
    for (let i = 0; i < tokens.length; ) {
      let j = Math.min(tokens.length, i + MAX_JOIN);
      while (j > i + 1 && !known(tokens.slice(i, j).join("").replaceAll("-", ""))) j -= 1;
      const token = tokens.slice(i, j).join("");
      const whole = token.replaceAll("-", "");
      if (known(whole)) out.push(whole);
      else if (/[-.]/.test(token)) out.push(...token.split(/[-.]/).filter((p) => p.length > 1));
      else
        out.push(
          ...(wordBreak(whole, (p) => zh.latin.has(p)) ?? wordBreak(whole, (p) => zh.py.has(p)) ?? [whole]),
        );
      i = j;
    }
  };
  // Damerau distance at most 1 (one letter changed, added, dropped or two swapped).
  const oneOff = (a, b) => {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length)
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  };
  // A word's alternatives: [index word, factor], the word itself first.
  const alternatives = (word) => {
    const alts = [];
    const add = (w, factor) => {
      if (zh.ids.has(w)) alts.push([w, factor]);
      for (const target of zh.syn[w] ?? []) alts.push([target, factor * SYNONYM]);
    };
    for (const w of zh.py.get(word) ?? [word]) add(w, zh.intents.has(w) ? INTENT : 1);
    if (alts.length || word.length < 2) return alts;
    if (!LATIN.test(word)) {
      for (const w of zh.words) if (w.includes(word)) alts.push([w, PARTIAL]);
      return alts;
    }
    for (const w of zh.latin) if (w.startsWith(word)) alts.push([w, PARTIAL]);
    if (word.length >= 4)
      for (const [key, words] of zh.py) if (key.length > word.length && key.startsWith(word)) for (const w of words) add(w, PARTIAL);
    // Typos: a letter off an English word of 5 letters or more, or off the pinyin of a word
    // of 8 letters or more (shorter pinyin is one letter off too many English words: dating).
    if (!alts.length && word.length >= 5) {
      for (const w of zh.latin) if (w.length >= 5 && oneOff(word, w)) add(w, TYPO);
      for (const [key, words] of zh.py) if (key.length >= 8 && oneOff(word, key)) for (const w of words) add(w, TYPO);
    }
    return alts;
  };
  const analyse = (q) => {
    const norm = normalise(q);
    const words = [];
    const rest = [];
    const typos = [];
    let run = [];
    let end = 0;
    for (const m of norm.matchAll(TOKENS)) {
      const token = m[0];
      const joined = /^[\s\-.]*$/.test(norm.slice(end, m.index));
      if (run.length && (LATIN.test(token) ? !joined : true)) {
        latin(run, words);
        run = [];
      }
      if (LATIN.test(token)) run.push(token);
      else cut(token, words, rest, typos);
      rest.push(" ");
      end = m.index + token.length;
    }
    latin(run, words);
    const slots = [...new Set(words)].filter((w) => !zh.stops.has(w)).map(alternatives);
    for (const word of new Set(typos)) if (!words.includes(word)) slots.push(alternatives(word).map(([w, f]) => [w, f * TYPO]));
    return { norm, rest: rest.join(""), slots };
  };

  // -- Ranking ---------------------------------------------------------------------
  const rank = (slots) => {
    const count = zh.units.length;
    const units = new Map(); // unit → {best: slot → value, words}
    const weight = []; // slot → its rarest word's idf: what missing it costs
    slots.forEach((alts, slot) => {
      weight[slot] = 0;
      for (const [word, factor] of alts) {
        const list = postings(word);
        if (!list) continue;
        const idf = Math.log(1 + count / list.length);
        weight[slot] = Math.max(weight[slot], idf * factor);
        for (const posting of list) {
          const [unit, tf] = typeof posting === "number" ? [posting, 1] : posting;
          const value = ((idf * tf * (K1 + 1)) / (tf + K1)) * factor;
          if (!units.has(unit)) units.set(unit, { best: new Map(), words: new Set() });
          const entry = units.get(unit);
          entry.words.add(word);
          if (value > (entry.best.get(slot) ?? 0)) entry.best.set(slot, value);
        }
      }
    });
    const total = weight.reduce((a, b) => a + b, 0);
    return [...units]
      .map(([unit, { best, words }]) => {
        const coverage = [...best.keys()].reduce((a, slot) => a + weight[slot], 0) / total;
        const sum = [...best.values()].reduce((a, b) => a + b, 0);
        return { unit, score: sum * coverage * coverage, words, last: zh.lasts.has(unit) };
      })
      .sort((a, b) => a.last - b.last || b.score - a.score || a.unit - b.unit);
  };

  // Units that share the query's character bigrams: those of the query less its stop
  // words first, then of the whole query; when no unit matched at all, its characters.
  // A bigram that is a stop word (多少 of 多少钱) says nothing and is left out.
  const fallback = (texts, taken) => {
    const runs = texts.map((s) => s.match(RUNS) ?? []);
    const grams = runs.map(
      (r) => new Set(r.flatMap((w) => [...w].slice(1).map((c, i) => w[i] + c)).filter((g) => !zh.stops.has(g))),
    );
    if (!taken.size) grams.push(...texts.map((s, i) => new Set([...runs[i].join(""), ...(s.match(/[a-z0-9]{2,}/g) ?? [])])));
    for (const some of grams) {
      const found = [];
      zh.units.forEach((unit, u) => {
        if (taken.has(u)) return;
        const hay = `${unit[2]} ${text(u)}`.toLowerCase();
        const words = new Set([...some].filter((g) => hay.includes(g)));
        if (words.size) found.push({ unit: u, score: words.size / some.size, words, fallback: true, last: zh.lasts.has(u) });
      });
      if (found.length) return found.sort((a, b) => a.last - b.last || b.score - a.score || a.unit - b.unit);
    }
    return [];
  };

  // -- Snippets --------------------------------------------------------------------
  const pattern = (word) =>
    new RegExp([...word].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s-]?"), "gi");
  const hitsIn = (s, patterns) =>
    patterns
      .flatMap((re, k) => [...s.matchAll(re)].filter((m) => m[0]).map((m) => [m.index, m.index + m[0].length, k]))
      .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // [[text, marked], …] of s from start to end, the hits marked (overlaps skipped).
  const parts = (s, hits, from0 = 0, end = s.length) => {
    const out = [];
    let at = from0;
    for (const [from, to] of hits) {
      if (from < at || to > end) continue;
      if (from > at) out.push([s.slice(at, from), false]);
      out.push([s.slice(from, to), true]);
      at = to;
    }
    if (at < end) out.push([s.slice(at, end), false]);
    return out;
  };
  // A snippet starts where a phrase does, within BACK characters before the first hit it
  // shows: after a clause's punctuation (，、；…) if there is one, so that “guaranteed pass”
  // stays with its （包过）; else after a closing or at an opening bracket or quote; else at
  // the start of a word. (A space is no phrase boundary: Chinese puts one around numbers
  // and Latin words.)
  const OPENS = "（(「“《〔【[";
  const CLAUSE = /[。，、；：！？,;:!?…—]/;
  const STOPS = /[。，、；：！？,;:!?）)」”》〕】\]…—]/;
  const BACK = 24;
  const inWord = (s, i) => /[a-z0-9]/i.test(s[i - 1] ?? "") && /[a-z0-9]/i.test(s[i] ?? "");
  const starts = (s, i) => OPENS.includes(s[i]) || STOPS.test(s[i - 1] ?? "");
  const phraseStart = (s, at) => {
    const back = Math.max(0, at - BACK);
    for (let i = at; i > back; i--) if (CLAUSE.test(s[i - 1])) return i;
    for (let i = at; i > back; i--) if (starts(s, i)) return i;
    let i = at <= BACK ? 0 : at;
    while (inWord(s, i)) i--;
    return i;
  };
  // The first phrase start from `from` on, but no later than `at`.
  const phraseAfter = (s, from, at) => {
    for (let i = Math.max(0, from); i < at; i++) if (starts(s, i)) return i;
    return phraseStart(s, at);
  };
  // …and ends after punctuation within BACK characters of `at`, else not inside a Latin word.
  const phraseEnd = (s, at) => {
    for (let i = at; i > at - BACK; i--) if (STOPS.test(s[i - 1])) return i;
    let i = at;
    while (inWord(s, i)) i--;
    return i;
  };
  const snippet = (s, patterns) => {
    const size = zh.snippet;
    const hits = hitsIn(s, patterns);
    let from = 0;
    let best = -1;
    if (s.length > size) {
      for (const [at, to] of hits) {
        // Near the end, the window starts earlier to stay full, but never loses its hit.
        let begin = phraseStart(s, Math.min(at, s.length - size));
        if (to > begin + size) begin = phraseAfter(s, to - size, at);
        const inside = hits.filter((h) => h[0] >= begin && h[1] <= begin + size);
        const value = new Set(inside.map((h) => h[2])).size * 100 + inside.length;
        if (value > best) [best, from] = [value, begin];
      }
    }
    // The last hit shown stays whole, whatever the phrase's end.
    const shown = hits.filter((h) => h[0] >= from && h[1] <= from + size).map((h) => h[1]);
    const end = s.length > from + size ? Math.max(phraseEnd(s, from + size), ...shown) : s.length;
    const out = parts(s, hits, from, end).map(([t, m], i, all) => [
      i === 0 ? t.trimStart() : i === all.length - 1 ? t.trimEnd() : t,
      m,
    ]);
    if (from > 0) out.unshift(["…", false]);
    if (end < s.length) out.push(["…", false]);
    return out;
  };

  const result = (r, typed) => {
    const [doc, anchor, title, more = []] = zh.units[r.unit];
    const name = index.docnames[doc];
    const patterns = [...r.words, ...typed].map(pattern);
    const body = text(r.unit) || text(r.unit + 1); // a section of subsections: its first one's
    const pageTitle = index.titles[doc];
    return {
      doc: name,
      anchor,
      ids: [anchor, ...more],
      href: `${document.documentElement.dataset.content_root ?? ""}${name}.html#${anchor}`,
      page: title === pageTitle ? "" : pageTitle,
      title: parts(title, hitsIn(title, patterns)),
      snippet: snippet(body, patterns),
      score: r.score,
      fallback: Boolean(r.fallback),
    };
  };

  // → the results for query, best first: the first `limit` with their snippets, and `total`.
  const query = async (q, limit = Infinity) => {
    await indexReady;
    const { norm, rest, slots } = analyse(q);
    let ranked = rank(slots);
    if (ranked.length < FALLBACK_BELOW && norm.trim())
      ranked = ranked.concat(fallback([rest, norm], new Set(ranked.map((r) => r.unit))));
    const shown = ranked.slice(0, limit);
    // Latin words as typed are marked too (W8BEN was searched as w8bene): a few, not a paste.
    const typed = [...new Set(norm.match(/[a-z0-9]+(?:[-.][a-z0-9]+)*/g) ?? [])]
      .map((w) => w.replaceAll("-", ""))
      .slice(0, 8);
    return Object.assign(
      shown.map((r) => result(r, typed)),
      { total: ranked.length },
    );
  };

  // Nothing found: the glossary terms and pages nearest to the query, by shared
  // characters (Chinese) or shared letter pairs (Latin); all pages if none is near.
  const suggest = async (q) => {
    await indexReady;
    const norm = normalise(q);
    const chars = new Set(norm.match(RUNS)?.join("") ?? "");
    const pairs = (s) => new Set([...s].slice(1).map((c, i) => s[i] + c));
    const letters = pairs(norm.replace(/[^a-z0-9]/g, ""));
    const scored = zh.units
      .map((unit, u) => [unit, u])
      .filter(([unit, u]) => unit[1].startsWith("term-") || !u || zh.units[u - 1][0] !== unit[0])
      .map(([unit, u]) => {
        const title = unit[2].toLowerCase();
        const shared = [...chars].filter((c) => title.includes(c)).length;
        const near = [...pairs(title.replace(/[^a-z0-9]/g, ""))].filter((p) => letters.has(p)).length;
        return { unit: u, score: shared + near, words: new Set() };
      });
    const near = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.unit - b.unit);
    const pages = scored.filter((s) => !zh.units[s.unit][1].startsWith("term-"));
    const chosen = (near.length ? near : pages).slice(0, 6);
    return chosen.map((s) => result(s, []));
  };
  // Before a query: where sellers start (conf.py's zh_search_suggest).
  const common = async () => {
    await indexReady;
    return zh.suggest.map((unit) => result({ unit, words: new Set() }, []));
  };
  const COMMON = "不知道搜什么？可以从这些开始：";

  // -- The boxes ------------------------------------------------------------------
  const element = (tag, className, content = []) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const [s, marked] of content) node.append(marked ? element("mark", "", [[s]]) : s);
    return node;
  };
  const heading = (r) => (r.page ? [[`${r.page} › `, false], ...r.title] : r.title);

  // The combobox pattern (WAI-ARIA APG): focus stays in the box; the active option is
  // its aria-activedescendant. Nothing runs on a key an input method is composing with.
  const bind = (input, list, status, panel) => {
    let options = [];
    let active = -1;
    let turn = 0;
    let composing = Boolean(input.dataset.composing);
    let committed = -1e9;
    let first = false; // ↓ opened the list: make its first option active once shown
    const open = (yes) => {
      input.setAttribute("aria-expanded", String(yes));
      if (panel) panel.hidden = !yes;
      if (!yes) activate(-1);
    };
    const activate = (i) => {
      options[active]?.setAttribute("aria-selected", "false");
      active = i;
      const option = options[i];
      if (!option) return input.removeAttribute("aria-activedescendant");
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    };
    const option = (r, id) => {
      const a = element("a", "search-option");
      Object.assign(a, { id, href: r.href });
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.append(element("span", "search-option-title", heading(r)), element("span", "search-option-text", r.snippet));
      return a;
    };
    const update = async () => {
      const q = input.value.trim();
      const mine = ++turn;
      if (!q && panel) {
        options = [];
        list.replaceChildren();
        status.textContent = "";
        return open(false);
      }
      // The full-screen search is never blank: before a query it offers where sellers start.
      const results = q ? await query(q, SHOWN) : [];
      const found = q ? (results.length ? results : await suggest(q)) : await common();
      if (mine !== turn) return; // a later keystroke's search has started
      options = found.map((r, i) => option(r, `${list.id}-${i}`));
      if (results.total > SHOWN) {
        const all = element("a", "search-option search-option-all", [[`查看全部 ${results.total} 条结果`, false]]);
        Object.assign(all, { id: `${list.id}-all`, href: `${input.form.action}?q=${encodeURIComponent(q)}` });
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        options.push(all);
      }
      list.replaceChildren(...options);
      list.dataset.query = q; // what the list shows (read by the tests and the bench)
      status.textContent = !q ? COMMON : results.length ? `${results.total} 条结果` : `没有找到“${q}”，看看这些术语和页面：`;
      active = -1;
      activate(first ? 0 : -1);
      first = false;
      open(true);
    };
    input.addEventListener("input", (e) => e.isComposing || composing || update());
    input.addEventListener("compositionstart", () => (composing = true));
    input.addEventListener("compositionend", (e) => {
      composing = false;
      committed = e.timeStamp;
      update();
    });
    input.addEventListener("focus", () => input.value.trim() && input.getAttribute("aria-expanded") !== "true" && update());
    input.addEventListener("keydown", (e) => {
      // Zhuyin, Pinyin and other input methods compose with these keys; the Enter
      // that commits a composition (keyCode 229, or just after compositionend in
      // Safari) is theirs, not a choice of result.
      if (e.isComposing || e.keyCode === 229 || composing || e.timeStamp - committed < 50) return;
      const count = options.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (input.getAttribute("aria-expanded") !== "true") {
          first = true;
          update();
        }
        else if (count) activate(e.key === "ArrowDown" ? (active + 1) % count : (active < 1 ? count : active) - 1);
      } else if (e.key === "Enter" && options[active]) {
        e.preventDefault();
        options[active].click();
      } else if (e.key === "Escape" && panel) {
        e.preventDefault();
        if (input.getAttribute("aria-expanded") === "true") open(false);
        else input.value = "";
      }
    });
    input.form.addEventListener("submit", (e) => {
      if (composing || e.timeStamp - committed < 50 || !input.value.trim()) e.preventDefault();
    });
    // A click on an option must not blur the box first (that would close the list).
    list.addEventListener("pointerdown", (e) => e.preventDefault());
    list.addEventListener("click", (e) => {
      const a = e.target.closest("a");
      if (a && a.pathname === location.pathname) {
        open(false); // a section of this page: the page scrolls, the list goes
        document.querySelector("dialog.search-sheet")?.closeSheet?.();
      }
    });
    if (panel) input.form.addEventListener("focusout", (e) => input.form.contains(e.relatedTarget) || open(false));
    if (!composing && (!panel || (input.value.trim() && document.activeElement === input))) update();
  };

  // search.html?q=: every result, in furo's search page markup.
  const page = async () => {
    const out = document.getElementById("search-results");
    if (!out) return; // not the search page
    const q = new URLSearchParams(location.search).get("q") ?? "";
    for (const input of document.querySelectorAll('input[name="q"]')) input.value = q;
    const status = element("p", "search-summary", [[q.trim() ? "正在搜索…" : COMMON, false]]);
    status.setAttribute("role", "status");
    const list = element("ul", "search");
    list.setAttribute("role", "list");
    out.append(element("h2", "", [[q.trim() ? "搜索结果" : "常见问题", false]]), status, list);
    const results = q.trim() ? await query(q) : [];
    for (const r of q.trim() ? (results.length ? results : await suggest(q)) : await common()) {
      const link = element("a", "", heading(r));
      link.href = r.href;
      list.append(element("li", "", []));
      list.lastChild.append(link, element("p", "context", r.snippet));
    }
    if (q.trim())
      status.textContent = results.length
        ? `“${q}”：找到 ${results.total} 条结果。`
        : `没有找到“${q}”。下面这些术语和页面也许有用：`;
  };

  const start = () => {
    for (const input of document.querySelectorAll(
      "form.sidebar-search-container[data-engine] input, dialog.search-sheet input",
    )) {
      const holder = input.closest("form.sidebar-search-container, dialog");
      bind(input, holder.querySelector(".search-list"), holder.querySelector(".search-status"),
        holder.querySelector(".search-panel"));
    }
    page();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  return { setIndex, query, suggest, common, analyse: (q) => (zh ? analyse(q) : null), ready: indexReady };
})();
