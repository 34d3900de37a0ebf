"""The visit pack: one page to take to an appointment.

It gathers the diary's recent readings (a table, and in HTML a small inline SVG chart for
each measure), what the recorded days show (health/status.py, worded by health/explain.py),
the reader's questions (from the "Questions to ask your care team" sections of the articles
they chose, and their own) and the pages it cites. Like the other exports it is built from
Markdown blocks (markup.py), so the HTML and the Markdown say the same; the HTML is one file
with no scripts and nothing fetched, and prints on A4.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from fsgs_cli.export import (
    Questions,
    escape,
    gather_questions,
    html_page,
    long_date,
    split_questions,
    squeezed,
    tidy,
)
from fsgs_cli.markup import Block, render_blocks
from fsgs_cli.models import UNIT_NAMES, ArticlePage, Reading, Report
from fsgs_cli.render import DISCLAIMER, clean
from fsgs_cli.text import is_web_link

RECENT = 15  # readings in the table
CHART_POINTS = 12  # readings in each chart
TITLE = "FSGS: my numbers and questions for this appointment"
VISIT_CSS = Path(__file__).with_name("visit.css")
WIDTH, HEIGHT, PAD = 300, 120, 30


class Visit(NamedTuple):
    """Everything the pack shows."""

    readings: tuple[Reading, ...]
    status: Report
    questions: tuple[Questions, ...]
    own_questions: tuple[str, ...]
    pages: tuple[ArticlePage, ...]


def gather(
    readings: Sequence[Reading],
    status: Report,
    pages: Sequence[ArticlePage],
    picked: Sequence[ArticlePage],
    own_questions: Sequence[str],
) -> Visit:
    """The pack: questions from the ``picked`` articles, or from every page if none was
    picked; every page, picked or not, is cited."""
    asked = gather_questions(
        (page, split_questions(clean(page.body))[1]) for page in picked or pages
    )
    cited = tuple({p.id: p for p in (*pages, *picked)}.values())
    return Visit(tuple(readings), status, asked, tidy(own_questions), cited)


def _table(readings: Sequence[Reading]) -> str:
    if not readings:
        return "No readings yet: add them with `fsgs diary add`."
    rows = ["| Date | Measure | Reading |", "| --- | --- | --- |"]
    rows += [f"| {r.date} | {escape(r.measure)} | {escape(r.shown())} |" for r in readings]
    return "\n".join(rows)


def _series(readings: Sequence[Reading]) -> dict[str, list[Reading]]:
    """The numeric readings of each measure in each unit, oldest first."""
    series: dict[str, list[Reading]] = {}
    for r in readings:
        if r.value is not None:
            name = f"{r.measure} ({UNIT_NAMES.get(r.unit, r.unit)})"
            series.setdefault(name, []).append(r)
    return {name: found[-CHART_POINTS:] for name, found in series.items()}


def chart(name: str, readings: Sequence[Reading]) -> str:
    """One small line chart as inline SVG, with a text alternative for screen readers."""
    values = [r.value or 0.0 for r in readings]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = [
        (PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD))
        for i, v in enumerate(values)
    ]
    first, last = readings[0], readings[-1]
    label = (
        f"{name}: {len(readings)} readings from {first.shown()} on {first.date} "
        f"to {last.shown()} on {last.date}"
    )
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"/>' for x, y in points)
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{html.escape(label)}">'
        f"<title>{html.escape(label)}</title>"
        f'<text x="{PAD}" y="16" class="name">{html.escape(name)}</text>'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>'
        f'<polyline points="{line}"/>{dots}'
        f'<text x="{PAD}" y="{HEIGHT - 8}">{html.escape(first.date)}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" text-anchor="end">'
        f"{html.escape(last.date)}</text>"
        f'<text x="{WIDTH - 4}" y="{PAD + 4}" text-anchor="end">{high:g}</text>'
        f'<text x="{WIDTH - 4}" y="{HEIGHT - PAD}" text-anchor="end">{low:g}</text>'
        "</svg>"
    )


def _status_markdown(status: Report) -> str:
    rows = "\n".join(f"- **{escape(label)}**: {escape(value)}" for label, value in status.rows)
    notes = "\n\n".join(escape(note) for note in status.notes)
    return f"## What the recorded days show\n\n{rows}\n\n{notes}"


def _questions_markdown(visit: Visit) -> str:
    parts = ["## My questions"]
    if visit.own_questions:
        parts.append("\n".join(f"- {escape(q)}" for q in visit.own_questions))
    for q in visit.questions:
        parts += [f"### From “{escape(q.title)}”", "\n".join(f"- {item}" for item in q.items)]
    if len(parts) == 1:
        parts.append("Write your questions here before the appointment.")
    return "\n\n".join(parts)


def _cited_markdown(pages: Sequence[ArticlePage]) -> str:
    items = []
    for page in pages:
        sources = "; ".join(
            f"[{escape(s.title)}]({s.url})" for s in page.sources if is_web_link(s.url)
        )
        items.append(
            f"- **{escape(page.title)}** (`fsgs read {page.id}`, reviewed "
            f"{escape(long_date(page.reviewed))}). Sources: {sources}"
        )
    return "## Pages cited\n\n" + "\n".join(items)


def blocks(visit: Visit) -> list[Block]:
    recent = visit.readings[-RECENT:]
    as_of = f"Readings up to {long_date(recent[-1].date)}. " if recent else ""
    charts = "".join(chart(name, found) for name, found in _series(recent).items())
    found = [
        Block(
            f"# {escape(TITLE)}\n\n{as_of}From fsgs: my own diary, kept on my computer, and "
            "the pages I read.",
            '<header class="visit-head">',
            "</header>",
        ),
        Block(
            f"## My recent readings\n\n{_table(recent)}",
            '<section class="readings">',
            "</section>",
        ),
    ]
    if charts:
        found.append(Block("", f'<figure class="trends">{charts}</figure>'))
    found.append(Block(_status_markdown(visit.status), '<section class="status">', "</section>"))
    found.append(
        Block(_questions_markdown(visit), '<section class="asks">', "</section>"),
    )
    if visit.pages:
        found.append(Block(_cited_markdown(visit.pages), '<section class="cited">', "</section>"))
    found.append(
        Block(f"**Please note.** {escape(DISCLAIMER)}", '<footer class="disclaimer">', "</footer>")
    )
    return found


def _links(href: str) -> str | None:
    return href if is_web_link(href) else None


def render(visit: Visit, fmt: str) -> str:
    """The pack as HTML (with charts) or Markdown (the same, without them)."""
    if fmt == "html":
        body = render_blocks(blocks(visit), _links, as_html=True)
        return html_page(TITLE, f'<div class="visit">\n{body}</div>\n', VISIT_CSS)
    return squeezed(render_blocks(blocks(visit), _links, as_html=False))
