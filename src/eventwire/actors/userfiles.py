"""Users' own knowledge files (people, institutions): where they come from and how workers get them.

A user file reaches a process in one of three ways, and all three end in the same list:

- ``add(path)`` in this process (``kb.load_extra``, ``institutions.load_extra``, the CLI's ``--people``);
- an environment variable (``EVENTWIRE_PEOPLE``, ``EVENTWIRE_INSTITUTIONS``; paths separated by
  ``os.pathsep``), read whenever the table is (re)built, so worker processes that inherit the
  environment (``ingest --workers``, the local batch pool, a Dask ``LocalCluster``, ``serve --workers``)
  see the files their parent was given;
- ``adopt(snapshot)``: the texts themselves, sent with each batch partition, for workers on other
  machines (a remote Dask scheduler) where the paths may not exist.

A file's text is kept once read, so the files a batch started with are the files every partition uses.
"""

from __future__ import annotations

import os
from pathlib import Path

from eventwire.actors.lexicon import LexiconError


class UserFiles:
    """The user files of one kind, in the order they were given (later files win over earlier ones)."""

    def __init__(self, env: str) -> None:
        self.env = env
        self.added: list[Path] = []  # files given in this process
        self._texts: dict[str, str] = {}  # absolute path -> text, as first read (or as received)

    @staticmethod
    def key(path: Path) -> str:
        return str(Path(path).expanduser().absolute())

    def from_env(self) -> list[Path]:
        """The files named in the environment variable (empty entries ignored)."""
        return [Path(p) for p in os.environ.get(self.env, "").split(os.pathsep) if p.strip()]

    def paths(self) -> list[Path]:
        """Environment files first, then the added ones; a file named twice counts once."""
        found: dict[str, Path] = {}
        for path in [*self.from_env(), *self.added]:
            found.setdefault(self.key(path), path)
        return list(found.values())

    def read(self, path: Path) -> str:
        """The file's text (as first read). A missing file names the variable it came from, if any."""
        key = self.key(path)
        if key not in self._texts:
            try:
                self._texts[key] = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                origin = f" (from {self.env})" if key in {self.key(p) for p in self.from_env()} else ""
                raise LexiconError(f"{path}{origin}: cannot read: {exc.strerror or exc}") from exc
        return self._texts[key]

    def add(self, path: Path) -> None:
        if self.key(path) not in {self.key(p) for p in self.added}:
            self.added.append(Path(path))

    def export(self) -> None:
        """Name every file of this process in the environment variable, for the processes it starts."""
        os.environ[self.env] = os.pathsep.join(self.key(p) for p in self.paths())

    def snapshot(self) -> dict[str, str]:
        """Absolute path -> text of every file, to send to workers that may not see the paths."""
        return {self.key(p): self.read(p) for p in self.paths()}

    def adopt(self, snapshot: dict[str, str]) -> bool:
        """Use the files of a snapshot (a worker's side of ``snapshot``); True when anything changed."""
        changed = False
        for key, text in snapshot.items():
            if self._texts.get(key) != text:
                self._texts[key] = text
                changed = True
            if key not in {self.key(p) for p in self.paths()}:
                self.added.append(Path(key))
                changed = True
        return changed
