"""Everything fsgs prints goes through this package.

Three kinds of output, one module each, with the same views: ``styled`` (Rich, on a
terminal), ``plain`` (piped, ``NO_COLOR`` or ``TERM=dumb``: no escape codes, one item a
line, tab-separated fields) and ``json_out`` (the public ``--json`` shapes). ``show(out)``
picks the module; Rich is imported only when styled output is asked for. Text from the
store is cleaned of control characters and is never read as markup.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fsgs_cli.text import counted

if TYPE_CHECKING:
    from fsgs_cli.models import SearchResult
    from fsgs_cli.render.views import View

DISCLAIMER = (
    "fsgs explains FSGS; it does not diagnose or replace your care team. Sudden "
    "breathlessness or chest pain is an emergency; a swollen, painful leg or much less "
    "urine than usual needs your team the same day. All the warning signs: fsgs read urgent."
)
URGENT_BANNER = (
    "If this is an emergency, call 999, 911 or 112 now, or go to the emergency "
    "department. When to get help: fsgs read urgent"
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text made safe for a terminal: control characters (escape sequences) removed."""
    return CONTROL_RE.sub("", text)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def search_notes(result: SearchResult) -> list[str]:
    """What a search says about itself, most pressing first: the emergency banner, how
    the query was corrected (or could be), and the calculator that fits the question."""
    notes = [URGENT_BANNER] if result.urgent else []
    if result.corrected:
        notes.append(
            f"No articles match “{one_line(result.query)}”; "
            f"showing results for “{one_line(result.corrected)}”."
        )
    elif result.did_you_mean:
        notes.append(f"Did you mean “{one_line(result.did_you_mean)}”?")
    if result.hint:
        notes.append(one_line(result.hint))
    return notes


_PLAIN = [False]  # set by --plain


def prefer_plain() -> None:
    """Plain output even on a terminal (``--plain``)."""
    _PLAIN[0] = True


def styled_default() -> bool:
    """Styled output on a terminal, unless --plain, NO_COLOR or TERM=dumb; FORCE_COLOR
    forces it."""
    if _PLAIN[0] or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


class Output:
    """Where and how to print: styled, plain or JSON."""

    def __init__(self, json: bool = False, styled: bool = False, pager: bool = True) -> None:
        self.json = json
        self.styled = styled
        self.pager = pager

    @classmethod
    def detect(cls, *, as_json: bool = False, pager: bool = True) -> Output:
        return cls(json=as_json, styled=not as_json and styled_default(), pager=pager)


def show(out: Output) -> View:
    """The views for ``out``: JSON, styled or plain."""
    if out.json:
        from fsgs_cli.render import json_out

        return json_out
    if out.styled:
        from fsgs_cli.render.styled import Styled

        return Styled(out)
    from fsgs_cli.render import plain

    if out.pager and sys.stdout.isatty():
        from fsgs_cli.render.pager import Paged

        return Paged(plain, allowed=True)
    return plain


def built(out: Output, path: str, articles: int, topics: int, terms: int) -> None:
    show(out).done(f"Built {path}: {articles} articles in {topics} topics, {terms} glossary terms.")


def exported(out: Output, path: str, articles: int, terms: int, questions: int) -> None:
    show(out).done(
        f"Wrote {path}: {counted(articles, 'article')}, {counted(terms, 'glossary term')}, "
        f"{counted(questions, 'question')}."
    )


def error(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(f"fsgs: {one_line(message)}\n")


def error_lines(rows: Sequence[str]) -> None:
    sys.stderr.write("".join(f"{one_line(row)}\n" for row in rows))


def document(text: str, pager: bool = False) -> None:
    """A whole document on standard output, cleaned of terminal control characters; with
    ``pager``, through the pager when it is longer than the screen of a terminal."""
    from fsgs_cli.render.pager import show as show_long

    show_long(clean(text), pager)
