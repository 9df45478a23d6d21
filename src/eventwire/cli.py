"""The ``eventwire`` command line: thin Typer commands over ``ingest``, ``store`` and ``export``.

Results go to stdout (tables, JSON, CSV); progress, warnings and errors go to stderr, so
``eventwire extract a.txt > out.json`` and ``eventwire events --output csv > events.csv`` stay clean.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from eventwire import __version__

EXIT_CODES = """\b
Exit codes:
  0    success (inputs that could not be read or analysed are reported on stderr and recorded)
  1    some inputs failed and --strict was given
  2    usage error: bad option or argument, unusable database, missing spaCy model
  130  interrupted (Ctrl-C); what was stored is complete, rerun ingest to continue
"""

app = typer.Typer(
    name="eventwire",
    help="Dated news articles in; sourced political events (PLOVER + CAMEO), quotes, TIMEX3 time "
    "expressions and entities out, each with character offsets into the article.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
evaluate_app = typer.Typer(help="Evaluate eventwire against gold annotations.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")
actors_app = typer.Typer(help="Inspect the dated actor knowledge base.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")

out = Console(soft_wrap=False)
if not out.is_terminal and "COLUMNS" not in os.environ:  # piped tables: wide enough to stay readable
    out = Console(soft_wrap=False, width=160)
err = Console(stderr=True, soft_wrap=True)  # one line per error, greppable


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"
    gdelt_mentions = "gdelt-mentions"
    plover = "plover"


class ExportLevel(StrEnum):
    canonical = "canonical"
    mentions = "mentions"


class ExportWhat(StrEnum):
    events = "events"
    analyses = "analyses"


def _iso_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from exc


def _iso_text(value: str | None) -> str | None:
    day = _iso_day(value)
    return day.isoformat() if day else None


def _positive(value: int) -> int:
    if value < 1:
        raise typer.BadParameter("must be at least 1")
    return value


# Shared options, declared once so every command spells and documents them the same way.
DbOpt = Annotated[
    str,
    typer.Option(
        "--db", help="SQLite file, sqlite:///path or postgresql://user@host:port/db.", envvar="EVENTWIRE_DB"
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Fallback article date (YYYY-MM-DD) for inputs that carry none.",
                 callback=_iso_text),
]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy model name or path (default: auto).")]
GlobOpt = Annotated[str | None, typer.Option("--glob", help="Only files matching this pattern in folders.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 when any input failed.")]
PathsArg = Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.", show_default=False)]
ActorOpt = Annotated[
    str | None, typer.Option("--actor", help="Participant name (substring), entity id or actor code.")
]
CountryOpt = Annotated[str | None, typer.Option("--country", help="ISO alpha-3 country (or IGO) code.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="From this day (YYYY-MM-DD).", callback=_iso_text)
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Up to this day (YYYY-MM-DD).", callback=_iso_text)
]
TextOpt = Annotated[str | None, typer.Option("--text", "-q", help="Text the evidence/quote contains.")]
LimitOpt = Annotated[int, typer.Option("--limit", help="At most this many rows; 0 for all.", min=0)]
OutputOpt = Annotated[OutputFormat, typer.Option("--output", "-o", help="table, json or csv.")]
PeopleOpt = Annotated[
    list[Path] | None,
    typer.Option("--people", help="Your own people file, YAML or CSV (docs/actors.md); repeatable. "
                 "Also EVENTWIRE_PEOPLE. Your entries replace ours of the same name.",
                 exists=True, dir_okay=False),
]
InstitutionsOpt = Annotated[
    list[Path] | None,
    typer.Option("--institutions", help="Your own institutions YAML file (docs/actors.md); repeatable. "
                 "Also EVENTWIRE_INSTITUTIONS.", exists=True, dir_okay=False),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


@contextmanager
def _open_store(db: str) -> Iterator[Any]:
    from eventwire.store import Store, StoreError

    try:
        store = Store(db)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    try:
        yield store
    finally:
        store.close()


def _check_model(model: str | None) -> None:
    """Fail early (exit 2) when the spaCy model cannot be found, before reading or starting workers."""
    import importlib.util

    from eventwire import nlp

    try:
        name = nlp.model_name(model)
    except nlp.ModelNotFound as exc:
        raise _fail(str(exc)) from exc
    if importlib.util.find_spec(name) is None and not Path(name).exists():
        raise _fail(f"spaCy model {name!r} is not installed (and is not a path)")


def _use_actor_files(
    people: list[Path] | None, institution_files: list[Path] | None, export: bool = False
) -> None:
    """Add the user's actor files (options and environment) and check them now, before any article.

    With ``export``, name them all in EVENTWIRE_PEOPLE / EVENTWIRE_INSTITUTIONS, so that the worker
    processes the command starts (ingest --workers, serve --workers) use the same files. Batch workers
    need no export: the files travel with every partition.
    """
    from eventwire.actors import institutions, kb

    kinds = (institutions.user_files(), kb.user_files())
    if not (people or institution_files or any(files.paths() for files in kinds)):
        return
    try:
        for path in institution_files or []:  # first: people may name an IGO code of the user's
            institutions.load_extra(path)
        for path in people or []:
            kb.load_extra(path)
        institutions.institutions()  # the files named in the environment are read and checked here
        kb.all_people()
    except ValueError as exc:
        raise _fail(f"bad actor file: {exc}") from exc
    for files in kinds:
        if export and files.paths():
            files.export()


def _report(source: str, reason: str) -> None:
    err.print(f"[yellow]failed[/yellow] {escape(source)}: {escape(reason)}", highlight=False)


# -- extract / ingest ----------------------------------------------------------------------------------


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="json or jsonl.")
    ] = ExtractFormat.json,
    date: DateOpt = None,
    model: ModelOpt = None,
    glob: GlobOpt = None,
    strict: StrictOpt = False,
    people: PeopleOpt = None,
    institution_files: InstitutionsOpt = None,
) -> None:
    """Analyse articles and print their analyses (no database).

    json prints one object for one article and an array for several; jsonl prints one object per line
    as soon as each article is done. Unreadable inputs are reported on stderr.
    """
    from eventwire.ingest import analyze_stream, read_inputs
    from eventwire.model import ReadError

    _check_model(model)
    _use_actor_files(people, institution_files)
    failed = 0
    found: list[dict[str, Any]] = []
    for result in analyze_stream(read_inputs(paths, date=_iso_day(date), glob=glob), model=model):
        if isinstance(result, ReadError):
            failed += 1
            _report(result.source, result.reason)
        elif format is ExtractFormat.jsonl:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            found.append(result.to_json())
    if format is ExtractFormat.json and (found or not failed):
        payload: Any = found[0] if len(found) == 1 else found
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed and strict:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOpt = "eventwire.db",
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Analysis processes (1 = in this process).",
                          callback=_positive)
    ] = 1,
    strict: StrictOpt = False,
    date: DateOpt = None,
    glob: GlobOpt = None,
    model: ModelOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-analyse and replace articles already stored unchanged.")
    ] = False,
    people: PeopleOpt = None,
    institution_files: InstitutionsOpt = None,
) -> None:
    """Analyse articles and store them (one transaction per article; unchanged articles are skipped).

    Failed inputs are printed with their source and reason and recorded in the ingest_errors table.
    """
    from eventwire.ingest import ingest as run_ingest
    from eventwire.ingest import read_inputs

    _check_model(model)
    _use_actor_files(people, institution_files, export=workers > 1)

    def work(store: Any, tick: Callable[..., None]) -> Any:
        items = read_inputs(paths, date=_iso_day(date), glob=glob)
        return run_ingest(items, store, workers=workers, model=model, on_result=tick, force=force)

    _store_with_progress(db, "ingest", work, strict)


@app.command()
def load(
    batch_dir: Annotated[
        Path, typer.Argument(help="Output folder of a batch run.", exists=True, file_okay=False)
    ],
    db: DbOpt = "eventwire.db",
    strict: StrictOpt = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace articles already stored unchanged.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Articles per transaction (COPY on PostgreSQL); 1 = one each.",
                          callback=_positive)
    ] = 200,
) -> None:
    """Store the analyses (and record the failures) of a batch run's Parquet output."""
    from itertools import chain

    from eventwire.batch import read_errors, read_results
    from eventwire.ingest import store_results

    def work(store: Any, tick: Callable[..., None]) -> Any:
        results = chain(read_results(batch_dir), read_errors(batch_dir))
        return store_results(results, store, on_result=tick, force=force, batch=batch_size)

    _store_with_progress(db, "load", work, strict)


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def batch(
    paths: PathsArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the partitioned Parquet output.",
                                          file_okay=False)],
    engine: Annotated[Engine, typer.Option("--engine", help="local (process pool) or dask.")] = Engine.local,
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Worker processes (local, or a Dask LocalCluster).",
                          callback=_positive)
    ] = 2,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786.")
    ] = None,
    partition_size: Annotated[
        int | None, typer.Option("--partition-size", help="Articles per partition (default 50).", min=1)
    ] = None,
    date: DateOpt = None,
    glob: GlobOpt = None,
    model: ModelOpt = None,
    strict: StrictOpt = False,
    people: PeopleOpt = None,
    institution_files: InstitutionsOpt = None,
) -> None:
    """Analyse a corpus on a local pool or a Dask cluster and write Parquet (load it with `load`).

    A rerun skips the articles already written; per-article failures go to the errors table.
    """
    from eventwire.batch import DEFAULT_PARTITION_SIZE, WorkerError, run_batch
    from eventwire.readers import ReaderOptions

    if scheduler and engine is not Engine.dask:
        raise _fail("--scheduler needs --engine dask")
    _check_model(model)
    _use_actor_files(people, institution_files)  # the files also travel with every partition
    try:
        summary = run_batch(
            paths, out_dir, engine=engine.value, workers=workers, scheduler=scheduler,
            partition_size=partition_size or DEFAULT_PARTITION_SIZE,
            options=ReaderOptions(date=_iso_day(date), glob=glob), model=model, progress=True,
        )
    except WorkerError as exc:
        raise _fail(str(exc)) from exc
    if strict and (summary.failed or summary.read_errors):
        raise typer.Exit(1)


def _store_with_progress(
    db: str, label: str, work: Callable[[Any, Callable[..., None]], Any], strict: bool
) -> None:
    """Run ``work(store, tick)`` under a progress line on stderr, then print the summary on stdout.

    Each failure is printed as it happens (source: reason); Ctrl-C exits 130 with the store consistent.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from eventwire.model import ReadError

    with _open_store(db) as store:
        progress = Progress(
            SpinnerColumn(),
            TextColumn(label),
            TextColumn("{task.completed} articles"),
            TextColumn("{task.fields[rate]:.1f} articles/s"),
            TextColumn("{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        started = time.monotonic()
        counts = {"articles": 0, "errors": 0}

        def tick(kind: str, item: Any) -> None:
            if isinstance(item, ReadError):
                counts["errors"] += 1
                progress.console.print(
                    f"[yellow]failed[/yellow] {escape(item.source)}: {escape(item.reason)}", highlight=False
                )
            else:
                counts["articles"] += 1
            rate = counts["articles"] / max(time.monotonic() - started, 1e-6)
            progress.update(task, completed=counts["articles"], rate=rate, errors=counts["errors"])

        try:
            with progress:
                task = progress.add_task(label, total=None, rate=0.0, errors=0)
                summary = work(store, tick)
        except KeyboardInterrupt:
            # The article being written was rolled back; everything counted before it is complete.
            err.print(f"interrupted after {counts['articles']} articles; rerun {label} to continue")
            raise typer.Exit(130) from None
        elapsed = time.monotonic() - started
        stale = not store.canonical_rules_current()
    s = summary.to_json()
    typer.echo(
        f"read {s['read']}, added {s['added']}, unchanged {s['unchanged']}, replaced {s['replaced']}, "
        f"errors {s['errors']}  ({elapsed:.1f}s, {db})"
    )
    if stale:
        err.print(f"[yellow]note:[/yellow] this store's canonical events were built with other merge rules; "
                  f"run `eventwire events rebuild --db {escape(db)}` to rebuild them with the current ones")
    if summary.errors and strict:
        raise typer.Exit(1)


# -- queries -------------------------------------------------------------------------------------------


def _filters(**kwargs: Any) -> Any:
    from eventwire.store import Filters

    limit = kwargs.pop("limit", 0)
    return Filters(limit=limit or None, **kwargs)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _emit(rows: list[dict[str, Any]], output: OutputFormat, columns: Sequence[tuple[str, Callable[..., Any]]],
          title: str) -> None:
    """Print rows as a Rich table (selected columns), JSON (everything) or CSV (everything, flattened)."""
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if output is OutputFormat.csv:
        from eventwire.export import flatten

        flat = [flatten(r) for r in rows]
        names: list[str] = []
        for row in flat:
            names += [k for k in row if k not in names]
        writer = csv.DictWriter(sys.stdout, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat)
        return
    cells = [[_cell(get(row)) for _, get in columns] for row in rows]
    table = Table(title=f"{title} ({len(rows)})", show_lines=False)
    for i, (header, _) in enumerate(columns):
        # Short columns (numbers, days, codes) keep their width; long text folds into what is left.
        longest = max([len(header), *(len(r[i]) for r in cells)])
        table.add_column(header, overflow="fold", ratio=None if longest <= 12 else 1)
    for row_cells in cells:
        table.add_row(*(escape(c) for c in row_cells))
    out.print(table)


def _names(people: list[dict[str, Any]]) -> str:
    return ", ".join(p["name"] + (f" [{p['code']}]" if p.get("code") else "") for p in people)


def _when(row: dict[str, Any]) -> str:
    if row.get("date"):
        return f"{row['date']} ({row.get('date_precision') or '?'})"
    return f"{row['article_date']} (article)"


EVENT_COLUMNS: list[tuple[str, Callable[..., Any]]] = [
    ("date", _when),
    ("type", lambda r: r["type"] + (f"/{r['mode']}" if r.get("mode") else "")),
    ("cameo", lambda r: r["cameo"]),
    ("actors", lambda r: _names(r["actors"])),
    ("recipients", lambda r: _names(r["recipients"])),
    ("trigger", lambda r: r["trigger_text"]),
    ("modality", lambda r: r["modality"]),
    ("id", lambda r: r["id"]),
]


@app.command()
def events(
    action: Annotated[
        str | None, typer.Argument(help="'show' to explain one canonical event (then give its ID); 'rebuild'"
                                        " to rebuild every canonical event with the current merge rules.",
                                   show_default=False)
    ] = None,
    event_id: Annotated[
        str | None, typer.Argument(help="Canonical event id (C...) or event id (<article>/V1).",
                                   show_default=False)
    ] = None,
    db: DbOpt = "eventwire.db",
    actor: ActorOpt = None,
    country: CountryOpt = None,
    type: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    text: TextOpt = None,
    limit: LimitOpt = 100,
    output: OutputOpt = OutputFormat.table,
) -> None:
    """List stored events with their actors and recipients, in article order.

    ``eventwire events show ID`` shows one canonical event instead: its mentions in every article and the
    pairwise decisions (score and reasons) that merged them. ``eventwire events rebuild`` recomputes every
    canonical event from the stored analyses, after an upgrade or an edit of the merge rules.
    """
    if action == "rebuild":
        with _open_store(db) as store:
            count = store.rebuild_canonical()
        typer.echo(f"rebuilt {count} canonical events ({db})")
        return
    if action is not None:
        if action != "show" or not event_id:
            raise _fail("usage: eventwire events show ID (a canonical id C... or an event id <article>/V1)"
                        " or eventwire events rebuild")
        with _open_store(db) as store:
            _show_canonical(store, event_id, output)
        return
    f = _filters(actor=actor, country=country, type=type, since=since, until=until, q=text, limit=limit)
    with _open_store(db) as store:
        rows = store.events(f, order="article")
    _emit(rows, output, EVENT_COLUMNS, "events")


def _show_canonical(store: Any, event_id: str, output: OutputFormat) -> None:
    """Print a canonical event (found by its id or by the id of one of its mentions) and its evidence."""
    found = store.canonical_event(event_id)
    if found is None:
        row = store.conn.execute("SELECT canonical_id FROM canonical_members WHERE event_id = ?",
                                 (event_id,)).fetchone()
        found = store.canonical_event(row[0]) if row else None
    if found is None:
        raise _fail(f"no canonical event or event with id {event_id!r}", code=1)
    if output is not OutputFormat.table:
        _emit([found], output, [], "canonical event")
        return
    out.print(f"[bold]{escape(found['id'])}[/bold] {found['type']} (CAMEO {found['cameo']}) "
              f"{escape(_names(found['actors']))} -> {escape(_names(found['recipients']))}", highlight=False)
    out.print(f"date {found['date'] or '?'} ({found['date_precision'] or 'article'}), place "
              f"{escape(found['location_name'] or found['location_country'] or '?')}, {found['modality']}; "
              f"{found['num_mentions']} mentions in {found['num_articles']} articles from "
              f"{found['num_sources']} sources, reported {found['first_reported']}.."
              f"{found['last_reported']}, confidence {found['confidence']:g}", highlight=False)
    mention_columns = [
        ("article date", lambda r: r["article_date"]),
        ("event", lambda r: r["id"]),
        ("type", lambda r: r["type"]),
        ("date", _when),
        ("trigger", lambda r: r["trigger_text"]),
        ("evidence", lambda r: r["evidence_text"]),
    ]
    _emit(found["mentions"], output, mention_columns, "mentions")
    link_columns = [
        ("event", lambda r: r["event_id"]),
        ("other", lambda r: r["other_id"]),
        ("score", lambda r: r["score"]),
        ("why merged", lambda r: "; ".join(r["reasons"])),
    ]
    _emit(found["links"], output, link_columns, "links")


@app.command()
def timeline(
    db: DbOpt = "eventwire.db",
    actor: ActorOpt = None,
    country: CountryOpt = None,
    type: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    text: TextOpt = None,
    limit: LimitOpt = 100,
    output: OutputOpt = OutputFormat.table,
) -> None:
    """Events ordered by when they happened; the date shows its precision (day, month, year, article)."""
    f = _filters(actor=actor, country=country, type=type, since=since, until=until, q=text, limit=limit)
    with _open_store(db) as store:
        rows = store.events(f, order="date")
    columns = [
        ("date", _when),
        ("type", lambda r: r["type"]),
        ("who", lambda r: _names(r["actors"])),
        ("whom", lambda r: _names(r["recipients"])),
        ("evidence", lambda r: r["evidence_text"]),
        ("article", lambda r: r["article_id"]),
    ]
    _emit(rows, output, columns, "timeline")


@app.command()
def quotes(
    db: DbOpt = "eventwire.db",
    speaker: Annotated[
        str | None, typer.Option("--speaker", "--actor", help="Speaker name (substring), entity id or code.")
    ] = None,
    country: CountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    text: TextOpt = None,
    limit: LimitOpt = 100,
    output: OutputOpt = OutputFormat.table,
) -> None:
    """List stored quotes with their speakers."""
    f = _filters(actor=speaker, country=country, since=since, until=until, q=text, limit=limit)
    with _open_store(db) as store:
        rows = store.quotes(f)
    columns = [
        ("date", lambda r: r["article_date"]),
        ("speaker", lambda r: r["speaker_name"]),
        ("kind", lambda r: r["kind"]),
        ("quote", lambda r: r["text"]),
        ("id", lambda r: r["id"]),
    ]
    _emit(rows, output, columns, "quotes")


@app.command()
def entities(
    db: DbOpt = "eventwire.db",
    name: Annotated[
        str | None, typer.Option("--name", "--actor", help="Name (substring), entity id or actor code.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="person, organization, location or group.")
    ] = None,
    country: CountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: LimitOpt = 100,
    output: OutputOpt = OutputFormat.table,
) -> None:
    """List entities across articles with how many articles and mentions name them."""
    f = _filters(actor=name, country=country, since=since, until=until, limit=limit)
    with _open_store(db) as store:
        rows = store.entities(f, kind=kind)
    columns = [
        ("name", lambda r: r["name"]),
        ("kind", lambda r: r["kind"]),
        ("country", lambda r: r["country"]),
        ("code", lambda r: r["code"]),
        ("articles", lambda r: r["articles"]),
        ("mentions", lambda r: r["mentions"]),
        ("first", lambda r: r["first_seen"]),
        ("last", lambda r: r["last_seen"]),
    ]
    _emit(rows, output, columns, "entities")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", OR/NOT, prefix*, title:word.')],
    db: DbOpt = "eventwire.db",
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: LimitOpt = 20,
    output: OutputOpt = OutputFormat.table,
) -> None:
    """Full-text search over article titles, article text and quotes, best match first.

    A query that is not valid FTS5 syntax is searched as plain words (all required).
    """
    f = _filters(since=since, until=until, limit=limit)
    with _open_store(db) as store:
        rows = store.search(query, f)
    columns = [
        ("kind", lambda r: r["kind"]),
        ("date", lambda r: r["article_date"]),
        ("title", lambda r: r["title"]),
        ("match", lambda r: r["snippet"]),
        ("id", lambda r: r["id"]),
    ]
    _emit(rows, output, columns, "matches")


@app.command()
def export(
    format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="jsonl, csv, parquet, gdelt (GDELT 2.0 Events TSV), "
                     "gdelt-mentions (GDELT 2.0 Mentions TSV) or plover (PLOVER JSON records)."),
    ],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="File to write.", dir_okay=False)],
    db: DbOpt = "eventwire.db",
    what: Annotated[
        ExportWhat, typer.Option("--what", help="events (with participants) or analyses (jsonl only).")
    ] = ExportWhat.events,
    level: Annotated[
        ExportLevel | None,
        typer.Option("--level", help="canonical (merged events with their mentions; the default) or "
                     "mentions (one row per event per article; jsonl, csv and parquet only)."),
    ] = None,
    header: Annotated[
        bool, typer.Option("--header", help="Add a header line to GDELT TSV files (GDELT's own have none).")
    ] = False,
    actor: ActorOpt = None,
    country: CountryOpt = None,
    type: TypeOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    quad_class: Annotated[
        int | None, typer.Option("--quad-class", help="CAMEO quad class 1-4.", min=1, max=4)
    ] = None,
) -> None:
    """Export stored events (canonical or per article) or whole analyses to a file.

    Formats and their columns are documented in docs/output.md. The gdelt format also writes
    NAME.eventwire.tsv next to the file: GLOBALEVENTID, eventwire id and the exact date and precision.
    """
    from eventwire.export import ExportError, default_level, export_path_notes
    from eventwire.export import export as run_export

    if what is ExportWhat.analyses and format is not ExportFormat.jsonl:
        raise _fail("--what analyses needs --format jsonl (analyses are nested documents)")
    chosen = level.value if level else default_level(format.value)
    f = _filters(actor=actor, country=country, type=type, since=since, until=until, quad_class=quad_class)
    with _open_store(db) as store:
        try:
            count = run_export(store, format.value, out_file, what.value, f, chosen,  # type: ignore[arg-type]
                               header=header)
        except ExportError as exc:
            raise _fail(str(exc)) from exc
    if what is ExportWhat.analyses:
        noun = "analyses"
    elif format is ExportFormat.gdelt_mentions:
        noun = "mention rows"
    else:
        noun = "canonical events" if chosen == "canonical" else "events"
    err.print(f"wrote {count} {noun} to {escape(str(out_file))}")
    for extra in export_path_notes(format.value, out_file):
        err.print(f"wrote {escape(str(extra))} (GLOBALEVENTID, eventwire id, exact date and precision)")


@app.command()
def info(
    db: DbOpt = "eventwire.db",
    errors: Annotated[bool, typer.Option("--errors", help="List the recorded ingest errors.")] = False,
) -> None:
    """Show what the database holds (and, with --errors, every recorded ingest error)."""
    with _open_store(db) as store:
        stats, version = store.stats(), store.schema_version
        failures = store.errors() if errors else []
    typer.echo(f"{db}: schema v{version}; " + ", ".join(f"{v} {k}" for k, v in stats.items()))
    for row in failures:
        typer.echo(f"{row['at']}  {row['source']}: {row['reason']}")


@app.command()
def serve(
    db: DbOpt = "eventwire.db",
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.", min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="EVENTWIRE_TOKEN",
                     help="Bearer token that enables POST /api/articles (without it: read-only)."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Server processes (one per core).", min=1)] = 1,
    people: PeopleOpt = None,
    institution_files: InstitutionsOpt = None,
) -> None:
    """Serve the HTTP API (/api, docs/api.md) and the web view (/) over a database."""
    import uvicorn

    from eventwire.api import app_from_env, create_app
    from eventwire.store import StoreError

    _use_actor_files(people, institution_files, export=workers > 1)  # POST /api/articles uses them
    try:
        web = create_app(db, token=token or None)  # opens and migrates the database once, up front
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    mode = "read-write (token set)" if token else "read-only"
    err.print(f"eventwire: serving {escape(db)} ({mode}) at http://{host}:{port}/", highlight=False)
    if workers == 1:
        uvicorn.run(web, host=host, port=port, log_level="warning")
        return
    # Several processes need an import string: each worker builds its app from the environment.
    os.environ["EVENTWIRE_DB"] = db
    os.environ.pop("EVENTWIRE_TOKEN", None)
    if token:
        os.environ["EVENTWIRE_TOKEN"] = token
    target = f"{app_from_env.__module__}:{app_from_env.__name__}"
    uvicorn.run(target, factory=True, host=host, port=port, workers=workers, log_level="warning")


# -- actors --------------------------------------------------------------------------------------------


@actors_app.command("lookup")
def actors_lookup(
    name: Annotated[str, typer.Argument(help="A name as a text writes it: Putin, Zelenskyy, Kim Jong Un.")],
    on: Annotated[
        str | None,
        typer.Option("--date", help="Resolve on this day (YYYY-MM-DD); default today.", callback=_iso_text),
    ] = None,
    people_file: PeopleOpt = None,
    institution_files: InstitutionsOpt = None,
    output: OutputOpt = OutputFormat.table,
) -> None:
    """Show whom NAME means on a date: office, country, sector and CAMEO-style code at that date."""
    from eventwire.actors import kb

    _use_actor_files(people_file, institution_files)
    when = _iso_day(on) or date.today()
    rows = [
        {
            "name": m.person.name,
            "status": m.status,
            "role": m.role,
            "country": m.country,
            "sector": m.sector,
            "code": f"{m.country}{m.sector}" if m.country and m.sector else None,
            "office_start": m.office.start.isoformat() if m.office else None,
            "office_end": m.office.end.isoformat() if m.office and m.office.end else None,
        }
        for m in kb.lookup(name, when)
    ]
    if not rows:
        err.print(f"no one called {escape(name)!r} in the knowledge base")
        raise typer.Exit(1)
    columns = [(key, lambda r, key=key: r[key]) for key in rows[0]]
    _emit(rows, output, columns, f"{name} on {when.isoformat()}")


# -- evaluation ----------------------------------------------------------------------------------------


def _scorer(name: str) -> Any:
    """Import ``eventwire.evaluate.<name>`` lazily: scorers pull in XML and gold-format code."""
    import importlib

    try:
        return importlib.import_module(f"eventwire.evaluate.{name}")
    except ImportError as exc:
        raise _fail(f"{name} evaluation is not available: {exc}") from exc


def _print_scores(scores: dict[str, Any], title: str, output: OutputFormat) -> None:
    if output is OutputFormat.table:
        table = Table(title=title)
        table.add_column("metric")
        table.add_column("value", justify="right")
        for key, value in _flat_items(scores):
            table.add_row(escape(key), escape(_cell(value)))
        out.print(table)
    else:
        sys.stdout.write(json.dumps(scores, ensure_ascii=False, indent=2, default=str) + "\n")


ScoreOutputOpt = Annotated[OutputFormat, typer.Option("--output", "-o", help="table or json.")]


@evaluate_app.command("timeml")
def evaluate_timeml(
    gold_dir: Annotated[
        Path, typer.Argument(help="Folder of gold .tml files.", exists=True, file_okay=False)
    ],
    output: ScoreOutputOpt = OutputFormat.table,
) -> None:
    """Tag the gold documents' text and score the TIMEX3 output (TempEval-3 Task A metrics)."""
    scores = _scorer("timeml").evaluate_dir(gold_dir)
    _print_scores(scores, f"TimeML evaluation ({gold_dir.name})", output)


@evaluate_app.command("plover")
def evaluate_plover(
    gold_file: Annotated[
        Path, typer.Argument(help="PLOVER gold records (JSON list).", exists=True, dir_okay=False)
    ],
    output: ScoreOutputOpt = OutputFormat.table,
) -> None:
    """Code each gold record's text and score event type, actor/recipient country and no-event precision."""
    scores = _scorer("plover").evaluate_file(gold_file)
    _print_scores(scores, f"PLOVER evaluation ({gold_file.name})", output)


@evaluate_app.command("brat")
def evaluate_brat(
    gold_dir: Annotated[
        Path, typer.Argument(help="Folder of brat .ann files with their .txt.", exists=True, file_okay=False)
    ],
    limit: Annotated[int, typer.Option("--limit", help="Score only the first N documents; 0 for all.",
                                       min=0)] = 0,
    output: ScoreOutputOpt = OutputFormat.table,
) -> None:
    """Attribute quotes in each text and score content, cue and speaker spans (PolNeAR-style brat)."""
    scores = _scorer("brat").evaluate_dir(gold_dir, limit=limit or None)
    _print_scores(scores, f"attribution evaluation ({gold_dir.name})", output)


@evaluate_app.command("giveme5w1h")
def evaluate_giveme5w1h(
    gold_dir: Annotated[
        Path, typer.Argument(help="Giveme5W1H gold standard folder (with data/*.json).", file_okay=False)
    ] = Path("../shared/eval/giveme5w1h"),
    model: ModelOpt = None,
    output: ScoreOutputOpt = OutputFormat.table,
) -> None:
    """Ingest every article into a temporary store and score canonical events pairwise: articles about
    the same event should share one, articles about different events none."""
    if not (gold_dir / "data").is_dir():
        err.print(f"skipped: no Giveme5W1H data in {escape(str(gold_dir))} (expected data/*.json there)")
        raise typer.Exit(0)
    _check_model(model)
    scores = _scorer("giveme5w1h").evaluate_dir(gold_dir, model)
    _print_scores(scores, f"canonical events on Giveme5W1H ({gold_dir.name})", output)


def _flat_items(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _flat_items(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


@app.command("tag-timeml")
def tag_timeml(
    input_dir: Annotated[
        Path, typer.Argument(help="Folder of TimeML documents.", exists=True, file_okay=False)
    ],
    out_dir: Annotated[Path, typer.Argument(help="Folder for the tagged copies.", file_okay=False)],
) -> None:
    """Write a TIMEX3-tagged copy of every TimeML document of INPUT_DIR into OUT_DIR."""
    count = _scorer("timeml").tag_dir(input_dir, out_dir)
    err.print(f"tagged {count} documents into {escape(str(out_dir))}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"eventwire {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Dated news articles in; sourced political events, quotes, time expressions and entities out."""


def main() -> None:
    """Console-script entry point (``eventwire``)."""
    app(prog_name="eventwire")


if __name__ == "__main__":
    main()
