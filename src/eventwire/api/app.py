"""The FastAPI application: read endpoints over the store, one write endpoint that runs the pipeline.

Design choices, and why:

- **One Store per worker thread.** SQLite connections belong to the thread that opened them, and opening
  a store costs a migration check; FastAPI runs plain ``def`` endpoints on a fixed thread pool, so each
  pool thread keeps its own ``Store`` (a PostgreSQL URL gets one connection per thread the same way).
- **Strict input.** Every endpoint validates its whole query string against a pydantic model that forbids
  unknown names (``params.py``); bodies are size-limited before parsing (``errors.BodyLimit``).
- **Read-only by default.** ``POST /api/articles`` needs a configured token and ``Authorization: Bearer``.
- **Lists share one shape**: ``{"total", "limit", "offset", "items"}``; errors share ``{"error", "detail"}``.

``docs/api.md`` documents every endpoint and response shape.
"""

from __future__ import annotations

import hmac
import json
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from eventwire import __version__
from eventwire.api import errors, queries, readmodel, views
from eventwire.api.cache import ChangeWatch, ResponseCache
from eventwire.api.errors import ApiError, bad_param
from eventwire.api.params import (
    EntitiesQuery,
    EntityQuery,
    EventsQuery,
    NetworkQuery,
    NoQuery,
    QuotesQuery,
    SearchQuery,
    SpeakersQuery,
    TimelineQuery,
)
from eventwire.store import Filters, Store

DEFAULT_MAX_BODY = 10 * 1024 * 1024
MAX_ARTICLES_PER_POST = 50
STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"


class Stores:
    """A lazily opened ``Store`` per thread, all on the same database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.url)
        return store


class JsonBytes(Response):
    """A JSON answer already encoded (cached answers are kept as bytes: no re-encoding per request)."""

    media_type = "application/json"


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _key(params: BaseModel, *leave_out: str) -> tuple[tuple[str, Any], ...]:
    """A hashable cache key from the validated parameters (defaults filled in, so ``?`` and
    ``?bucket=month`` share an entry)."""
    return tuple(sorted((k, v) for k, v in params.model_dump().items() if k not in leave_out))


def _page(total: int, limit: int, offset: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def create_app(
    db: str,
    *,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    static_dir: Path | None = STATIC_DIR,
    read_model: bool = True,
    read_model_min: int = 2000,
    threads: int = 8,
) -> FastAPI:
    """The API (and, when its folder exists, the web view) over the database ``db``.

    ``token`` enables ``POST /api/articles`` for clients sending ``Authorization: Bearer <token>``;
    without it the API is read-only. ``max_body`` caps request bodies (413 beyond). The database is
    opened (and migrated) here, so a bad URL fails at start-up rather than on the first request.
    ``read_model`` keeps an in-memory snapshot of the canonical events (``readmodel.py``) once there are
    ``read_model_min`` of them, for fast filtered listings and timelines. ``threads`` bounds the worker
    threads that run queries and the pipeline.
    """
    stores = Stores(db)
    watch = ChangeWatch(stores.get())
    cache = ResponseCache()
    model = readmodel.ReadModel(lambda: Store(db), watch.token, read_model_min) if read_model else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Work on the thread pool is CPU-bound (SQLite, numpy) and each pool thread opens its own Store
        # (~40 ms on a large database): a few threads serve as many clients with less contention.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="eventwire",
        version=__version__,
        summary="Sourced political events, quotes, time expressions and entities from news articles.",
        description="Every endpoint and response shape is documented in docs/api.md.",
    )
    app.state.stores = stores
    app.state.cache = cache
    errors.install(app)
    app.add_middleware(errors.BodyLimit, max_body=max_body)

    writing = threading.Lock()

    def write(articles: list[Any], failures: list[Any]) -> dict[str, Any]:
        """Analyse and store, one request at a time: the database has one writer, and parsing a batch
        of articles already keeps a core busy."""
        with writing:
            return views.ingest(stores.get(), articles, failures)

    def cached(key: tuple[Any, ...], compute: Callable[[Store, Any], Any]) -> Any:
        """``compute(store, token)``, answered from the response cache while the database is unchanged."""
        s = stores.get()
        token = watch.token(s)
        value = cache.get(token, key)
        if value is None:
            value = compute(s, token)
            cache.put(token, key, value)
        return value

    async def respond(key: tuple[Any, ...], compute: Callable[[Store, Any], bytes]) -> Response:
        """A cached JSON answer straight from the event loop when there is one (SQLite tells changes
        without a worker thread); otherwise computed on a worker thread."""
        if watch.exact:
            hit = cache.get(watch.token(None), key)
            if hit is not None:
                return JsonBytes(hit)
        return JsonBytes(await run_in_threadpool(cached, key, compute))

    def snapshot(s: Store, token: Any, f: Filters) -> readmodel.Snapshot | None:
        """The in-memory snapshot when it is current and can answer ``f`` (else the caller uses SQL)."""
        if model is None or not readmodel.can_answer(f):
            return None
        return model.current(token, lambda: views.count_canonical(s, Filters()))

    # -- events ----------------------------------------------------------------------------------------

    @app.get("/api/stats", tags=["meta"])
    def stats(_: Annotated[NoQuery, Query()]) -> dict[str, Any]:
        """What the database holds, and whether the server accepts new articles."""
        s = stores.get()
        ready = model is not None and model.current(watch.token(s), lambda: 0) is not None
        return {**views.stats(s), "schema_version": s.schema_version, "read_only": token is None,
                "read_model": ready}

    @app.get("/api/events", tags=["events"], response_class=JsonBytes)
    async def list_events(p: Annotated[EventsQuery, Query()]) -> Response:
        """Canonical events matching the filters, earliest first."""
        f = p.filters(p.limit, p.offset)

        def answer(s: Store, token: Any) -> bytes:
            snap = snapshot(s, token, f)
            if snap is not None:
                total, ids = snap.page(f)
                items = ",".join(readmodel.rows_json(s, ids))
                head = f'{{"total":{total},"limit":{p.limit},"offset":{p.offset},"items":['
                return (head + items + "]}").encode()
            # SQL: the total is cached apart from the page, so paging through one filter counts once.
            total = cached(("count", _key(p, "limit", "offset")), lambda s, _: views.count_canonical(s, f))
            return _json(_page(total, p.limit, p.offset, views.canonical_events(s, f)))

        return await respond(("events", _key(p)), answer)

    @app.get("/api/events/{event_id:path}", tags=["events"])
    def get_event(event_id: str, _: Annotated[NoQuery, Query()]) -> dict[str, Any]:
        """One canonical event with its mentions (evidence spans) and the links that merged them."""
        s = stores.get()
        found = views.canonical_event(s, event_id)
        if found is None:
            raise ApiError(404, "not found", f"no event {event_id!r}")
        return found

    @app.get("/api/timeline", tags=["events"], response_class=JsonBytes)
    async def timeline(p: Annotated[TimelineQuery, Query()]) -> Response:
        """Canonical events counted per day, ISO week or month, and per quad class."""
        f = p.filters()

        def answer(s: Store, token: Any) -> bytes:
            snap = snapshot(s, token, f)
            if snap is not None:
                return snap.timeline_json(f, p.bucket)
            return _json(views.timeline(s, f, p.bucket))

        return await respond(("timeline", _key(p)), answer)

    @app.get("/api/network", tags=["events"], response_class=JsonBytes)
    async def network(p: Annotated[NetworkQuery, Query()]) -> Response:
        """Actors (nodes) and actor -> recipient edges with counts per quad class."""
        return await respond(("network", _key(p)), lambda s, _: _json(views.network(s, p.filters(), p.top)))

    # -- entities and quotes ---------------------------------------------------------------------------

    # Listings over entities and quotes group or scan large tables: cached like the event views.

    @app.get("/api/entities", tags=["entities"], response_class=JsonBytes)
    async def list_entities(p: Annotated[EntitiesQuery, Query()]) -> Response:
        """Entities grouped across articles by name, kind and country."""

        def answer(s: Store, _: Any) -> bytes:
            f = Filters(q=p.q, country=p.country, limit=p.limit, offset=p.offset)
            total, rows = queries.entities_page(s, f, p.kind)
            return _json(_page(total, p.limit, p.offset, [views.entity_item(r) for r in rows]))

        return await respond(("entities", _key(p)), answer)

    @app.get("/api/entities/{entity_id}", tags=["entities"], response_class=JsonBytes)
    async def get_entity(entity_id: str, p: Annotated[EntityQuery, Query()]) -> Response:
        """One entity across articles: its canonical events and quotes over time."""

        def answer(s: Store, _: Any) -> bytes:
            found = views.entity(s, entity_id, p.limit)
            if found is None:
                raise ApiError(404, "not found", f"no entity {entity_id!r}")
            return _json(found)

        return await respond(("entity", entity_id, _key(p)), answer)

    @app.get("/api/quotes", tags=["quotes"], response_class=JsonBytes)
    async def list_quotes(p: Annotated[QuotesQuery, Query()]) -> Response:
        """Quotes by speaker and text, by article date."""
        f = Filters(actor=p.speaker, q=p.q, country=p.country, since=p.since, until=p.until)

        def answer(s: Store, _: Any) -> bytes:
            total = queries.count(s, s.dialect.quotes(f))
            rows = s.quotes(Filters(**{**vars(f), "limit": p.limit, "offset": p.offset}))
            return _json(_page(total, p.limit, p.offset, rows))

        return await respond(("quotes", _key(p)), answer)

    @app.get("/api/quotes/speakers", tags=["quotes"], response_class=JsonBytes)
    async def list_speakers(p: Annotated[SpeakersQuery, Query()]) -> Response:
        """Who is quoted, most quoted first (``name`` is the ``speaker`` parameter of /api/quotes)."""

        def answer(s: Store, _: Any) -> bytes:
            total, rows = queries.speakers(s, p.q, p.limit, p.offset)
            return _json(_page(total, p.limit, p.offset, rows))

        return await respond(("speakers", _key(p)), answer)

    # -- articles and search ---------------------------------------------------------------------------

    @app.get("/api/articles/{article_id:path}", tags=["articles"])
    def get_article(article_id: str, _: Annotated[NoQuery, Query()]) -> dict[str, Any]:
        """The Analysis JSON of one article; each event also carries its ``canonical_id``."""
        s = stores.get()
        found = views.article(s, article_id)
        if found is None:
            raise ApiError(404, "not found", f"no article {article_id!r}")
        return found

    @app.get("/api/search", tags=["articles"], response_class=JsonBytes)
    async def search(p: Annotated[SearchQuery, Query()]) -> Response:
        """Full-text search over article titles, texts and quotes, best match first."""

        def answer(s: Store, _: Any) -> bytes:
            # Counted and paged by the database: snippets are made for the page only.
            f = Filters(since=p.since, until=p.until, limit=p.limit, offset=p.offset)
            total, rows = s.search_page(p.q, f)
            return _json(_page(total, p.limit, p.offset, rows))

        return await respond(("search", _key(p)), answer)

    @app.post("/api/articles", tags=["articles"], status_code=201)
    async def post_articles(request: Request) -> JSONResponse:
        """Analyse articles (JSON body or an uploaded file) and store them. Needs the bearer token."""
        _authorize(request, token)
        if request.query_params:
            unknown = [
                {"param": k, "message": "not a parameter of this endpoint"} for k in request.query_params
            ]
            raise ApiError(400, "unknown parameter", unknown)
        articles, failures = await _read_upload(request)
        stored = await run_in_threadpool(write, articles, failures)
        status = 201 if stored["articles"] else 422
        if status == 422:
            stored = {"error": "no article could be read", **stored}
        return JSONResponse(stored, status_code=status)

    if static_dir is not None and static_dir.is_dir():
        app.mount("/", StaticFiles(directory=static_dir, html=True), name="web")
    return app


def app_from_env() -> FastAPI:
    """The app for ``EVENTWIRE_DB`` and ``EVENTWIRE_TOKEN``: what each ``serve --workers N`` process runs."""
    db = os.environ.get("EVENTWIRE_DB")
    if not db:
        raise RuntimeError("EVENTWIRE_DB is not set")
    return create_app(db, token=os.environ.get("EVENTWIRE_TOKEN") or None)


def _authorize(request: Request, token: str | None) -> None:
    """403 when the server is read-only, 401 when the bearer token is missing or wrong."""
    if token is None:
        raise ApiError(
            403, "read-only server",
            "start `eventwire serve` with --token (or EVENTWIRE_TOKEN) to accept articles"
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <token>")


async def _read_upload(request: Request) -> tuple[list[Any], list[Any]]:
    """Articles and read errors from a JSON body or a multipart ``file`` upload, through the readers."""
    from eventwire.readers import ReaderOptions, read_bytes
    from eventwire.readers.jsonfile import read_document

    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        raw = await request.body()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "invalid JSON", "the body is not UTF-8") from None
        if not text.strip():
            raise ApiError(400, "invalid JSON", "the body is empty")
        _check_json(text)
        results = list(read_document(text, "<request>", ReaderOptions()))
    elif kind == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5)
        unknown = [k for k in form if k not in ("file", "date")]
        if unknown:
            detail = [{"param": k, "message": "expected only the fields file and date"} for k in unknown]
            raise ApiError(400, "unknown field", detail)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise bad_param("file", "upload the article file in a form field named 'file'")
        fallback = form.get("date")
        day: date | None = None
        if isinstance(fallback, str) and fallback.strip():
            try:
                day = date.fromisoformat(fallback.strip())
            except ValueError:
                raise bad_param("date", f"{fallback!r} is not a date; use YYYY-MM-DD") from None
        data = await upload.read()
        name = upload.filename or "upload"
        results = list(read_bytes(data, name, name, ReaderOptions(date=day)))
    else:
        raise ApiError(415, "unsupported media type", "send application/json or multipart/form-data")
    from eventwire.model import Article

    articles = [r for r in results if isinstance(r, Article)]
    failures = [r for r in results if not isinstance(r, Article)]
    if len(articles) > MAX_ARTICLES_PER_POST:
        limit = f"at most {MAX_ARTICLES_PER_POST} per request, got {len(articles)}"
        raise ApiError(422, "too many articles", limit)
    return articles, failures


def _check_json(text: str) -> None:
    """400 with the position of the first syntax error, before the readers see the body."""
    import json

    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(400, "invalid JSON", f"{exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(value, dict | list):
        raise ApiError(400, "invalid JSON", "expected an article object or an array of them")

