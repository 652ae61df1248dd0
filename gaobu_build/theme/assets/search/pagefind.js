// The search of Chinese pages: Pagefind's own module (the search box loads this file
// as its `pagefind.js`: <pagefind-config bundle-path> in partials/alternate.html),
// with each query looked up the way gaobu_build/site/search.py indexed Chinese pages.
//
// There every letter and digit is a term of its own, because Pagefind segments Chinese
// one way when indexing and the browser another way when searching, and a word cut
// differently is not found. So each run of the query between spaces is looked up as a
// phrase of its characters ("医 联 体"): it finds exactly the pages that hold it. A page
// must hold every run; the pages are ranked by Pagefind's own score for the query's
// characters. A run that stands nowhere as typed is looked up by its words of two or
// more characters instead (the browser's word segmenter), each as a phrase, so 经济发展
// still finds a page that speaks of 经济 and of 发展.
import * as pagefind from "../../pagefind/pagefind.js";

const TERM = /[\p{L}\p{N}]\p{M}*/gu; // one letter or digit, as search.py makes a term of it

function phrase(text) {
  return (text.match(TERM) || []).join(" ");
}

function words(run) {
  if (typeof Intl.Segmenter !== "function") return [];
  const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  return [...segmenter.segment(run)].map((s) => phrase(s.segment)).filter(Boolean);
}

// Pagefind joins the index words of a Chinese page, its characters (each with the
// punctuation after it), with spaces, and a space of the text is a WORD JOINER there
// (search.py): show the text as it is.
function asText(html) {
  if (typeof html !== "string") return html;
  return html
    .replace(/[ \u200b]/g, "")
    .replace(/\u2060+/g, " ") // a space of the text (WORD JOINER in the indexing view)
    .trim()
    .replace(/([^\p{L}\p{N}\p{M}<>]+)<\/mark>/gu, "</mark>$1") // mark the characters, not what follows them
    .replaceAll("</mark><mark>", "");
}

function readable(data) {
  const out = { ...data, excerpt: asText(data.excerpt), plain_excerpt: asText(data.plain_excerpt) };
  if (data.meta) out.meta = { ...data.meta, title: asText(data.meta.title) };
  if (Array.isArray(data.sub_results)) {
    out.sub_results = data.sub_results.map((sub) => ({
      ...sub, title: asText(sub.title), excerpt: asText(sub.excerpt), plain_excerpt: asText(sub.plain_excerpt),
    }));
  }
  return out;
}

async function pagesHolding(engine, run, options) {
  const exact = await engine.search(`"${phrase(run)}"`, options);
  if (exact.results.length) return [exact];
  // Single characters are left out: 的 or 在 narrow nothing, and a run cut into single
  // characters (体联医) would find every page that has them anywhere.
  const parts = words(run).filter((word) => word.includes(" "));
  if (!parts.length || (parts.length === 1 && parts[0] === phrase(run))) return [exact];
  const answers = [];
  for (const part of parts) answers.push(await engine.search(`"${part}"`, options));
  return answers;
}

async function search(engine, query, options = {}) {
  const runs = typeof query === "string" ? query.split(/\s+/).filter((run) => phrase(run)) : [];
  if (!runs.length) return engine.search(query, options); // no letter or digit: Pagefind's own answer
  const answers = [];
  for (const run of runs) answers.push(...(await pagesHolding(engine, run, options)));
  const held = answers.map((answer) => new Set(answer.results.map((r) => r.id)));
  const found = new Map();
  for (const answer of answers) {
    for (const result of answer.results) {
      if (!found.has(result.id) && held.every((ids) => ids.has(result.id))) found.set(result.id, result);
    }
  }
  if (!found.size) return { ...answers[0], results: [], unfilteredResultCount: 0 };
  const ranking = await engine.search(runs.map(phrase).join(" "), options);
  const scores = new Map(ranking.results.map((r) => [r.id, r.score]));
  const results = [...found.values()]
    .map((r) => ({ ...r, score: scores.get(r.id) ?? 0, data: async () => readable(await r.data()) }))
    .sort((a, b) => b.score - a.score);
  return { ...answers[0], results, unfilteredResultCount: results.length };
}

// The Component UI makes its search engine with `createInstance`: the one export it uses.
// An excerpt is counted in index words, here characters: 60 show about as much as Pagefind's
// 30 English words.
export function createInstance(instanceOptions) {
  const engine = pagefind.createInstance({ excerptLength: 60, ...instanceOptions });
  return { ...engine, search: (query, options) => search(engine, query, options) };
}
