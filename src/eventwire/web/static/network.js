// The actor network: nodes are actors (sized by how many events they take part in), edges go from an
// event's actor to its recipient (coloured by their most frequent quad class, thicker with more events).
// The layout is a small force simulation written here: deterministic start on a circle, all-pairs
// repulsion, springs along edges and a pull to the centre, cooled over a fixed number of steps. It is
// O(n²) per step, fine for the few hundred actors the API keeps (``top``).

import { get } from "./api.js";
import { append, h, hashOf, message, QUAD, s } from "./dom.js";
import { filterForm, filterValues } from "./filters.js";

const STEPS = 300;
const GRAVITY = 0.6;

export async function renderNetwork(root, _id, params) {
  const filters = filterValues(params);
  const top = Math.min(500, Math.max(5, Number.parseInt(params.get("top") || "60", 10) || 60));
  const graph = await get("network", { ...filters, top });
  const topField = h("label", { class: "field" }, h("span", {}, "Top actors"),
    h("input", { name: "top", type: "number", min: 5, max: 500, value: top }));
  append(root,
    h("h1", {}, "Actor network"),
    filterForm("network", params, [topField]),
    graph.nodes.length
      ? h("section", { class: "network-box", "aria-label": "actor network" }, draw(graph), legend())
      : message("No actors match these filters."),
    ties(graph));
}

/** Positions for every node id, after the force simulation. */
export function layout(nodes, edges, steps = STEPS) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    const radius = 100 + 4 * Math.sqrt(n) * (i % 3);
    return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
  });
  const at = new Map(nodes.map((node, i) => [node.id, i]));
  const links = edges.map((e) => [at.get(e.source), at.get(e.target)])
    .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const ideal = 60;
  let temperature = 40;
  for (let step = 0; step < steps; step++) {
    const force = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
        const push = (ideal * ideal) / d2;
        force[i].x += dx * push; force[i].y += dy * push;
        force[j].x -= dx * push; force[j].y -= dy * push;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.1;
      const pull = d / ideal;
      force[a].x -= dx * pull; force[a].y -= dy * pull;
      force[b].x += dx * pull; force[b].y += dy * pull;
    }
    for (let i = 0; i < n; i++) {
      // gravity keeps unconnected actors (common: many appear in one event only) near the middle
      force[i].x -= pos[i].x * GRAVITY;
      force[i].y -= pos[i].y * GRAVITY * 2; // stronger upright: a wide picture suits screens
      const len = Math.hypot(force[i].x, force[i].y) || 1;
      const move = Math.min(len, temperature);
      pos[i].x += (force[i].x / len) * move;
      pos[i].y += (force[i].y / len) * move;
    }
    temperature = Math.max(0.5, temperature * 0.985);
  }
  return new Map(nodes.map((node, i) => [node.id, pos[i]]));
}

/** The quad class ("1".."4") with the most events on an edge. */
function dominant(edge) {
  const counts = edge.by_quad_class || {};
  return ["1", "2", "3", "4"].reduce((best, q) => ((counts[q] || 0) > (counts[best] || 0) ? q : best), "1");
}

function draw(graph) {
  const pos = layout(graph.nodes, graph.edges);
  const radius = (node) => 4 + 3 * Math.sqrt(node.count || 1);
  const xs = graph.nodes.map((n) => pos.get(n.id).x);
  const ys = graph.nodes.map((n) => pos.get(n.id).y);
  const margin = 60;
  const minX = Math.min(...xs) - margin;
  const minY = Math.min(...ys) - margin;
  const width = Math.max(200, Math.max(...xs) - minX + margin);
  const height = Math.max(200, Math.max(...ys) - minY + margin);
  const svg = s("svg", { class: "network", viewBox: `${minX} ${minY} ${width} ${height}`, role: "img",
    "aria-label": `${graph.nodes.length} actors and ${graph.edges.length} ties`,
    style: `font-size: ${Math.max(11, width / 80).toFixed(1)}px` });
  const defs = s("defs", {}, ["1", "2", "3", "4"].map((q) =>
    s("marker", { id: `arrow-q${q}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6,
      orient: "auto-start-reverse", class: `q${q}` }, s("path", { d: "M 0 0 L 10 5 L 0 10 z" }))));
  svg.append(defs);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const edgeLayer = s("g", { class: "edges" });
  for (const edge of graph.edges) {
    const a = pos.get(edge.source);
    const b = pos.get(edge.target);
    if (!a || !b || edge.source === edge.target) continue;
    const q = dominant(edge);
    // stop the line at the target's rim so the arrow head is visible
    const d = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const r = radius(byId.get(edge.target)) + 2;
    const tx = b.x - ((b.x - a.x) * r) / d;
    const ty = b.y - ((b.y - a.y) * r) / d;
    edgeLayer.append(s("line", {
      x1: a.x, y1: a.y, x2: tx, y2: ty, class: `edge q${q}`, "stroke-width": 1 + 1.5 * Math.log2(edge.count || 1),
      "marker-end": `url(#arrow-q${q})`, dataset: { source: edge.source, target: edge.target },
    }, s("title", {}, `${byId.get(edge.source)?.name} → ${byId.get(edge.target)?.name}: ${edge.count} event`
      + `${edge.count === 1 ? "" : "s"} (${QUAD[q]})`)));
  }
  const nodeLayer = s("g", { class: "nodes" });
  const labelled = new Set([...graph.nodes].sort((x, y) => y.count - x.count).slice(0, 80).map((n) => n.id));
  for (const node of graph.nodes) {
    const p = pos.get(node.id);
    const r = radius(node);
    nodeLayer.append(s("a", { href: hashOf("timeline", { actor: node.name }), class: "node", dataset: { id: node.id } },
      s("title", {}, `${node.name}${node.code ? ` [${node.code}]` : ""}: ${node.count} event${node.count === 1 ? "" : "s"}`),
      s("circle", { cx: p.x, cy: p.y, r }),
      labelled.has(node.id) ? s("text", { x: p.x, y: p.y - r - 3, "text-anchor": "middle" }, node.name) : null));
  }
  svg.append(edgeLayer, nodeLayer);
  // Hovering (or focusing) an actor brings out its ties and dims the rest.
  const lines = [...edgeLayer.querySelectorAll("line")];
  const light = (id) => {
    svg.classList.toggle("focus", Boolean(id));
    for (const line of lines) {
      line.classList.toggle("hot", Boolean(id) && (line.dataset.source === id || line.dataset.target === id));
    }
  };
  for (const node of nodeLayer.querySelectorAll("a.node")) {
    node.addEventListener("mouseenter", () => light(node.dataset.id));
    node.addEventListener("focus", () => light(node.dataset.id));
    node.addEventListener("mouseleave", () => light(null));
    node.addEventListener("blur", () => light(null));
  }
  return svg;
}

function legend() {
  return h("ul", { class: "legend" },
    Object.entries(QUAD).map(([key, label]) => h("li", {}, h("span", { class: `swatch q${key}` }), `${key} ${label}`)),
    h("li", {}, "circle size: events; arrow: actor → recipient; click an actor for its timeline"));
}

/** The strongest ties as a table (readable without the picture). */
function ties(graph) {
  if (!graph.edges.length) return null;
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const strongest = [...graph.edges].sort((a, b) => b.count - a.count).slice(0, 15);
  return h("section", { class: "ties" },
    h("h2", {}, "Strongest ties"),
    h("table", {},
      h("thead", {}, h("tr", {}, ["actor", "recipient", "events", "mostly"].map((label) => h("th", {}, label)))),
      h("tbody", {}, strongest.map((e) => h("tr", {},
        h("td", {}, name.get(e.source) || e.source), h("td", {}, name.get(e.target) || e.target),
        h("td", {}, String(e.count)), h("td", {}, QUAD[dominant(e)]))))));
}
