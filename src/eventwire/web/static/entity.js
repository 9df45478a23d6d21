// One entity across articles: who or what it is, its canonical events and its quotes over time.
// Reached by its id ("#/entity/person.FRA.emmanuel-macron") or, from the article reader, by
// "?name=&kind=&country=", which is looked up through /api/entities (ids are built by the server).

import { get } from "./api.js";
import { append, h, hashOf, message, s } from "./dom.js";
import { quoteItem } from "./quotes.js";
import { eventItem } from "./timeline.js";

export async function renderEntity(root, id, params) {
  const entityId = id || (await lookup(params));
  if (!entityId) {
    append(root, message(`No entity named “${params.get("name") || ""}” was found.`, "error"));
    return;
  }
  const data = await get(`entities/${encodeURIComponent(entityId)}`);
  const e = data.entity;
  append(root,
    h("h1", {}, e.name),
    h("p", { class: "meta" }, [e.kind, e.country, e.code, e.role].filter(Boolean).join(" · ")),
    h("p", { class: "counts" }, `${e.mentions} mentions in ${e.articles} article${e.articles === 1 ? "" : "s"}, `
      + `${e.first_seen} to ${e.last_seen} · `,
      h("a", { href: hashOf("timeline", { actor: e.name }) }, "events on the timeline")),
    (data.timeline || []).length ? sparkline(data.timeline) : null,
    h("section", { class: "event-list" }, h("h2", {}, `Events (${data.events.length})`),
      data.events.length ? h("ol", { class: "events" }, data.events.map(eventItem)) : message("No events.")),
    h("section", { class: "quote-list" }, h("h2", {}, `Quotes (${data.quotes.length})`),
      data.quotes.length ? h("ul", {}, data.quotes.map(quoteItem)) : message("No quotes.")));
}

async function lookup(params) {
  const name = params.get("name");
  if (!name) return null;
  const found = await get("entities", { q: name, kind: params.get("kind"), country: params.get("country"), limit: 50 });
  const exact = found.items.find((item) => item.name === name) || found.items[0];
  return exact ? exact.id : null;
}

/** Events and quotes per month as paired bars. */
function sparkline(timeline) {
  const step = 48;
  const width = Math.max(160, step * timeline.length);
  const height = 80;
  const max = Math.max(1, ...timeline.map((t) => Math.max(t.events, t.quotes)));
  const svg = s("svg", { class: "chart small", width, height: height + 16, viewBox: `0 0 ${width} ${height + 16}`,
    role: "img", "aria-label": "events and quotes per month" });
  timeline.forEach((t, i) => {
    const x = i * step;
    const w = Math.max(1, step * 0.4);
    const he = (height * t.events) / max;
    const hq = (height * t.quotes) / max;
    svg.append(
      s("rect", { x: x + step * 0.1, y: height - he, width: w, height: he, class: "bar-events" },
        s("title", {}, `${t.key}: ${t.events} events`)),
      s("rect", { x: x + step * 0.1 + w, y: height - hq, width: w, height: hq, class: "bar-quotes" },
        s("title", {}, `${t.key}: ${t.quotes} quotes`)),
      s("text", { x: x + step / 2, y: height + 12, class: "tick", "text-anchor": "middle" }, t.key));
  });
  return h("figure", { class: "chart-box" }, svg, h("figcaption", {}, "per month: events (dark), quotes (light)"));
}
