// The single-page router: "#/<view>/<id>?<params>" picks a view module and renders it into <main>.
// Views are async functions (root, id, params) that fill ``root``; a newer navigation cancels an older
// one by bumping ``generation`` so slow responses never overwrite the current page. After every render
// (or error) ``body[data-ready]`` holds the navigation's number: browser tests wait on it.

import { message, replace } from "./dom.js";
import { renderArticle } from "./article.js";
import { renderEntity } from "./entity.js";
import { renderEvent } from "./event.js";
import { renderNetwork } from "./network.js";
import { renderQuotes } from "./quotes.js";
import { renderSearch } from "./search.js";
import { renderTimeline } from "./timeline.js";

const VIEWS = {
  timeline: renderTimeline,
  network: renderNetwork,
  event: renderEvent,
  article: renderArticle,
  quotes: renderQuotes,
  entity: renderEntity,
  search: renderSearch,
};

let generation = 0;

/** Split "#/article/abc%2Fdef?event=V1" into {view: "article", id: "abc/def", params}. */
export function parseHash(hash) {
  const raw = hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?", 2);
  const [view, ...rest] = path.split("/");
  const id = rest.length ? decodeURIComponent(rest.join("/")) : null;
  return { view: view || "timeline", id, params: new URLSearchParams(query) };
}

async function route() {
  const mine = ++generation;
  const { view, id, params } = parseHash(location.hash);
  const root = document.getElementById("view");
  for (const a of document.querySelectorAll("nav a[data-route]")) {
    a.classList.toggle("active", a.dataset.route === view);
    if (a.dataset.route === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const render = VIEWS[view];
  if (!render) {
    replace(root, message(`Unknown view “${view}”.`, "error"));
    document.body.dataset.ready = String(mine);
    return;
  }
  const page = document.createElement("div");
  page.className = `page page-${view}`;
  replace(root, message("Loading…"));
  try {
    await render(page, id, params, () => mine === generation);
    if (mine !== generation) return;
    replace(root, page);
    root.dataset.view = view;
    page.dispatchEvent(new CustomEvent("shown", { bubbles: false }));
    document.body.dataset.ready = String(mine);
  } catch (error) {
    if (mine !== generation) return;
    replace(root, message(`Could not load this page: ${error.message}`, "error"));
    document.body.dataset.ready = String(mine);
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  const search = document.getElementById("search");
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new FormData(search).get("q");
    location.hash = `#/search?${new URLSearchParams({ q: String(q || "").trim() })}`;
  });
  if (!location.hash) history.replaceState(null, "", "#/timeline");
  route();
});
