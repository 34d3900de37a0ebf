"""Plain output: for pipes, ``NO_COLOR`` and ``TERM=dumb``. No escape codes; one item a
line, fields separated by tabs, so that ``cut`` and ``grep`` can read it."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from fsgs_cli.models import (
    MARK_END,
    MARK_START,
    URGENT_ALIAS,
    ArticlePage,
    ArticleRef,
    GlossaryTerm,
    Reading,
    RelatedLink,
    Report,
    SearchResult,
    StoreCheck,
    StoreInfo,
    TopicListing,
)
from fsgs_cli.render import DISCLAIMER, clean, error, one_line, search_notes
from fsgs_cli.text import counted


def lines(rows: Sequence[str]) -> None:
    sys.stdout.write("".join(f"{row}\n" for row in rows))


def fields(*values: object) -> str:
    return "\t".join(one_line(str(v)) for v in values)


def marked(snippet: str, start: str = "[", end: str = "]") -> str:
    """A search snippet with its matched words between ``start`` and ``end``."""
    return snippet.replace(MARK_START, start).replace(MARK_END, end)


def home(
    listings: Sequence[TopicListing], start: ArticleRef | None, urgent: ArticleRef | None
) -> None:
    rows = ["fsgs: FSGS (focal segmental glomerulosclerosis) explained", ""]
    if urgent:
        rows += [f"Urgent?     fsgs read {URGENT_ALIAS}  ({clean(urgent.title)})", ""]
    rows += [fields(t.slug, t.title, counted(len(t.articles), "article")) for t in listings]
    rows.append("")
    if start:
        rows.append(f"Start here: fsgs read {one_line(start.slug)}  ({clean(start.title)})")
    rows.append("Search:     fsgs search swollen ankles")
    rows.append("Browse:     fsgs topics causes · fsgs map · fsgs glossary")
    rows.append("Print:      fsgs export apol1 kidney-biopsy -o visit.html")
    rows += ["", DISCLAIMER]
    lines(rows)


def topics(listings: Sequence[TopicListing]) -> None:
    lines([fields(t.slug, t.title, len(t.articles)) for t in listings])


def topic(listing: TopicListing) -> None:
    lines([fields(a.id, a.slug, a.title, a.summary) for a in listing.articles])


def article(page: ArticlePage) -> None:
    """An article as plain text: Markdown rendered to words (render/text.py), wrapped to
    the reading width, with nothing a screen reader would read as symbols."""
    import json

    from fsgs_cli.plaintext import layout, resolved

    width = reading_width()
    rows = [
        f"FSGS › {clean(page.topic_title)} › {clean(page.title)}",
        "",
        one_line(page.title),
        "",
        *wrapped(page.summary, width),
        "",
        clean(layout(resolved(json.loads(page.layout), page.text), width)).rstrip("\n"),
        "",
        "Sources",
    ]
    for i, s in enumerate(page.sources, 1):
        rows += wrapped(f"{i}. {one_line(s.title)} ({one_line(s.url)})", width, "   ")
    rows += ["", one_line(f"Reviewed {page.reviewed} · article {page.id} ({page.slug})")]
    if page.related:
        rows += ["", "Related"]
        for r in page.related:
            rows += wrapped(
                f"{one_line(r.title)} ({one_line(r.reason)}): fsgs read {r.id}", width, "  "
            )
    lines(rows)


def reading_width() -> int:
    """The width prose is wrapped to: the terminal's, but never more than READING_WIDTH;
    READING_WIDTH when piped."""
    from fsgs_cli.plaintext import READING_WIDTH

    if not sys.stdout.isatty():
        return READING_WIDTH
    import shutil

    return max(20, min(READING_WIDTH, shutil.get_terminal_size().columns))


def wrapped(text: str, width: int, indent: str = "") -> list[str]:
    import textwrap

    return textwrap.wrap(
        one_line(text), width, subsequent_indent=indent, break_long_words=False
    ) or [""]


def search(result: SearchResult) -> None:
    if result.hits:  # with no results, the error is the one line
        notes = search_notes(result)
        for note in notes[: bool(result.urgent)]:
            error(note)
        for term in result.glossary:
            error(f"{term.term}: {term.definition}")
        for note in notes[bool(result.urgent) :]:
            error(note)
    lines([fields(h.id, h.slug, h.title, marked(h.snippet)) for h in result.hits])


def related(article: ArticleRef, links: Sequence[RelatedLink]) -> None:
    lines([fields(r.id, r.slug, r.title, r.reason) for r in links])


def site_map(listings: Sequence[TopicListing]) -> None:
    rows = ["FSGS"]
    for t in listings:
        rows.append(f"  {one_line(t.title)} ({one_line(t.slug)})")
        rows += [f"    {a.id:>3}  {one_line(a.title)}" for a in t.articles]
    lines(rows)


def latest(refs: Sequence[ArticleRef]) -> None:
    lines([fields(r.reviewed, r.id, r.slug, r.title, r.summary) for r in refs])


def glossary(terms: Sequence[GlossaryTerm]) -> None:
    rows = []
    for t in terms:
        see = f" (see also: {', '.join(t.see_also)})" if t.see_also else ""
        rows.append(fields(t.term, t.definition + see))
    lines(rows)


def info_rows(info: StoreInfo) -> list[tuple[str, str]]:
    return [
        ("store", info.path),
        ("schema version", str(info.schema_version)),
        ("content hash", info.content_hash),
        ("newest review", info.content_date),
        *((name, str(count)) for name, count in info.counts.items()),
    ]


def store_info(info: StoreInfo) -> None:
    lines([fields(k, v) for k, v in info_rows(info)])


def store_check(report: StoreCheck) -> None:
    rows = [fields("store", report.path)]
    rows += [fields(c.name, "ok" if c.ok else "FAILED", c.detail) for c in report.checks]
    lines(rows)


def done(message: str) -> None:
    lines([one_line(message)])


def report(found: Report) -> None:
    rows = [one_line(found.title), *(fields(label, value) for label, value in found.rows)]
    rows += ["", *(one_line(note) for note in found.notes)]
    if found.articles:
        rows += ["", "Read next"]
        rows += [fields(f"fsgs read {a.id}", a.title) for a in found.articles]
    lines(rows)


def readings(path: str, found: Sequence[Reading]) -> None:
    lines([fields(r.id, r.date, r.measure, r.shown()) for r in found])
