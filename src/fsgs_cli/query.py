"""Turn whatever a user typed into a safe FTS5 query.

Only words (letters and digits, with an optional trailing ``*`` for a prefix) survive;
each is quoted, so FTS5 operators, column filters and stray punctuation are plain text
and can never cause a syntax error.
"""

from __future__ import annotations

import re

from fsgs_cli.text import STOPWORDS

MAX_TERMS = 16
TOKEN_RE = re.compile(r"[^\W_]+(\*)?", re.UNICODE)


def terms(text: str) -> list[tuple[str, bool]]:
    """The query's words as ``(word, is_prefix)``, stop words dropped unless nothing is left."""
    found = [(m.group(0).rstrip("*").casefold(), bool(m.group(1))) for m in TOKEN_RE.finditer(text)]
    kept = [t for t in found if t[0] not in STOPWORDS]
    chosen = kept or found
    unique = list(dict.fromkeys(chosen))
    return unique[:MAX_TERMS]


def words(text: str) -> set[str]:
    """Every word of a text, lowercased, stop words included."""
    return {m.group(0).rstrip("*").casefold() for m in TOKEN_RE.finditer(text)}


def _quote(word: str, prefix: bool) -> str:
    quoted = '"' + word.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def match_all(text: str) -> str | None:
    """An FTS5 query that needs every word, or ``None`` when there are no words."""
    parts = [_quote(w, p) for w, p in terms(text)]
    return " ".join(parts) or None


def match_any(text: str) -> str | None:
    """An FTS5 query that needs any one of the words."""
    parts = [_quote(w, p) for w, p in terms(text)]
    return " OR ".join(parts) or None
