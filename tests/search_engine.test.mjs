// search.js in Node (`node --test tests/`, run by `make check` and `make test`): how it cuts a
// query, what each word also means (synonyms, pinyin, typos) and how it ranks, on a small
// index written here in the format ext/zh_search/index.py writes (docs/search.md). The
// browser tests (tests/test_search.py) run it on the built site.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const ENGINE = new URL("../source/_static/search.js", import.meta.url);

// Units: [page, anchor, title, text, {word: weight}]. Pinyin as pypinyin gives it.
const UNITS = [
  ["roles", "operations-manager-role", "运营经理", "运营经理在店铺上线后对接你，属于售后支持。", { 运营经理: 8, 运营: 8, 经理: 8 }],
  ["roles", "recruiting-manager-role", "招商经理", "招商经理负责入驻支持。", { 招商经理: 8, 招商: 8, 经理: 8, 入驻: 1 }],
  ["account", "first-steps", "账户出问题时的第一步", "立即登录后台，点“Contact Us”，请运营经理介入。", { 账户: 8, 问题: 8, 第一步: 8, contactus: 1, 运营经理: 1 }],
  ["account", "what-not-to-do", "切勿这样做", "不要更换邮箱，也不要重新注册账户。", { 更换: 1, 邮箱: 1, 重新: 1, 注册: 1, 账户: 1 }],
  ["onboarding", "registration-steps", "注册步骤", "打开网站，填写信息，提交注册。", { 注册: 8, 步骤: 8 }],
  ["guide", "steps", "入驻的第一步", "第一步：准备资料。第一步之后提交申请。", { 入驻: 8, 第一步: 10 }],
  ["faq", "fees", "收费吗", "不收费。卖家要付的费用是佣金（8%～15%）。", { 收费: 9, 费用: 1, 佣金: 1 }],
  ["faq", "days", "审核要多少天", "审核周期缩短至 5.2 天，通过后多少天内联系。", { 审核: 8, 审核周期: 1 }],
  ["table", "rows", "两种入驻通道", "入驻通道：招商经理通道；是什么：招商经理直接参与的入驻方式。", { 入驻: 9, 通道: 9 }],
  ["sources", "source-gaps", "本站还答不了的问题", "账户暂停还有哪些情况算严重违规，本站暂无资料。", { 账户: 1, 问题: 8, 暂停: 1 }],
  ["glossary", "term-brand", "品牌备案 / Brand Registry", "亚马逊面向品牌所有者的登记计划。", { 品牌备案: 8, 品牌: 9, 备案: 8, brand: 8, registry: 8, brandregistry: 8 }],
  ["glossary", "term-w8", "W-8BEN-E", "〔通用释义〕美国国税局（IRS）的一种表格，供美国以外的实体（如公司）声明自己的外国身份。与你的关系：它是评估材料中的税务信息。", { w8bene: 8, w: 1, "8ben": 1, e: 1, 税务: 1, 表格: 1 }],
  ["faq", "fraud", "防骗提醒", "官方招商服务完全免费；声称交钱就能“付费加急审核”、或许诺“guaranteed pass”（包过）的第三方中介都是欺诈，要提防。", { 包过: 1, 欺诈: 1 }],
];
const PINYIN = {
  运营经理: "yun ying jing li", 运营: "yun ying", 经理: "jing li", 招商经理: "zhao shang jing li",
  招商: "zhao shang", 账户: "zhang hu", 问题: "wen ti", 第一步: "di yi bu", 更换: "geng huan",
  邮箱: "you xiang", 重新: "chong xin", 注册: "zhu ce", 入驻: "ru zhu", 收费: "shou fei",
  费用: "fei yong", 佣金: "yong jin", 审核: "shen he", 审核周期: "shen he zhou qi", 通道: "tong dao",
  暂停: "zan ting", 品牌备案: "pin pai bei an", 品牌: "pin pai", 备案: "bei an", 税务: "shui wu",
  表格: "biao ge",
};
const SYN = { 封号: ["暂停"], 多少钱: ["收费", "费用", "佣金"], 客服: ["contactus"], 税表: ["w8bene"] };

function makeIndex() {
  const postings = {};
  UNITS.forEach(([, , , , weights], unit) => {
    for (const [word, weight] of Object.entries(weights)) {
      postings[word] ??= [];
      postings[word].push(weight === 1 ? unit : [unit, weight]);
    }
  });
  const vocabulary = Object.keys(postings).sort();
  return {
    docnames: [...new Set(UNITS.map((u) => u[0]))],
    titles: [...new Set(UNITS.map((u) => u[0]))],
    zh: {
      v: 3,
      units: UNITS.map(([page, anchor, title]) => [[...new Set(UNITS.map((u) => u[0]))].indexOf(page), anchor, title]),
      texts: UNITS.map((u) => u[3]),
      words: vocabulary,
      postings: vocabulary.map((w) => postings[w]),
      syn: SYN,
      stop: ["怎么", "怎么办", "吗", "什么", "可以", "要不要", "多少", "的", "是", "了", "我", "被", "在", "哪", "要", "and", "the"],
      intent: ["第一步", "办法"],
      pinyin: vocabulary.map((w) => PINYIN[w] ?? ""),
      synpinyin: { 封号: "feng hao", 多少钱: "duo shao qian", 客服: "ke fu", 税表: "shui biao" },
      last: [UNITS.findIndex((u) => u[1] === "source-gaps")],
      suggest: [2, 6],
      chars: "帳账號号",
      phrases: {},
      snippet: 30,
    },
  };
}

function loadEngine() {
  const document = {
    readyState: "complete",
    querySelectorAll: () => [],
    getElementById: () => null,
    documentElement: { dataset: {} },
  };
  const context = vm.createContext({ document, location: { search: "" }, URLSearchParams });
  context.window = context;
  vm.runInContext(readFileSync(ENGINE, "utf8"), context);
  context.Search.setIndex(makeIndex());
  return context.Search;
}

const Search = loadEngine();
// The engine runs in its own realm: its arrays are copied into this one to compare them.
const copy = (value) => JSON.parse(JSON.stringify(value));
const words = (q) => copy(Search.analyse(q).slots.map((alts) => alts.map(([w]) => w)));
const top = async (q, n = 3) => copy((await Search.query(q, n)).map((r) => r.anchor));
const plain = (parts) => parts.map(([s]) => s).join("");

test("Chinese is cut by longest match against the vocabulary, stop words dropped", () => {
  assert.deepEqual(words("运营经理怎么办"), [["运营经理"]]);
  assert.deepEqual(words("账户的问题"), [["账户"], ["问题"]]);
});

test("Latin words join into a known term, or split into known ones", () => {
  assert.deepEqual(words("brand registry"), [["brandregistry"]]);
  assert.deepEqual(words("BRAND-REGISTRY"), [["brandregistry"]]);
  assert.deepEqual(words("registrybrand"), [["registry"], ["brand"]]);
  assert.deepEqual(words("Ｗ-８ＢＥＮ-Ｅ"), [["w8bene"]]);
});

test("a query is cut at MAX_QUERY characters, so a paste costs no more than its first 200", () => {
  const paste = Array.from({ length: 1000 }, (_, i) => `word${i % 50}`).join(" ");
  assert.ok(Search.analyse(paste).norm.length <= 200);
});

test("a synonym is an alternative of its word, a little below the word itself", () => {
  const [alts] = Search.analyse("封号").slots;
  assert.deepEqual(copy(alts), [["暂停", 0.9]]);
  assert.deepEqual(words("税表在哪"), [["w8bene"]]);
});

test("pinyin, whole, spaced or as initials, means the Chinese word it spells", async () => {
  for (const q of ["yunyingjingli", "yun ying jing li", "YunYing JingLi", "yyjl"]) assert.deepEqual(words(q), [["运营经理"]], q);
  assert.deepEqual(words("pinpaibeian"), [["品牌备案"]]);
  assert.deepEqual(words("ppba"), [["品牌备案"]]);
  assert.deepEqual(words("zhanghu wenti"), [["账户"], ["问题"]]);
  assert.deepEqual(words("fenghao"), [["暂停"]], "a synonym's pinyin means what the synonym means");
  assert.deepEqual(await top("shuiwu", 1), ["term-w8"]);
});

test("pinyin brings back nothing by accident", () => {
  assert.deepEqual(words("zh"), [[]], "initials of a two-character word say too little");
  assert.deepEqual(words("brand"), [["brand"]], "an English word of the index stays English");
  assert.deepEqual(words("yunyin"), [["运营", "运营经理"]], "a prefix means the words it starts");
  assert.deepEqual(words("dating"), [[]], "one letter off short pinyin is not a typo of it");
});

test("typos: a homophone or one character off a longer word, a letter off an English word", () => {
  assert.ok(words("运营经里").flat().includes("运营经理"));
  assert.ok(words("品牌被案").flat().includes("品牌备案"));
  assert.ok(words("brand registy").flat().includes("registry"));
  assert.ok(words("yunyinjingli").flat().includes("运营经理"), "pinyin of 8 letters or more");
  assert.deepEqual(words("运营经理"), [["运营经理"]], "a query cut whole has no typos");
});

test("an intent word only breaks ties between the topic's sections", async () => {
  assert.equal((await top("账户第一步"))[0], "first-steps");
  // guide#steps says 第一步 most; registration-steps is about 注册, the topic.
  assert.equal((await top("注册第一步"))[0], "registration-steps");
});

test("money words mean fees, never 多少天", async () => {
  assert.deepEqual(await top("注册要多少钱", 1), ["fees"]);
  const anchors = await top("多少钱", 10);
  assert.ok(!anchors.includes("days"), anchors.join());
});

test("the list of gaps ranks after every answer", async () => {
  const anchors = await top("账户问题", 10);
  assert.equal(anchors.at(-1), "source-gaps", anchors.join());
  assert.ok(anchors.length > 1);
});

test("a snippet starts at a phrase boundary and reads a table row as 表头：值", async () => {
  const [w8] = await Search.query("税务", 1);
  assert.equal(plain(w8.snippet), "…声明自己的外国身份。与你的关系：它是评估材料中的税务信息。");
  const [row] = await Search.query("通道", 1);
  assert.match(plain(row.snippet), /入驻通道：招商经理通道；/);
});

test("a snippet starts after a clause's punctuation rather than at a bracket inside the clause", async () => {
  const [fraud] = await Search.query("包过", 1);
  assert.match(plain(fraud.snippet), /^…或许诺“guaranteed pass”（包过）/, plain(fraud.snippet));
});

test("before a query: the suggested units", async () => {
  assert.deepEqual(copy((await Search.common()).map((r) => r.anchor)), ["first-steps", "fees"]);
});
