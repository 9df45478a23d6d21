// Full-text search over articles and quotes (GET /api/search), best match first. Snippets mark the
// matched words with [ ]; they are split on those marks and shown as text with <mark> around matches.

import { get } from "./api.js";
import { append, h, hashOf, message } from "./dom.js";
import { pager } from "./timeline.js";

const PAGE = 30;

export async function renderSearch(root, _id, params) {
  const q = (params.get("q") || "").trim();
  const offset = Math.max(0, Number.parseInt(params.get("offset") || "0", 10) || 0);
  append(root, h("h1", {}, q ? `Search: ${q}` : "Search"));
  if (!q) {
    append(root, message("Type words in the search box above (\"exact phrase\", OR, NOT and prefix* work)."));
    return;
  }
  const found = await get("search", { q, limit: PAGE, offset });
  append(root,
    h("p", { class: "counts" }, `${found.total} match${found.total === 1 ? "" : "es"}`),
    found.items.length
      ? h("ol", { class: "results", start: offset + 1 }, found.items.map(result))
      : message("Nothing matches."),
    pager(found, { q }, "search"));
}

function result(item) {
  const local = item.kind === "quote" ? item.id.slice(item.article_id.length + 1) : null;
  const href = hashOf(`article/${encodeURIComponent(item.article_id)}`, local ? { quote: local } : {});
  return h("li", { class: `result k-${item.kind}` },
    h("a", { href }, item.title || item.article_id),
    h("span", { class: "code" }, ` · ${item.kind} · ${item.article_date}`),
    h("p", { class: "snippet" }, snippet(item.snippet || "")));
}

/** "a [match] b" -> ["a ", <mark>match</mark>, " b"], all as text. */
export function snippet(text) {
  return text.split(/(\[[^\]]*\])/).map((part) =>
    part.startsWith("[") && part.endsWith("]") ? h("mark", {}, part.slice(1, -1)) : part);
}
