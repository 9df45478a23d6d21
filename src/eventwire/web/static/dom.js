// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so article text, names and
// quotes from the database can never inject markup.

/** Create an element: h("a", {href: "#/x", class: "c", onclick: fn}, "text", child, ...). */
export function h(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:")
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Shorthand for SVG elements. */
export const s = (tag, attrs, ...children) => h(`svg:${tag}`, attrs, ...children);

/** Append children (strings become text nodes; arrays are flattened; null is skipped). */
export function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace everything inside ``node``. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A hash link that keeps the view's query parameters readable. */
export function link(route, params, ...children) {
  return h("a", { href: hashOf(route, params) }, ...children);
}

/** "#/route?key=value" from a route and a parameter object (empty values dropped). */
export function hashOf(route, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  return `#/${route}${text ? `?${text}` : ""}`;
}

/** ``url`` when it is an http(s) address, else null: a stored "javascript:" URL must never become a link. */
export function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
}

/** Names of participants joined for display ("—" when none). */
export function names(people) {
  const list = (people || []).map((p) => p.name + (p.code ? ` [${p.code}]` : ""));
  return list.length ? list.join(", ") : "—";
}

export const QUAD = {
  1: "verbal cooperation",
  2: "material cooperation",
  3: "verbal conflict",
  4: "material conflict",
};

/** A small coloured badge for a CAMEO quad class. */
export function quadBadge(quad) {
  return h("span", { class: `badge q${quad}`, title: QUAD[quad] || "" }, QUAD[quad] || `quad ${quad}`);
}

/** "2023-05 (month)" style date with its precision. */
export function when(row) {
  if (!row.date) return `${row.article_date || row.first_reported || "?"} (article date)`;
  return row.date_precision && row.date_precision !== "day" ? `${row.date} (${row.date_precision})` : row.date;
}

/** A status line for loading and errors. */
export function message(text, kind = "info") {
  return h("p", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}
