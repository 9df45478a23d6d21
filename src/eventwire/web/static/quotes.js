// The quote browser: who is quoted (most quoted first) and, for the chosen speaker or text, the quotes
// themselves, each linking to its place in the article.

import { get } from "./api.js";
import { append, h, hashOf, message } from "./dom.js";
import { pager } from "./timeline.js";

const PAGE = 50;

export async function renderQuotes(root, _id, params) {
  const speaker = params.get("speaker") || "";
  const q = params.get("q") || "";
  const who = params.get("who") || "";
  const offset = Math.max(0, Number.parseInt(params.get("offset") || "0", 10) || 0);
  const [speakers, quotes] = await Promise.all([
    get("quotes/speakers", { q: who, limit: 200 }),
    get("quotes", { speaker, q, limit: PAGE, offset }),
  ]);
  const form = h("form", { class: "filters", role: "search", "aria-label": "quote filters" },
    h("label", { class: "field" }, h("span", {}, "Speaker"),
      h("input", { name: "speaker", value: speaker, autocomplete: "off" })),
    h("label", { class: "field" }, h("span", {}, "Text"), h("input", { name: "q", type: "search", value: q })),
    h("div", { class: "buttons" }, h("button", { type: "submit" }, "Apply"),
      h("a", { class: "button secondary", href: hashOf("quotes") }, "Clear")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = hashOf("quotes", { speaker: String(data.get("speaker")).trim(), q: String(data.get("q")).trim() });
  });
  append(root,
    h("h1", {}, "Quotes"),
    form,
    h("div", { class: "quote-browser" },
      h("nav", { class: "speakers", "aria-label": "speakers" },
        h("h2", {}, `Speakers (${speakers.total})`),
        speakers.items.length
          ? h("ul", {}, speakers.items.map((sp) => h("li", { class: sp.name === speaker ? "active" : null },
              h("a", { href: hashOf("quotes", { speaker: sp.name }), class: "speaker-link" }, sp.name),
              h("span", { class: "count" }, ` ${sp.quotes}${sp.country ? ` · ${sp.country}` : ""}`))))
          : message("Nobody is quoted yet.")),
      h("section", { class: "quote-list", "aria-label": "quotes" },
        h("h2", {}, speaker ? `${quotes.total} quote${quotes.total === 1 ? "" : "s"} by “${speaker}”`
          : `${quotes.total} quote${quotes.total === 1 ? "" : "s"}`),
        quotes.items.length ? h("ul", {}, quotes.items.map(quoteItem)) : message("No quotes match."),
        pager(quotes, { speaker, q }, "quotes"))));
}

export function quoteItem(quote) {
  const href = hashOf(`article/${encodeURIComponent(quote.article_id)}`, { span: `${quote.start}-${quote.end}` });
  return h("li", { class: `quote k-${quote.kind}`, dataset: { id: quote.id } },
    h("blockquote", {}, quote.text),
    h("p", { class: "source" },
      quote.speaker_name
        ? h("a", { href: hashOf("quotes", { speaker: quote.speaker_name }) }, quote.speaker_name)
        : h("span", {}, "unattributed"),
      quote.speaker_role ? h("span", { class: "role" }, `, ${quote.speaker_role}`) : null,
      quote.cue_text ? ` (${quote.cue_text})` : "",
      ` · ${quote.kind} · `,
      h("a", { href }, `${quote.title || quote.article_id}, ${quote.article_date}`)));
}
