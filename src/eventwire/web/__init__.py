"""The web view: static files (HTML, CSS, JS modules) that the API serves at ``/``.

Nothing here runs on the server: the page talks to ``/api`` (see ``docs/api.md``) and renders in the
browser. It needs no build step and no network beyond the API, so it works offline; every piece of
text from the database is inserted with ``textContent``, never parsed as HTML.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR: Path = Path(__file__).resolve().parent / "static"
"""The folder to mount at ``/`` (``index.html`` is the single page)."""


def static_dir() -> Path:
    """Where the web view's files live; the API mounts this folder when it exists."""
    return STATIC_DIR
