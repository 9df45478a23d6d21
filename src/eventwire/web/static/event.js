// One canonical event: what, when, where, who → whom, how often it was reported, every mention with
// its evidence (linking into the article reader at that sentence) and why the mentions were merged.

import { get } from "./api.js";
import { append, h, hashOf, message, QUAD, quadBadge, when } from "./dom.js";

export async function renderEvent(root, id) {
  if (!id) throw new Error("no event id in the address");
  const event = await get(`events/${encodeURIComponent(id)}`);
  const coords = event.lat != null && event.lon != null
    ? ` (${Number(event.lat).toFixed(2)}, ${Number(event.lon).toFixed(2)})` : "";
  const place = [event.location_name, event.location_country].filter(Boolean).join(", ") + coords;
  append(root,
    h("h1", {}, event.type + (event.mode ? ` / ${event.mode}` : ""), " ", quadBadge(event.quad_class)),
    h("dl", { class: "facts" },
      fact("CAMEO", `${event.cameo} · Goldstein ${event.goldstein}`),
      fact("Quad class", `${event.quad_class} · ${QUAD[event.quad_class] || ""}`),
      fact("Date", when(event) + (event.date_lo && event.date_hi && event.date_lo !== event.date_hi
        ? ` (${event.date_lo} to ${event.date_hi})` : "")),
      fact("Place", place || "—"),
      fact("Actors", participants(event.actors)),
      fact("Recipients", participants(event.recipients)),
      fact("Modality", event.modality || "asserted"),
      event.context && event.context.length ? fact("Context", event.context.join(", ")) : null,
      fact("Reported", `${event.num_mentions} mention${event.num_mentions === 1 ? "" : "s"} in `
        + `${event.num_articles} article${event.num_articles === 1 ? "" : "s"} from `
        + `${event.num_sources} source${event.num_sources === 1 ? "" : "s"}, `
        + `${event.first_reported}${event.last_reported !== event.first_reported ? ` to ${event.last_reported}` : ""}`),
      fact("Confidence", Number(event.confidence).toFixed(2))),
    h("section", { class: "mentions", "aria-label": "mentions" },
      h("h2", {}, "Mentions"),
      event.mentions.length
        ? h("ol", { class: "mention-list" }, event.mentions.map(mentionItem))
        : message("No stored mentions.")),
    links(event.links || []));
}

function fact(label, ...value) {
  return [h("dt", {}, label), h("dd", {}, ...value)];
}

/** Participants, each linking to the timeline filtered by that actor. */
function participants(people) {
  if (!people || !people.length) return "—";
  return people.map((p, i) => [
    i ? ", " : "",
    h("a", { href: hashOf("timeline", { actor: p.name }) }, p.name),
    p.code ? h("span", { class: "code" }, ` ${p.code}`) : null,
    INFERRED[p.country_basis] ? h("span", { class: "basis" }, ` (${INFERRED[p.country_basis]})`) : null,
  ]);
}

/** How a country the text does not state was inferred (Participant.country_basis). */
const INFERRED = {
  modifier: "country from the place named with it",
  location: "country from the event's place",
  article: "country the article is about",
};

/** One mention: article and date, the evidence sentence with its trigger marked, and a deep link. */
function mentionItem(m) {
  const href = hashOf(`article/${encodeURIComponent(m.article_id)}`, { event: m.local_id });
  return h("li", { class: "mention", dataset: { id: m.id } },
    h("p", { class: "source" },
      h("a", { href, class: "article-link" }, m.title || m.article_id),
      h("span", { class: "when" }, ` · ${m.article_date}`),
      h("span", { class: "code" }, ` · ${m.type} ${m.cameo} · ${m.modality}`)),
    h("blockquote", { class: "evidence" }, evidence(m)));
}

/** The evidence text with the trigger inside it in bold (offsets are relative to the article). */
export function evidence(m) {
  const text = m.evidence_text || "";
  const from = m.trigger_start - m.evidence_start;
  const to = m.trigger_end - m.evidence_start;
  if (!(from >= 0 && to <= text.length && from < to)) return text;
  return [text.slice(0, from), h("strong", { class: "trigger" }, text.slice(from, to)), text.slice(to)];
}

function links(list) {
  if (!list.length) return null;
  return h("section", { class: "links", "aria-label": "why merged" },
    h("h2", {}, "Why these mentions are one event"),
    h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "mention"), h("th", {}, "joined with"), h("th", {}, "score"),
        h("th", {}, "reasons"))),
      h("tbody", {}, list.map((l) => h("tr", {},
        h("td", {}, l.event_id), h("td", {}, l.other_id), h("td", {}, Number(l.score).toFixed(2)),
        h("td", {}, (l.reasons || []).join(", ")))))));
}
