// The article reader: the text with entities, time expressions, events (trigger + evidence sentence)
// and quotes highlighted. Spans overlap freely, so the text is cut at every span boundary and each piece
// is wrapped in the spans that cover it, outer layers first (a span that crosses an outer one is split
// into fragments that share its data-ids). A click shows every layer under the pointer in the side panel;
// "?event=V1", "?quote=Q1" or "?span=START-END" marks that stretch and scrolls it into view.

import { get } from "./api.js";
import { append, h, hashOf, message, names, QUAD, quadBadge, replace, safeUrl, when } from "./dom.js";

// Nesting order, outermost first; the layer decides the CSS class and which toggle hides it.
const RANK = { target: 0, evidence: 1, mention: 1, quote: 2, cue: 3, entity: 4, timex: 4, trigger: 5 };
const LAYER = {
  evidence: "event", mention: "event", trigger: "event", quote: "quote", cue: "quote", entity: "entity", timex: "timex", target: "target",
};
const LAYERS = [
  ["entity", "Entities"],
  ["timex", "Time expressions"],
  ["event", "Events"],
  ["quote", "Quotes"],
];

export async function renderArticle(root, id, params) {
  if (!id) throw new Error("no article id in the address");
  const analysis = await get(`articles/${encodeURIComponent(id)}`);
  const { article } = analysis;
  const original = safeUrl(article.url);
  const index = indexOf(analysis);
  const spans = annotations(analysis);
  const target = targetOf(params, analysis);
  if (target) spans.push(target);
  const body = h("div", { class: "article-text", lang: "en" });
  paint(body, article.text, group(spans), (span) => describe(span, index));

  const details = h("div", { class: "details", "aria-live": "polite" },
    h("p", { class: "hint" }, "Click a highlight to see what it is."));
  body.addEventListener("click", (event) => show(details, layersAt(event.target, body), index));
  body.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      show(details, layersAt(event.target, body), index);
    }
  });

  append(root,
    h("header", { class: "article-head" },
      h("h1", {}, article.title || article.id),
      h("p", { class: "meta" }, [article.date, article.publisher || (original ? null : article.source)]
        .filter(Boolean).join(" · "),
        original ? [" · ", h("a", { href: original, rel: "noopener noreferrer", target: "_blank" }, "original")] : null)),
    h("div", { class: "reader" },
      body,
      h("aside", { class: "side" },
        toggles(body),
        details,
        summary(analysis))));

  if (target) {
    root.addEventListener("shown", () => {
      const marked = body.querySelector(".target");
      if (marked) {
        marked.scrollIntoView({ block: "center" });
        // on a phone the details sheet would cover the marked text, so it opens on a tap only
        if (window.matchMedia("(max-width: 760px)").matches) return;
        if (target.event) show(details, [{ kind: "evidence", ids: [target.event] }], index);
        if (target.quote) show(details, [{ kind: "quote", ids: [target.quote] }], index);
      }
    });
  }
}

/** Lookup tables: local id -> entity / timex / event / quote. */
function indexOf(analysis) {
  const by = (list) => new Map((list || []).map((item) => [item.id, item]));
  return {
    entity: by(analysis.entities), timex: by(analysis.timexes),
    event: by(analysis.events), quote: by(analysis.quotes),
  };
}

/** Every highlight as {kind, start, end, id, sub}. */
function annotations(analysis) {
  const out = [];
  for (const e of analysis.entities || []) {
    for (const m of e.mentions || []) out.push({ kind: "entity", start: m.start, end: m.end, id: e.id, sub: e.kind });
  }
  for (const t of analysis.timexes || []) out.push({ kind: "timex", start: t.start, end: t.end, id: t.id, sub: t.type });
  for (const ev of analysis.events || []) {
    out.push({ kind: "evidence", start: ev.evidence.start, end: ev.evidence.end, id: ev.id, sub: `q${ev.quad_class}` });
    out.push({ kind: "trigger", start: ev.trigger.start, end: ev.trigger.end, id: ev.id, sub: `q${ev.quad_class}` });
    // other sentences that report the same event (the evidence is the first of them)
    for (const m of ev.mentions || []) {
      if (m.start !== ev.evidence.start || m.end !== ev.evidence.end) {
        out.push({ kind: "mention", start: m.start, end: m.end, id: ev.id, sub: `q${ev.quad_class}` });
      }
    }
  }
  for (const q of analysis.quotes || []) {
    out.push({ kind: "quote", start: q.start, end: q.end, id: q.id, sub: q.kind });
    if (q.cue) out.push({ kind: "cue", start: q.cue.start, end: q.cue.end, id: q.id, sub: q.kind });
  }
  return out;
}

/** The deep-link target: "?span=START-END" or the evidence of "?event=V1" (null when absent/invalid). */
function targetOf(params, analysis) {
  const text = analysis.article.text;
  const span = /^(\d+)-(\d+)$/.exec(params.get("span") || "");
  if (span) {
    const start = Number(span[1]);
    const end = Number(span[2]);
    if (start < end && end <= text.length) return { kind: "target", start, end, id: "span", sub: "" };
  }
  const quote = (analysis.quotes || []).find((q) => q.id === params.get("quote"));
  if (quote) return { kind: "target", start: quote.start, end: quote.end, id: quote.id, sub: "", quote: quote.id };
  const event = (analysis.events || []).find((ev) => ev.id === params.get("event"));
  if (event) {
    return { kind: "target", start: event.evidence.start, end: event.evidence.end, id: event.id, sub: "", event: event.id };
  }
  return null;
}

/** Merge highlights of the same kind over the same stretch (e.g. two events from one sentence). */
function group(spans) {
  const merged = new Map();
  for (const a of spans) {
    if (!(a.end > a.start)) continue;
    const key = `${a.kind}:${a.start}:${a.end}:${a.sub}`;
    const found = merged.get(key);
    if (found) found.ids.push(a.id);
    else merged.set(key, { ...a, ids: [a.id] });
  }
  return [...merged.values()].sort((x, y) =>
    RANK[x.kind] - RANK[y.kind] || x.start - y.start || y.end - x.end || (x.sub < y.sub ? -1 : x.sub > y.sub ? 1 : 0));
}

/** Write ``text`` into ``root`` with the (sorted) highlights as nested elements.
 *
 * One sweep over the cut points: the highlights covering the current piece are kept in nesting order;
 * the open elements that still match that order are reused, the rest are closed and new ones opened.
 * Linear in text pieces times the (small) number of highlights covering a piece, so long articles with
 * thousands of highlights stay fast. */
function paint(root, text, spans, title) {
  const clamp = (n) => Math.max(0, Math.min(text.length, n));
  spans.forEach((span, order) => { span.order = order; });
  const cuts = new Set([0, text.length]);
  for (const a of spans) {
    cuts.add(clamp(a.start));
    cuts.add(clamp(a.end));
  }
  const points = [...cuts].sort((x, y) => x - y);
  const byStart = [...spans].sort((x, y) => x.start - y.start);
  let next = 0;
  let active = [];
  const stack = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1];
    active = active.filter((a) => a.end > from);
    while (next < byStart.length && clamp(byStart[next].start) <= from) active.push(byStart[next++]);
    active.sort((x, y) => x.order - y.order);
    const covering = active.filter((a) => a.end >= to);
    let keep = 0;
    while (keep < stack.length && keep < covering.length && stack[keep].span === covering[keep]) keep++;
    stack.length = keep;
    let parent = keep ? stack[keep - 1].node : root;
    for (const span of covering.slice(keep)) {
      const node = element(span, title);
      parent.append(node);
      stack.push({ span, node });
      parent = node;
    }
    parent.append(document.createTextNode(text.slice(from, to)));
  }
}

function element(span, title) {
  const focusable = !["evidence", "mention", "target"].includes(span.kind);
  return h("span", {
    title: focusable ? title(span) : null,
    class: [`ann ann-${span.kind} layer-${LAYER[span.kind]}`, span.sub ? `k-${span.sub}` : "",
      span.kind === "target" ? "target" : ""].filter(Boolean).join(" "),
    dataset: { kind: span.kind, ids: span.ids.join(" ") },
    tabindex: focusable ? "0" : null,
  });
}

/** A one-line tooltip for a highlight (shown on hover; the click shows the full card). */
function describe(span, index) {
  const lines = span.ids.map((id) => {
    if (span.kind === "entity") {
      const e = index.entity.get(id);
      return e ? [e.name, e.kind, e.country, e.role].filter(Boolean).join(" · ") : id;
    }
    if (span.kind === "timex") {
      const t = index.timex.get(id);
      return t ? `${t.type} ${t.value}` : id;
    }
    if (span.kind === "trigger") {
      const ev = index.event.get(id);
      return ev ? `${ev.type} (CAMEO ${ev.cameo}): ${names(ev.actors)} → ${names(ev.recipients)}` : id;
    }
    const q = index.quote.get(id);
    return q ? `${q.kind} quote${q.speaker ? ` by ${q.speaker.name}` : ""}` : id;
  });
  return lines.join("\n");
}

/** The highlights containing ``node`` (innermost first), as [{kind, ids}]. */
function layersAt(node, stop) {
  const found = [];
  for (let n = node; n && n !== stop; n = n.parentElement) {
    if (n.classList && n.classList.contains("ann") && n.dataset.kind !== "target") {
      found.push({ kind: n.dataset.kind, ids: n.dataset.ids.split(" ") });
    }
  }
  return found;
}

/** Fill the side panel with what each layer under the pointer is. */
function show(panel, layers, index) {
  if (!layers.length) return;
  const seen = new Set();
  const cards = [];
  for (const { kind, ids } of layers) {
    for (const id of ids) {
      const key = `${LAYER[kind]}:${id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      cards.push(card(key.split(":")[0], id, index));
    }
  }
  replace(panel, h("button", { type: "button", class: "close", "aria-label": "close details",
    onclick: () => panel.classList.remove("open") }, "×"), cards);
  panel.classList.add("open");
}

function card(kind, id, index) {
  if (kind === "entity") {
    const e = index.entity.get(id);
    if (!e) return null;
    return h("div", { class: "card card-entity" },
      h("h3", {}, e.name), h("p", {}, [e.kind, e.country, e.sector, e.code].filter(Boolean).join(" · ")),
      e.role ? h("p", {}, e.role) : null,
      h("p", {}, `${(e.mentions || []).length} mention${(e.mentions || []).length === 1 ? "" : "s"} here`),
      h("p", {},
        h("a", { href: hashOf("entity", { name: e.name, kind: e.kind, country: e.country || "" }) }, "entity page"),
        " · ",
        h("a", { href: hashOf("timeline", { actor: e.name }) }, "its events")));
  }
  if (kind === "timex") {
    const t = index.timex.get(id);
    if (!t) return null;
    return h("div", { class: "card card-timex" },
      h("h3", {}, `“${t.text}”`), h("p", {}, `${t.type} · value ${t.value}`));
  }
  if (kind === "event") {
    const ev = index.event.get(id);
    if (!ev) return null;
    return h("div", { class: "card card-event", dataset: { id } },
      h("h3", {}, `${ev.type}${ev.mode ? ` / ${ev.mode}` : ""} `, quadBadge(ev.quad_class)),
      h("p", {}, `CAMEO ${ev.cameo} · ${QUAD[ev.quad_class] || ""} · ${ev.modality}`),
      h("p", {}, `${names(ev.actors)} → ${names(ev.recipients)}`),
      h("p", {}, `date: ${when(ev)}`, ev.location ? ` · place: ${ev.location.name}` : ""),
      h("p", {}, `trigger: “${ev.trigger.text}”`),
      ev.canonical_id
        ? h("p", {}, h("a", { href: hashOf(`event/${encodeURIComponent(ev.canonical_id)}`), class: "canonical-link" },
          "the event across articles →"))
        : null);
  }
  if (kind === "quote") {
    const q = index.quote.get(id);
    if (!q) return null;
    return h("div", { class: "card card-quote" },
      h("h3", {}, `${q.kind} quote`),
      h("p", {}, "speaker: ",
        q.speaker ? h("a", { href: hashOf("quotes", { speaker: q.speaker.name }) }, q.speaker.name) : "unknown",
        q.cue ? ` · cue “${q.cue.text}”` : ""),
      h("blockquote", {}, q.text));
  }
  return null;
}

function toggles(body) {
  return h("fieldset", { class: "toggles" },
    h("legend", {}, "Show"),
    LAYERS.map(([layer, label]) => h("label", { class: `toggle legend-${layer}` },
      h("input", { type: "checkbox", checked: true, name: layer,
        onchange: (event) => body.classList.toggle(`hide-${layer}`, !event.target.checked) }),
      h("span", { class: `swatch layer-${layer}` }),
      label)),
    h("p", { class: "kinds" },
      ["person", "organization", "location", "group"].map((k) => h("span", { class: `ann ann-entity k-${k}` }, k)),
      " ", h("span", { class: "ann ann-trigger" }, "trigger"), " ", h("span", { class: "ann ann-evidence" }, "evidence"),
      " ", h("span", { class: "ann ann-mention" }, "also reported")));
}

/** Counts and the list of events in this article, each scrolling to its evidence. */
function summary(analysis) {
  const events = analysis.events || [];
  return h("section", { class: "in-article" },
    h("p", { class: "counts" },
      `${(analysis.entities || []).length} entities · ${(analysis.timexes || []).length} time expressions · `
      + `${events.length} events · ${(analysis.quotes || []).length} quotes`),
    events.length
      ? h("ol", { class: "article-events" }, events.map((ev) => h("li", {},
          h("a", { href: hashOf(`article/${encodeURIComponent(analysis.article.id)}`, { event: ev.id }) },
            `${ev.id} ${ev.type}: “${ev.trigger.text}”`))))
      : message("No events in this article."));
}
