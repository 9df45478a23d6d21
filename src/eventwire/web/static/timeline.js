// Timeline of canonical events: filters, a stacked bar chart per day/week/month (SVG, coloured by
// quad class; a click on a bar narrows the dates to that bucket) and the paged list of events.

import { get } from "./api.js";
import { append, h, hashOf, message, names, QUAD, quadBadge, s, when } from "./dom.js";
import { filterForm, filterValues } from "./filters.js";

const PAGE = 50;
const DAY = 86400000;

export async function renderTimeline(root, _id, params) {
  const filters = filterValues(params);
  const bucket = ["day", "week", "month"].includes(params.get("bucket")) ? params.get("bucket") : "month";
  const offset = Math.max(0, Number.parseInt(params.get("offset") || "0", 10) || 0);
  const [timeline, events] = await Promise.all([
    get("timeline", { ...filters, bucket }),
    get("events", { ...filters, limit: PAGE, offset }),
  ]);
  const bucketSelect = h("label", { class: "field" }, h("span", {}, "Bars per"),
    h("select", { name: "bucket" }, ["day", "week", "month"].map((b) =>
      h("option", { value: b, selected: b === bucket }, b))));
  append(root,
    h("h1", {}, "Timeline of events"),
    filterForm("timeline", params, [bucketSelect]),
    h("section", { class: "chart-box", "aria-label": "events over time" },
      timeline.buckets.length ? chart(timeline, filters, bucket) : message("No events match these filters."),
      legend()),
    h("section", { class: "event-list", "aria-label": "events" },
      h("h2", {}, `${events.total} event${events.total === 1 ? "" : "s"}`),
      h("ol", { class: "events", start: offset + 1 }, events.items.map(eventItem)),
      pager(events, { ...filters, bucket })));
}

/** One canonical event in the list: date, type, who → whom, the evidence summary and the counts. */
export function eventItem(event) {
  return h("li", { class: `event q${event.quad_class}`, dataset: { id: event.id } },
    h("a", { class: "event-link", href: hashOf(`event/${encodeURIComponent(event.id)}`) },
      h("span", { class: "when" }, when(event)),
      h("span", { class: "type" }, event.type + (event.mode ? ` / ${event.mode}` : "")),
      quadBadge(event.quad_class),
      h("span", { class: "who" }, `${names(event.actors)} → ${names(event.recipients)}`)),
    h("p", { class: "summary" }, event.summary || ""),
    h("p", { class: "counts" },
      `${event.num_mentions} mention${event.num_mentions === 1 ? "" : "s"} · `
      + `${event.num_articles} article${event.num_articles === 1 ? "" : "s"} · `
      + `${event.num_sources} source${event.num_sources === 1 ? "" : "s"}`
      + (event.modality && event.modality !== "asserted" ? ` · ${event.modality}` : "")));
}

/** "Previous / next" links for a list response {total, limit, offset}. */
export function pager(list, params, route = "timeline") {
  const { total, limit, offset } = list;
  if (total <= limit && offset === 0) return null;
  const last = Math.min(offset + limit, total);
  return h("nav", { class: "pager", "aria-label": "pages" },
    offset > 0
      ? h("a", { href: hashOf(route, { ...params, offset: Math.max(0, offset - limit) || "" }) }, "← previous")
      : null,
    h("span", {}, `${offset + 1}–${last} of ${total}`),
    last < total ? h("a", { href: hashOf(route, { ...params, offset: offset + limit }) }, "next →") : null);
}

function legend() {
  return h("ul", { class: "legend" }, Object.entries(QUAD).map(([key, label]) =>
    h("li", {}, h("span", { class: `swatch q${key}` }), `${key} ${label}`)));
}

/** Every bucket between the first and the last, empty ones included, so the x axis is real time. */
function fillBuckets(buckets, bucket) {
  if (buckets.length < 2) return buckets;
  const byStart = new Map(buckets.map((b) => [b.start, b]));
  const filled = [];
  let cursor = new Date(`${buckets[0].start}T00:00:00Z`);
  const stop = new Date(`${buckets[buckets.length - 1].start}T00:00:00Z`);
  while (cursor <= stop && filled.length < 2000) {
    const start = cursor.toISOString().slice(0, 10);
    const next = bucket === "month"
      ? new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, 1))
      : new Date(cursor.getTime() + (bucket === "week" ? 7 : 1) * DAY);
    const end = new Date(next.getTime() - DAY).toISOString().slice(0, 10);
    const key = bucket === "month" ? start.slice(0, 7) : bucket === "week" ? isoWeek(cursor) : start;
    filled.push(byStart.get(start) || { key, start, end, count: 0, by_quad_class: {} });
    cursor = next;
  }
  return filled.length >= 2000 ? buckets : filled;
}

function chart(timeline, filters, bucket) {
  const buckets = fillBuckets(timeline.buckets, bucket);
  // Draw at about the size it is shown, so the labels stay readable on a phone.
  const width = Math.round(Math.min(800, Math.max(320, document.documentElement.clientWidth - 60)));
  const height = width < 500 ? 150 : 180;
  const pad = { left: 34, right: 8, top: 10, bottom: 28 };
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const step = (width - pad.left - pad.right) / buckets.length;
  const bar = Math.max(1, step * 0.8);
  const y = (n) => ((height - pad.top - pad.bottom) * n) / max;
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `events per ${bucket}` });
  // y axis: 0 and max
  for (const tick of [0, max]) {
    const ty = height - pad.bottom - y(tick);
    svg.append(s("line", { x1: pad.left - 4, x2: width - pad.right, y1: ty, y2: ty, class: "grid" }),
      s("text", { x: pad.left - 6, y: ty + 4, class: "tick", "text-anchor": "end" }, String(tick)));
  }
  const labelEvery = Math.ceil(buckets.length / Math.max(3, Math.floor(width / 80)));
  buckets.forEach((b, i) => {
    const x = pad.left + i * step + (step - bar) / 2;
    const target = hashOf("timeline", { ...filters, since: b.start, until: b.end, bucket: finer(bucket) });
    const group = s("a", { href: target, class: "bar", "aria-label": `${b.key}: ${b.count} events` },
      s("title", {}, `${b.key}: ${b.count} event${b.count === 1 ? "" : "s"}`));
    let base = height - pad.bottom;
    for (const quad of ["1", "2", "3", "4"]) {
      const n = (b.by_quad_class || {})[quad] || 0;
      if (!n) continue;
      const hgt = y(n);
      base -= hgt;
      group.append(s("rect", { x, y: base, width: bar, height: hgt, class: `q${quad}` }));
    }
    if (b.count) svg.append(group);
    if (i % labelEvery === 0) {
      svg.append(s("text", { x: x + bar / 2, y: height - pad.bottom + 16, class: "tick", "text-anchor": "middle" }, b.key));
    }
  });
  return svg;
}

/** ISO week key "2023-W38" of a UTC date (the week's Thursday decides the year). */
function isoWeek(day) {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - jan1) / DAY / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** Clicking a month shows its weeks, a week its days. */
function finer(bucket) {
  return bucket === "month" ? "week" : "day";
}
