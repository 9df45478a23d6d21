"""Browser tests of the web view: Playwright (from PyPI) driving Debian's Chromium against the real API app.

The app runs in a thread (uvicorn on a free loopback port) over a database made from the bundled sample.
Every page load is checked for script errors and for requests leaving the server (the view must work
offline: no CDN). Screenshots are taken on every run (so drawing them is tested) into a temporary folder;
set EVENTWIRE_SCREENSHOTS=docs/screenshots to refresh the README's pictures.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("EVENTWIRE_SCREENSHOTS") or tempfile.mkdtemp(prefix="eventwire-shots-"))

if not CHROMIUM.is_file():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install)")
uvicorn = pytest.importorskip("uvicorn", reason="browser tests need uvicorn")

# Markup in article text and title must come out as text: if it were parsed, the handlers would run.
HOSTILE_TITLE = '<img src=x onerror="window.__pwned = 1">Hostile <b>title</b>'
HOSTILE_TEXT = (
    'The minister said <script>window.__pwned = 2</script> that the <img src=x onerror="window.__pwned = 3">'
    " talks would resume on Monday.\n"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _hostile_analysis() -> Any:
    """A hand-made analysis (no spaCy) whose text, title and spans carry HTML."""
    from eventwire.model import Analysis, Article, Entity, Quote, Span, Timex

    text = HOSTILE_TEXT
    start = text.index("<img")
    return Analysis(
        article=Article(id="web-test-hostile", date=date(2024, 1, 8), text=text, title=HOSTILE_TITLE,
                        url="javascript:window.__pwned = 4"),
        entities=[Entity("E1", "<img src=x onerror=alert(1)>", "person", [Span.of(text, start, start + 40)])],
        timexes=[Timex("T1", text.index("Monday"), text.index("Monday") + 6, "Monday", "DATE", "2024-01-08")],
        # ends inside the entity mention, so the renderer has to split the entity into two fragments
        quotes=[Quote("Q1", text.index("that"), start + 10, text[text.index("that"):start + 10], "indirect")],
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the API app serving the web view over the bundled sample (plus one hostile article)."""
    from eventwire.api import create_app
    from eventwire.ingest import ingest
    from eventwire.readers import read, sample_dir
    from eventwire.store import Store

    db = tmp_path_factory.mktemp("web") / "sample.db"
    with Store(str(db)) as store:
        summary = ingest(read([sample_dir()]), store)
        assert summary.added >= 5, summary
        store.ingest(_hostile_analysis())
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Watched:
    """A page plus what went wrong on it: script errors, console errors, requests to other hosts."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def goto(self, hash_: str, ready: str) -> None:
        """Open ``hash_`` (reloading when it is already open) and wait for its page to be rendered."""
        url = self.base + hash_
        self.act(lambda: self.page.reload() if self.page.url == url else self.page.goto(url), ready)

    def act(self, action: Any, ready: str) -> None:
        """Do ``action`` (a click, a submit, a navigation) and wait until the router rendered the next page.

        The router sets ``body[data-ready]`` after each render; marking it stale first means an old page
        that happens to match ``ready`` (same view, other data) is never mistaken for the new one.
        """
        self.page.evaluate("document.body && (document.body.dataset.ready = 'stale')")
        action()
        self.page.wait_for_function(
            "document.body && document.body.dataset.ready && document.body.dataset.ready !== 'stale'")
        self.page.wait_for_selector(ready)

    def api(self, path: str) -> Any:
        response = self.page.request.get(self.base + "api/" + path)
        assert response.ok, f"{path}: {response.status}"
        return response.json()

    def clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.outside, f"the page reached outside the server: {self.outside}"


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), server)
    yield watched
    context.close()


def _shot(page: Any, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=full_page)


def _marked_text(page: Any) -> str:
    """The text of the deep-linked stretch (all its fragments, in document order)."""
    return page.eval_on_selector_all(".article-text .target", "els => els.map(e => e.textContent).join('')")


def test_timeline_to_event_to_article_marks_the_evidence(page: Watched) -> None:
    listed = page.api("events?limit=50")
    assert listed["total"] > 0
    page.goto("#/timeline", "main[data-view=timeline] .events li")
    bars = page.page.locator("svg.chart .bar rect").count()
    assert bars > 0, "the chart draws no bars"
    items = page.page.locator(".events li")
    assert items.count() == len(listed["items"])
    assert "undefined" not in page.page.locator("main").inner_text()
    _shot(page.page, "timeline.png")

    first = listed["items"][0]
    page.act(items.first.locator("a.event-link").click, "main[data-view=event] .mention-list .article-link")
    assert first["type"] in page.page.locator("h1").inner_text()
    body = page.page.locator("main").inner_text()
    assert "undefined" not in body and "null" not in body and "NaN" not in body
    detail = page.api(f"events/{quote(first['id'], safe='')}")
    mention = detail["mentions"][0]
    shown_evidence = page.page.locator(".mention-list .evidence").first.inner_text()
    assert shown_evidence.strip() == mention["evidence_text"].strip()

    page.act(page.page.locator(".mention-list .article-link").first.click,
             "main[data-view=article] .article-text .target")
    assert _marked_text(page.page) == mention["evidence_text"]
    # the trigger is highlighted inside the marked evidence, and the text is the article's own
    triggers = page.page.eval_on_selector_all(
        ".article-text .target .ann-trigger", "els => els.map(e => e.textContent)")
    assert mention["trigger_text"] in "".join(triggers) or mention["trigger_text"] in triggers
    article = page.api(f"articles/{quote(mention['article_id'], safe='')}")
    shown = page.page.locator(".article-text").evaluate("el => el.textContent")
    assert shown == article["article"]["text"]
    # the evidence is scrolled into view and its event is described in the side panel
    assert page.page.locator(".article-text .target").first.is_visible()
    box = page.page.locator(".article-text .target").first.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    assert page.page.locator(".details .card-event").count() >= 1
    _shot(page.page, "article.png")
    page.clean()


def test_filters_and_chart_narrow_the_timeline(page: Watched) -> None:
    actor = next(p["name"] for e in page.api("events?limit=50")["items"] for p in e["actors"])
    expected = page.api(f"events?actor={quote(actor)}&limit=50")
    page.goto("#/timeline", "main[data-view=timeline] .events li")
    page.page.fill(".filters input[name=actor]", actor)
    page.act(page.page.locator(".filters button[type=submit]").click, "main[data-view=timeline] .events li")
    assert "actor=" in page.page.evaluate("location.hash")
    ids = page.page.eval_on_selector_all(".events li", "els => els.map(e => e.dataset.id)")
    assert ids == [e["id"] for e in expected["items"]]
    # a bar narrows the dates to its bucket, one step finer; the list then holds at least its events
    buckets = page.api(f"timeline?actor={quote(actor)}&bucket=month")["buckets"]
    page.act(page.page.locator("svg.chart a.bar").first.click, "main[data-view=timeline] .events li")
    assert page.page.locator(".filters input[name=since]").input_value() == buckets[0]["start"]
    assert page.page.locator(".filters input[name=until]").input_value() == buckets[0]["end"]
    assert page.page.locator(".events li").count() >= buckets[0]["count"]
    page.clean()


def test_article_highlights_every_layer_and_links_back(page: Watched) -> None:
    article = page.api("articles/sample-serbia-kosovo-2023-09-15")
    text = article["article"]["text"]
    page.goto("#/article/sample-serbia-kosovo-2023-09-15", "main[data-view=article] .article-text")
    for kind, items in (("entity", article["entities"]), ("timex", article["timexes"]),
                        ("trigger", article["events"]), ("quote", article["quotes"])):
        if items:
            assert page.page.locator(f".article-text .ann-{kind}").count() > 0, kind
    # every timex is highlighted with exactly its text
    for timex in article["timexes"]:
        selector = f'.article-text .ann-timex[data-ids~="{timex["id"]}"]'
        found = page.page.eval_on_selector_all(selector, "els => els.map(e => e.textContent).join('')")
        assert found == text[timex["start"]:timex["end"]]
    # clicking a trigger describes its event and links to the canonical event
    event = article["events"][0]
    page.page.locator(f'.article-text .ann-trigger[data-ids~="{event["id"]}"]').first.click()
    card = page.page.locator(f'.details .card-event[data-id="{event["id"]}"]')
    assert event["type"] in card.inner_text()
    if event.get("canonical_id"):
        page.act(card.locator("a.canonical-link").click, "main[data-view=event] h1")
        assert event["type"] in page.page.locator("h1").inner_text()
    # layer toggles switch a class on the text
    page.goto("#/article/sample-serbia-kosovo-2023-09-15", "main[data-view=article] .toggles")
    page.page.locator(".toggles input[name=entity]").uncheck()
    assert "hide-entity" in (page.page.locator(".article-text").get_attribute("class") or "")
    page.clean()


# Joined text of every highlight's fragments, per "kind id" (fragments of one highlight share data-ids).
_FRAGMENTS = """() => {
  const out = {};
  for (const el of document.querySelectorAll('.article-text .ann')) {
    for (const id of el.dataset.ids.split(' ')) {
      const key = el.dataset.kind + ' ' + id;
      out[key] = (out[key] || '') + el.textContent;
    }
  }
  return out;
}"""


def test_every_highlight_covers_exactly_its_span(page: Watched) -> None:
    """Overlapping and crossing spans are split into fragments; joined, each is its span's text."""
    ids = [item["id"] for item in page.api("search?q=the&limit=50")["items"] if item["kind"] == "article"]
    assert len(ids) >= 5
    for article_id in ids:
        analysis = page.api(f"articles/{quote(article_id, safe='')}")
        text = analysis["article"]["text"]
        page.goto(f"#/article/{quote(article_id, safe='')}", "main[data-view=article] .article-text")
        shown = page.page.evaluate(_FRAGMENTS)
        expected: dict[str, str] = {}
        for ev in analysis["events"]:
            expected[f"trigger {ev['id']}"] = ev["trigger"]["text"]
            expected[f"evidence {ev['id']}"] = ev["evidence"]["text"]
            others = [m["text"] for m in ev["mentions"] if (m["start"], m["end"]) != (
                ev["evidence"]["start"], ev["evidence"]["end"])]
            if others:
                expected[f"mention {ev['id']}"] = "".join(others)
        for qt in analysis["quotes"]:
            expected[f"quote {qt['id']}"] = qt["text"]
        for tx in analysis["timexes"]:
            expected[f"timex {tx['id']}"] = tx["text"]
        for ent in analysis["entities"]:
            spans = sorted((m["start"], m["end"]) for m in ent["mentions"])
            if all(a[1] <= b[0] for a, b in pairwise(spans)):
                expected[f"entity {ent['id']}"] = "".join(text[s:e] for s, e in spans)
        for key, value in expected.items():
            assert shown.get(key) == value, f"{article_id}: {key}"
        assert page.page.locator(".article-text").evaluate("el => el.textContent") == text
    page.clean()


def test_span_deep_link_marks_that_stretch(page: Watched) -> None:
    article = page.api("articles/sample-serbia-kosovo-2023-09-15")
    text = article["article"]["text"]
    start = text.index(" ", 40) + 1
    end = text.index(" ", start + 20)
    page.goto(f"#/article/sample-serbia-kosovo-2023-09-15?span={start}-{end}", ".article-text .target")
    assert _marked_text(page.page) == text[start:end]
    page.clean()


def test_network_draws_actors_and_ties(page: Watched) -> None:
    graph = page.api("network?top=60")
    assert graph["nodes"], "the sample should give some actors"
    page.goto("#/network", "main[data-view=network] svg.network circle")
    assert page.page.locator("svg.network circle").count() == len(graph["nodes"])
    edges = [e for e in graph["edges"] if e["source"] != e["target"]]
    assert page.page.locator("svg.network line.edge").count() == len(edges)
    # nodes are laid out apart (the force layout ran) and all inside the drawing
    centres = page.page.eval_on_selector_all(
        "svg.network circle", "els => els.map(e => [+e.getAttribute('cx'), +e.getAttribute('cy')])")
    assert len({(round(x), round(y)) for x, y in centres}) == len(centres)
    _shot(page.page, "network.png")
    # hovering an actor brings out exactly its ties
    if edges:
        actor = edges[0]["source"]
        touching = [e for e in edges if actor in (e["source"], e["target"])]
        page.page.locator(f'svg.network a.node[data-id="{actor}"] circle').hover()
        assert page.page.locator("svg.network.focus line.edge.hot").count() == len(touching)
    # a node leads to that actor's timeline
    page.act(page.page.locator("svg.network a.node").first.click, "main[data-view=timeline] .filters")
    assert page.page.locator(".filters input[name=actor]").input_value()
    page.clean()


def test_quote_browser_lists_speakers_and_their_quotes(page: Watched) -> None:
    speakers = page.api("quotes/speakers?limit=200")
    assert speakers["items"]
    page.goto("#/quotes", "main[data-view=quotes] .speakers li")
    shown = page.page.locator(".speakers .speaker-link").all_inner_texts()
    assert shown == [s["name"] for s in speakers["items"]]
    name = speakers["items"][0]["name"]
    page.act(page.page.locator(".speakers .speaker-link").first.click,
             "main[data-view=quotes] .speakers li.active")
    listed = page.api(f"quotes?speaker={quote(name)}&limit=50")
    quotes = page.page.locator(".quote-list .quote blockquote").all_inner_texts()
    assert quotes == [q["text"] for q in listed["items"]]
    # a quote leads to its place in the article, marked
    page.act(page.page.locator(".quote-list .quote").first.locator(".source a").last.click,
             "main[data-view=article] .article-text .target")
    assert _marked_text(page.page) == listed["items"][0]["text"]
    page.clean()


def test_article_text_is_never_parsed_as_html(page: Watched) -> None:
    page.goto("#/article/web-test-hostile", "main[data-view=article] .article-text")
    assert page.page.evaluate("window.__pwned") is None
    assert page.page.locator("main img, main script, main b").count() == 0
    assert page.page.locator("a[href^='javascript' i]").count() == 0
    assert page.page.locator("main h1").inner_text() == HOSTILE_TITLE
    assert page.page.locator(".article-text").evaluate("el => el.textContent") == HOSTILE_TEXT
    fragments = page.page.evaluate(_FRAGMENTS)
    start = HOSTILE_TEXT.index("<img")
    assert page.page.locator(".article-text .ann-entity").count() == 2
    assert fragments["entity E1"] == HOSTILE_TEXT[start:start + 40]
    assert fragments["quote Q1"] == HOSTILE_TEXT[HOSTILE_TEXT.index("that"):start + 10]
    page.page.locator(".article-text .ann-entity").first.click()
    assert "<img src=x onerror=alert(1)>" in page.page.locator(".details").inner_text()
    assert page.page.evaluate("window.__pwned") is None
    page.clean()


def test_bad_addresses_show_the_api_message(page: Watched) -> None:
    page.goto("#/event/C000000000000", "main .message.error")
    assert "no event 'C000000000000'" in page.page.locator("main .message.error").inner_text()
    page.goto("#/timeline?since=2023-99-01", "main .message.error")
    assert "since: '2023-99-01' is not a date" in page.page.locator("main .message.error").inner_text()
    page.goto("#/nowhere", "main .message.error")
    page.errors = [e for e in page.errors if "status of 4" not in e]  # the browser logs each 4xx response
    page.clean()


def test_phone_width_has_no_horizontal_scroll(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    watched = Watched(context.new_page(), server)
    try:
        first = watched.api("events?limit=1")["items"][0]
        mention = watched.api(f"events/{quote(first['id'], safe='')}")["mentions"][0]
        views = [
            ("#/timeline", "main[data-view=timeline] .events li"),
            (f"#/event/{quote(first['id'], safe='')}", "main[data-view=event] .mention-list"),
            ("#/network", "main[data-view=network] svg.network"),
            ("#/quotes", "main[data-view=quotes] .speakers li"),
            (f"#/article/{quote(mention['article_id'], safe='')}?event={mention['local_id']}",
             "main[data-view=article] .article-text .target"),
        ]
        for hash_, ready in views:
            watched.goto(hash_, ready)
            wide = watched.page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert wide[0] <= wide[1], f"{hash_} scrolls sideways at 390 px: {wide}"
            if hash_.startswith("#/timeline"):
                _shot(watched.page, "phone.png")
        watched.clean()
    finally:
        context.close()


def test_entity_page_from_the_article_reader(page: Watched) -> None:
    article = page.api("articles/sample-serbia-kosovo-2023-09-15")
    person = next(e for e in article["entities"] if e["kind"] == "person" and e["country"])
    page.goto("#/article/sample-serbia-kosovo-2023-09-15", "main[data-view=article] .article-text")
    page.page.locator(f'.article-text .ann-entity[data-ids~="{person["id"]}"]').first.click()
    entity_link = page.page.locator(".details .card-entity a", has_text="entity page")
    page.act(entity_link.click, "main[data-view=entity] h1")
    assert page.page.locator("main h1").inner_text() == person["name"]
    assert person["country"] in page.page.locator("main p.meta").inner_text()
    page.clean()


def test_search_finds_articles_and_quotes(page: Watched) -> None:
    found = page.api("search?q=ceasefire")
    assert found["total"] > 0
    page.goto("#/timeline", "main[data-view=timeline] .events li")
    page.page.fill("#search input[name=q]", "ceasefire")
    page.act(lambda: page.page.press("#search input[name=q]", "Enter"), "main[data-view=search] .results li")
    assert page.page.locator(".results li").count() == len(found["items"])
    assert page.page.locator(".results mark").count() > 0
    page.act(page.page.locator(".results li a").first.click, "main[data-view=article] .article-text")
    assert found["items"][0]["article_id"] in page.page.evaluate("location.hash")
    page.clean()
