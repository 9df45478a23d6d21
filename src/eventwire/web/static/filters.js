// The event filter form shared by the timeline and the network: it reads its values from the hash
// parameters and, on submit, navigates to the same view with the new parameters (so every filtered view
// is a link that can be bookmarked or shared).

import { h, hashOf, QUAD } from "./dom.js";

export const EVENT_FILTERS = ["actor", "country", "type", "quad_class", "since", "until", "q"];

// The 16 PLOVER event types (PLOVER manual), offered as suggestions; any value can still be typed.
const PLOVER_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

/** The event filters present in ``params`` as a plain object (for the API and for links). */
export function filterValues(params) {
  const values = {};
  for (const key of EVENT_FILTERS) {
    const value = params.get(key);
    if (value) values[key] = value;
  }
  return values;
}

/** A filter form; ``extra`` are additional controls (e.g. bucket size), ``keep`` extra params to keep. */
export function filterForm(route, params, extra = []) {
  const field = (name, label, attrs = {}) =>
    h("label", { class: "field" }, h("span", {}, label),
      h("input", { name, value: params.get(name) || "", ...attrs }));
  const quad = h("select", { name: "quad_class" },
    h("option", { value: "" }, "any"),
    Object.entries(QUAD).map(([key, label]) =>
      h("option", { value: key, selected: params.get("quad_class") === key }, `${key} · ${label}`)));
  const form = h("form", { class: "filters", role: "search", "aria-label": "event filters" },
    field("actor", "Actor", { placeholder: "name, code or id", autocomplete: "off" }),
    field("country", "Country", { placeholder: "FRA", size: 6, autocomplete: "off" }),
    field("type", "Type", { list: "plover-types", placeholder: "CONSULT", autocomplete: "off" }),
    h("datalist", { id: "plover-types" }, PLOVER_TYPES.map((t) => h("option", { value: t }))),
    h("label", { class: "field" }, h("span", {}, "Quad class"), quad),
    field("since", "Since", { type: "date" }),
    field("until", "Until", { type: "date" }),
    field("q", "Text", { type: "search", placeholder: "words in the evidence" }),
    extra,
    h("div", { class: "buttons" },
      h("button", { type: "submit" }, "Apply"),
      h("a", { class: "button secondary", href: hashOf(route, {}) }, "Clear")));
  // On a phone the form starts folded unless a filter is set, so the chart and list come first.
  const folded = window.matchMedia("(max-width: 760px)").matches
    && !EVENT_FILTERS.some((key) => params.get(key));
  const box = h("details", { class: "filter-box", open: !folded },
    h("summary", {}, "Filters", activeSummary(params)), form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    for (const [key, value] of new FormData(form).entries()) {
      if (String(value).trim()) values[key] = String(value).trim();
    }
    location.hash = hashOf(route, values);
  });
  return box;
}

/** " · actor: Kurti · type: REJECT" for the folded form's title. */
function activeSummary(params) {
  const set = EVENT_FILTERS.filter((key) => params.get(key)).map((key) => `${key}: ${params.get(key)}`);
  return set.length ? h("span", { class: "active-filters" }, ` · ${set.join(" · ")}`) : null;
}
