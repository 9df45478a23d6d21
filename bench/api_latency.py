"""API latency under load: /api/timeline and /api/events on a database of 100,000 events.

Usage: python bench/api_latency.py [--db PATH] [--events 100000] [--clients 20] [--requests 2000]
                                   [--workers 1] [--client-procs 2]

1. Builds the database unless ``--db`` already holds one: synthetic analyses (no spaCy) of articles with
   five events each, between 600 actors of 60 countries over ten years, written through ``Store.ingest``
   (so canonical events are assigned exactly as in production).
2. Starts ``eventwire serve`` (uvicorn) on a free loopback port in a subprocess.
3. Runs ``--clients`` concurrent keep-alive clients (asyncio, a minimal HTTP/1.1 client, spread over
   ``--client-procs`` processes) that send ``--requests`` requests in total, half
   to /api/timeline and half to /api/events, each with filters drawn at random (actor, country, type,
   quad class, date ranges, text, paging, bucket; a third with no filter at all).
4. Prints p50/p95/p99 and the mean per endpoint, requests per second, and any non-200 answers.

The target (issue 8) is p95 < 100 ms for both endpoints with 20 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx

from eventwire.model import Analysis, Article, Entity, Event, Location, Participant, Span
from eventwire.store import Store

TYPES = [  # (PLOVER type, CAMEO code, quad class, Goldstein, verb as a text writes it)
    ("CONSULT", "040", 1, 1.0, "met"),
    ("CONSULT", "041", 1, 1.0, "spoke by phone with"),
    ("COOPERATE", "050", 1, 3.5, "pledged cooperation with"),
    ("AGREE", "057", 1, 8.0, "signed an agreement with"),
    ("REQUEST", "020", 1, 3.0, "appealed to"),
    ("AID", "070", 2, 7.0, "sent aid to"),
    ("RETREAT", "080", 2, 5.0, "withdrew forces near"),
    ("ACCUSE", "112", 3, -2.0, "accused"),
    ("DEMAND", "100", 3, -5.0, "demanded concessions from"),
    ("THREATEN", "130", 3, -4.4, "threatened"),
    ("PROTEST", "140", 3, -6.5, "protested against"),
    ("SANCTION", "163", 4, -8.0, "imposed sanctions on"),
    ("MOBILIZE", "150", 4, -7.2, "mobilized troops against"),
    ("ASSAULT", "180", 4, -9.0, "attacked"),
]
COUNTRIES = [
    "USA", "GBR", "FRA", "DEU", "RUS", "UKR", "CHN", "JPN", "IND", "PAK", "IRN", "ISR", "PSE", "TUR", "SYR",
    "IRQ", "SAU", "EGY", "NGA", "KEN", "ETH", "ZAF", "BRA", "ARG", "MEX", "CAN", "AUS", "KOR", "PRK", "POL",
    "ITA", "ESP", "NLD", "SWE", "NOR", "FIN", "GRC", "SRB", "XKX", "HTI", "VEN", "COL", "PER", "CHL", "CUB",
    "AFG", "BGD", "IDN", "PHL", "VNM", "THA", "MMR", "LBN", "JOR", "QAT", "ARE", "YEM", "SDN", "SSD", "MLI",
]
ROLES = [("President", "GOV"), ("Foreign Minister", "GOV"), ("Defence Minister", "MIL"), ("Army", "MIL"),
         ("Police", "COP"), ("Parliament", "LEG"), ("Opposition party", "PTY"), ("Supreme Court", "JUD"),
         ("Rebels", "REB"), ("Trade unions", "LAB")]
WORDS = ["border", "energy", "trade", "ceasefire", "elections", "refugees", "grain", "pipeline", "nuclear",
         "talks", "security", "drought", "protests", "tariffs", "loans", "troops", "vaccines", "fishing"]
START = date(2015, 1, 1)
DAYS = 3650
EVENTS_PER_ARTICLE = 5


def actors() -> list[tuple[str, str, str]]:
    """600 synthetic actors: (name, country, sector)."""
    return [(f"{role} of {c}", c, sector) for c in COUNTRIES for role, sector in ROLES]


def synthetic_article(n: int, rng: random.Random, people: list[tuple[str, str, str]]) -> Analysis:
    """An article of five events, every span cut from its own text (offsets are real)."""
    day = START + timedelta(days=rng.randrange(DAYS))
    parts: list[str] = []
    pos = 0
    entities: dict[str, Entity] = {}
    events: list[Event] = []

    def add(text: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(text)
        pos += len(text)
        return start, pos

    def entity(person: tuple[str, str, str], start: int) -> Participant:
        name, country, sector = person
        ent = entities.get(name)
        if ent is None:
            ent = entities[name] = Entity(f"E{len(entities) + 1}", name, "organization", [], country, sector,
                                          country + sector)
        ent.mentions.append(Span(start, start + len(name), name))
        return Participant(name, ent.id, country, sector, country + sector)

    for k in range(EVENTS_PER_ARTICLE):
        kind, cameo, quad, goldstein, verb = rng.choice(TYPES)
        who, whom = rng.sample(people, 2)
        when = day - timedelta(days=rng.randrange(3))
        topic = rng.choice(WORDS)
        s_start = pos
        actor = entity(who, add(who[0])[0])
        add(" ")
        t_start, t_end = add(verb)
        add(" ")
        recipient = entity(whom, add(whom[0])[0])
        add(f" over {topic} on {when.isoformat()}.")
        s_end = pos
        add(" ")
        events.append(Event(
            id=f"V{k + 1}", type=kind, cameo=cameo, quad_class=quad, goldstein=goldstein,
            trigger=Span(t_start, t_end, verb), evidence=Span(s_start, s_end, ""), actors=[actor],
            recipients=[recipient], date=when.isoformat(), date_precision="day",
            date_basis={"timex": f"T{k + 1}"}, location=Location(whom[1], whom[1]),
            mentions=[Span(s_start, s_end, "")], confidence=0.6,
        ))
    text = "".join(parts).rstrip()
    for ev in events:  # spans were opened before the text existed: cut their text now
        ev.evidence = Span.of(text, ev.evidence.start, ev.evidence.end)
        ev.mentions = [Span.of(text, m.start, m.end) for m in ev.mentions]
    article = Article(f"bench-{n:06d}", day, text, title=f"Wire {n}", publisher=f"wire{n % 7}")
    analysis = Analysis(article, list(entities.values()), [], events, [])
    assert not analysis.check_spans()
    return analysis


def build(db: Path, events: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    people = actors()
    count = events // EVENTS_PER_ARTICLE
    started = time.perf_counter()
    with Store(db) as store:
        for n in range(count):
            store.ingest(synthetic_article(n, rng, people))
            if (n + 1) % 2000 == 0:
                rate = (n + 1) / (time.perf_counter() - started)
                print(f"  {n + 1}/{count} articles stored ({rate:.0f}/s)", file=sys.stderr, flush=True)
        stats = store.stats()
        canonical = store.count_canonical_events()
    print(f"built {db}: {stats['articles']} articles, {stats['events']} events, {canonical} canonical events"
          f" in {time.perf_counter() - started:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def random_params(rng: random.Random, people: list[tuple[str, str, str]], endpoint: str) -> dict[str, str]:
    params: dict[str, str] = {}
    if rng.random() < 0.33:
        pass  # the unfiltered view the web page opens with
    else:
        for _ in range(rng.choice((1, 1, 2))):
            choice = rng.choice(("actor", "country", "type", "quad_class", "range", "q"))
            if choice == "actor":
                params["actor"] = rng.choice(people)[0]
            elif choice == "country":
                params["country"] = rng.choice(COUNTRIES)
            elif choice == "type":
                params["type"] = rng.choice(TYPES)[0]
            elif choice == "quad_class":
                params["quad_class"] = str(rng.randint(1, 4))
            elif choice == "range":
                lo = START + timedelta(days=rng.randrange(DAYS))
                params["since"] = lo.isoformat()
                params["until"] = (lo + timedelta(days=rng.choice((7, 30, 365)))).isoformat()
            else:
                params["q"] = rng.choice(WORDS)
    if endpoint == "/api/timeline":
        params["bucket"] = rng.choice(("day", "week", "month", "month"))
    else:
        params["limit"] = rng.choice(("20", "50", "50", "100"))
        params["offset"] = str(rng.choice((0, 0, 0, 50, 100, 500)))
    return params


def plan_of(total: int, seed: int) -> list[tuple[str, dict[str, str]]]:
    """Half timeline, half events requests with random filters, shuffled."""
    rng = random.Random(seed)
    people = actors()
    plan = [(ep, random_params(rng, people, ep)) for ep in ("/api/timeline", "/api/events")
            for _ in range(total // 2)]
    rng.shuffle(plan)
    return plan


async def load(base: str, clients: int, plan: list[tuple[str, dict[str, str]]]) -> dict[str, list[float]]:
    """``clients`` concurrent keep-alive connections working through ``plan``; each request's latency.

    The client is a minimal HTTP/1.1 one on asyncio streams: httpx spends several milliseconds of CPU
    per request here, more than the server does, and on a shared 2-core machine that time would be
    measured as server latency.
    """
    host, port = base.removeprefix("http://").split(":")
    queue: asyncio.Queue[tuple[str, dict[str, str]]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    times: dict[str, list[float]] = {"/api/timeline": [], "/api/events": []}
    failures: list[str] = []

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while not queue.empty():
                endpoint, params = queue.get_nowait()
                target = f"{endpoint}?{urlencode(params)}" if params else endpoint
                t0 = time.perf_counter()
                writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])
                body = await reader.readexactly(length)
                times[endpoint].append(time.perf_counter() - t0)
                if not head.startswith(b"HTTP/1.1 200"):
                    status = head.split(b"\r\n")[0].decode()
                    failures.append(f"{status} {endpoint} {params}: {body[:200]!r}")
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    for line in failures[:10]:
        print("FAILED", line)
    return times


def run_share(base: str, clients: int, plan: list[tuple[str, dict[str, str]]]) -> dict[str, list[float]]:
    return asyncio.run(load(base, clients, plan))


def run_load(base: str, clients: int, total: int, seed: int, procs: int) -> dict[str, list[float]]:
    """The clients spread over ``procs`` processes, so the load generator's own CPU time (one asyncio
    loop parsing every answer) does not queue requests and inflate the latencies it measures."""
    plan = plan_of(total, seed)
    shares = [plan[k::procs] for k in range(procs)]
    times: dict[str, list[float]] = {"/api/timeline": [], "/api/events": []}
    with ProcessPoolExecutor(procs) as pool:
        futures = [pool.submit(run_share, base, clients // procs, share) for share in shares]
        for future in futures:
            for endpoint, values in future.result().items():
                times[endpoint] += values
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--db", type=Path, help="database to use (built there when missing)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--client-procs", type=int, default=2, help="processes the clients are spread over")
    args = parser.parse_args()

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="ew-api-bench-")
        args.db = Path(tmp.name) / "bench.db"
    if not args.db.exists():
        build(args.db, args.events)
    port = free_port()
    cmd = [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(args.db), "--port", str(port),
           "--workers", str(args.workers)]
    env = {k: v for k, v in os.environ.items() if k != "EVENTWIRE_TOKEN"}
    server = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        print(httpx.get(f"{base}/api/stats", timeout=30).json())
        # Let every worker build its in-memory read model before measuring (the first requests start it).
        ready = 0
        waited = time.perf_counter()
        while ready < 10 and time.perf_counter() - waited < 600:
            ready = ready + 1 if httpx.get(f"{base}/api/stats", timeout=30).json().get("read_model") else 0
            httpx.get(f"{base}/api/events", timeout=60)
            time.sleep(0.2)
        print(f"read model ready after {time.perf_counter() - waited:.0f} s", flush=True)
        run_load(base, args.clients, min(200, args.requests), args.seed + 1000, args.client_procs)  # warm-up
        started = time.perf_counter()
        times = run_load(base, args.clients, args.requests, args.seed, args.client_procs)
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()
    done = sum(len(v) for v in times.values())
    print(f"{done} requests, {args.clients} concurrent clients in {args.client_procs} processes,"
          f" {args.workers} server worker(s), "
          f"{done / elapsed:.0f} requests/s")
    print(f"{'endpoint':<16}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'mean ms':>9}")
    for endpoint, values in times.items():
        ms = [v * 1000 for v in values]
        print(f"{endpoint:<16}{len(ms):>6}{percentile(ms, 50):>9.1f}{percentile(ms, 95):>9.1f}"
              f"{percentile(ms, 99):>9.1f}{statistics.fmean(ms):>9.1f}")


if __name__ == "__main__":
    main()
