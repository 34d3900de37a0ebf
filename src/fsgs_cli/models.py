"""Typed records shared by the content loader, the builder and the store.

Named tuples rather than dataclasses: they cost less to import, which every start pays.
"""

from __future__ import annotations

from typing import NamedTuple

# Around the matched words of a search snippet; render turns them into bold or [ ].
MARK_START = "\x02"
MARK_END = "\x03"
# The alias of the page that says when to get help; the home screen names it.
URGENT_ALIAS = "urgent"


class Topic(NamedTuple):
    slug: str
    title: str
    description: str
    order: int


class Source(NamedTuple):
    title: str
    url: str


class GlossaryTerm(NamedTuple):
    term: str
    definition: str
    see_also: tuple[str, ...] = ()


class Article(NamedTuple):
    """An article as written in content/ (the builder's input)."""

    id: int
    slug: str
    title: str
    topic: str
    kind: str
    summary: str
    aliases: tuple[str, ...]
    reviewed: str
    related: tuple[int, ...]
    sources: tuple[Source, ...]
    body: str
    path: str = ""
    includes: tuple[str, ...] = ()  # the shared blocks the body takes (see includes.py)


class ArticleRef(NamedTuple):
    """Enough of an article to list or link it."""

    id: int
    slug: str
    title: str
    summary: str = ""
    topic: str = ""
    reviewed: str = ""


class RelatedLink(NamedTuple):
    id: int
    slug: str
    title: str
    reason: str
    score: float


class ArticlePage(NamedTuple):
    """An article as read from the store, with what the reader shows around it."""

    id: int
    slug: str
    title: str
    topic: str
    topic_title: str
    kind: str
    summary: str
    body: str
    reviewed: str
    sources: tuple[Source, ...]
    related: tuple[RelatedLink, ...]
    layout: str = "[]"  # the body as units of plain text (plaintext.shared), JSON
    text: str = ""  # the body as plain text, a line per heading or paragraph, for layout


class TopicListing(NamedTuple):
    slug: str
    title: str
    description: str
    articles: tuple[ArticleRef, ...] = ()


class SearchHit(NamedTuple):
    id: int
    slug: str
    title: str
    topic: str
    snippet: str
    score: float
    section: str = ""


class SearchResult(NamedTuple):
    """What a search found, and how it read the query."""

    query: str
    hits: tuple[SearchHit, ...]
    expanded: str
    corrected: str | None = None
    suggestions: tuple[str, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    did_you_mean: str | None = None
    urgent: ArticleRef | None = None
    hint: str | None = None


class StoreInfo(NamedTuple):
    path: str
    schema_version: int
    content_hash: str
    content_date: str
    counts: dict[str, int]


class Edition(NamedTuple):
    """Which store a document came from: its newest reviewed date and content version."""

    content_date: str
    version: str
    schema_version: int


class Check(NamedTuple):
    """One check of ``fsgs db check``: its name, whether it passed, and what it found."""

    name: str
    ok: bool
    detail: str


class StoreCheck(NamedTuple):
    path: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


class Report(NamedTuple):
    """A worked-out number, or what a diary's days show, in words: a title, labelled
    values, notes (what it means, its limits, what to do), pages to read next, and the
    ``--json`` document."""

    title: str
    rows: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    articles: tuple[ArticleRef, ...]
    document: dict[str, object]


class Reading(NamedTuple):
    """One reading of the reader's diary."""

    id: int
    date: str
    measure: str
    value: float | None
    value2: float | None
    level: str | None
    unit: str

    def shown(self) -> str:
        """The reading as a person writes it: ``3+``, ``120/80 mmHg``, ``250 mg/mmol``."""
        if self.level is not None:
            return self.level
        number = f"{self.value:g}" if self.value is not None else ""
        if self.value2 is not None:
            number += f"/{self.value2:g}"
        return f"{number} {UNIT_NAMES.get(self.unit, self.unit)}"


# A urine dipstick's protein readings, lowest first.
DIPSTICK_LEVELS = ("negative", "trace", "1+", "2+", "3+", "4+")
# Units as the diary stores them, and as people read them.
UNIT_NAMES = {
    "mmhg": "mmHg",
    "umol/l": "µmol/L",
    "mg/dl": "mg/dL",
    "g/l": "g/L",
    "g/dl": "g/dL",
    "ml/min/1.73m2": "mL/min/1.73m²",
}
