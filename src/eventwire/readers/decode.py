"""Bytes to normalized article text.

Decoding policy (documented for users in the package docstring):

- UTF-8 (with or without BOM) is the norm. UTF-16/UTF-32 are decoded when they carry a BOM, and UTF-16
  without BOM is recognised by its pattern of NUL bytes in every other position.
- Anything else that is not valid UTF-8 is decoded as cp1252 (the superset of latin-1 that Western
  newsrooms actually wrote), or latin-1 when cp1252 cannot map a byte -- provided the result looks like
  text. Both are single-byte encodings, so any bytes "decode"; the binary check decides.
- Binary input is refused with a reason: a known file signature (PDF, ZIP/Office, images, ...), NUL
  bytes in something that is not valid UTF-8, or -- when the encoding was guessed (single-byte or
  BOM-less UTF-16) -- more than 10% control characters. Valid UTF-8 is always text: random bytes are
  practically never valid UTF-8, and stray control characters (even NUL) in it are dirt that
  ``normalize`` removes.

Normalization (``normalize``) makes the text that every offset refers to: CR LF and CR become LF, form
feed and vertical tab become LF, ANSI terminal escape sequences and the other control characters (all of
Unicode category Cc but LF and TAB) are removed, mojibake is repaired (ftfy, optional), and the result
is NFC. Nothing else changes: quotes, dashes, zero-width and bidi characters stay as written.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache
from pathlib import Path

import ftfy
import yaml

DATA = Path(__file__).parent / "data"

#: Leading bytes of formats that are certainly not text, with the name used in the error.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/ODT document)"),
    (b"\xd0\xcf\x11\xe0", "legacy Microsoft Office document"),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAX_CONTROL_SHARE = 0.10
_SAMPLE = 65536
# Unicode category Cc except TAB, LF, CR, VT, FF (line breaks are unified before this applies).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


class DecodeError(ValueError):
    """The bytes are not text eventwire can read; the message is the reason shown to the user."""


def decode(data: bytes) -> str:
    """Decode file contents to ``str`` (see the module docstring for the policy), or raise DecodeError."""
    for magic, name in SIGNATURES:
        if data.startswith(magic):
            raise DecodeError(f"binary file ({name}); convert it to text first")
    text, guessed = _decoded(data)
    share = len(_CONTROL.findall(text[:_SAMPLE])) / max(1, len(text[:_SAMPLE]))
    if guessed and share > MAX_CONTROL_SHARE:
        raise DecodeError(f"binary file ({share:.0%} control characters)")
    return text


def _decoded(data: bytes) -> tuple[str, bool]:
    """The text, and whether its encoding was a guess (so a binary check must confirm it is text)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _strict(data, encoding), False
    if (utf16 := _bomless_utf16(data)) is not None:
        return _strict(data, utf16), True
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        if b"\x00" in data:
            raise DecodeError("binary file (NUL bytes in content that is not UTF-8)") from None
    try:
        return data.decode("cp1252"), True
    except UnicodeDecodeError:
        return data.decode("latin-1"), True


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise DecodeError(f"invalid {encoding} at byte {err.start}") from None


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when most character pairs have a NUL on the same side (ASCII in UTF-16)."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    pairs = len(sample) // 2
    if pairs < 4 or len(data) % 2:
        return None
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def normalize(text: str, fix_mojibake: bool = True) -> str:
    """The canonical article text: line breaks unified, control characters gone, mojibake fixed, NFC.

    Idempotent by construction (re-reading exported text must give the same text, hence the same id):
    the repair and cleanup steps repeat until nothing changes, because removing a control character can
    expose mojibake that ftfy then repairs.
    """
    text = _ANSI_ESCAPE.sub("", _LINE_BREAKS.sub("\n", text))
    for _ in range(4):
        before = text
        if fix_mojibake:
            text = _LINE_BREAKS.sub("\n", repair_mojibake(text))
        text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
        if text == before:
            break
    return text


def article_text(raw: str, fix_mojibake: bool = True) -> str:
    """``normalize`` for a whole article body, without the whitespace around it.

    Surrounding whitespace is stripped *before* normalizing too: ftfy weighs its whole input, so even a
    trailing newline can change its verdict, and the same body must give the same text (and id) whether
    it came from a seed file, a JSON string or a CSV cell.
    """
    return normalize(raw.strip(), fix_mojibake).strip()


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage with ftfy, then the lossy sequences of ``data/mojibake.yaml``."""
    if text.isascii():
        return text
    fixed = ftfy.fix_text(text, _FTFY)
    if fixed == text:
        return text
    for broken, repaired in lossy_sequences():
        text = text.replace(broken, repaired)
    return ftfy.fix_text(text, _FTFY)


@cache
def lossy_sequences() -> tuple[tuple[str, str], ...]:
    """The bundled ``data/mojibake.yaml``, loaded once."""
    return load_lossy(DATA / "mojibake.yaml")


def load_lossy(path: Path) -> tuple[tuple[str, str], ...]:
    """Read and validate a lossy-sequence file; a bad entry raises ValueError naming file and entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("lossy") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{path}: top-level key 'lossy' must hold a list")
    found = []
    for i, entry in enumerate(entries):
        keys = ("broken", "fixed", "why")
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str) and entry[k] for k in keys)):
            raise ValueError(f"{path} entry {i}: needs non-empty strings 'broken', 'fixed' and 'why'")
        found.append((entry["broken"], entry["fixed"]))
    return tuple(found)
