"""Styled output with Rich, for a terminal: tables, trees, formatted articles, and the pager
for an article longer than the screen. Store text never becomes Rich markup."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from fsgs_cli.models import (
    DIPSTICK_LEVELS,
    MARK_END,
    MARK_START,
    UNIT_NAMES,
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
from fsgs_cli.plaintext import READING_WIDTH
from fsgs_cli.render import DISCLAIMER, Output, clean, one_line, search_notes
from fsgs_cli.render.pager import show as show_long
from fsgs_cli.render.plain import info_rows
from fsgs_cli.text import counted, is_web_link


def text(value: str, style: str = "") -> Text:
    return Text(clean(value), style=style)


def console() -> Console:
    """A console no wider than the reading width, whatever the terminal."""
    found = Console(highlight=False, emoji=False, markup=False)
    if found.width < 1:  # COLUMNS=0: Rich would print nothing at all
        found.width = 80
    found.width = min(found.width, READING_WIDTH)
    return found


def _see_also(term: GlossaryTerm) -> Text:
    definition = text(term.definition)
    if term.see_also:
        definition.append("\nSee also: " + one_line(", ".join(term.see_also)), style="dim")
    return definition


class Styled:
    """The views, printed with Rich; ``out`` says whether a long article may be paged."""

    def __init__(self, out: Output) -> None:
        self.out = out

    def _print(self, *items: RenderableType) -> None:
        """Print, through the pager when it is longer than the screen."""
        screen = console()
        with screen.capture() as capture:
            screen.print(*items, sep="\n")
        show_long(capture.get(), self.out.pager)

    def home(
        self,
        listings: Sequence[TopicListing],
        start: ArticleRef | None,
        urgent: ArticleRef | None,
    ) -> None:
        table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
        table.add_column("Topic", style="cyan", no_wrap=True)
        table.add_column("Articles", justify="right")
        table.add_column("Title")
        for t in listings:
            table.add_row(text(t.slug), str(len(t.articles)), text(t.title, "bold"))
        helps = Text()
        if start:
            helps.append("Start here  ", style="bold")
            helps.append(f"fsgs read {one_line(start.slug)}", style="green")
            helps.append(f"  {clean(start.title)}\n")
        for label, commands in (
            ("Search      ", ["fsgs search swollen ankles"]),
            ("Browse      ", ["fsgs topics causes", "fsgs map", "fsgs glossary"]),
            ("Print       ", ["fsgs export apol1 kidney-biopsy -o visit.html"]),
        ):
            helps.append(label, style="bold")
            for i, command in enumerate(commands):
                helps.append(" · " if i else "")
                helps.append(command, style="green")
            helps.append("\n")
        helps.rstrip()
        items: list[RenderableType] = []
        if urgent:
            line = f"Urgent?     fsgs read {URGENT_ALIAS}  ({clean(urgent.title)})"
            items.append(Text(line, style="bold red"))
        items += [
            Panel(table, title="fsgs · FSGS explained", title_align="left", border_style="blue"),
            helps,
            text(DISCLAIMER, "dim italic"),
        ]
        self._print(*items)

    def topics(self, listings: Sequence[TopicListing]) -> None:
        table = Table(title="Topics", title_justify="left", header_style="bold")
        table.add_column("Topic", style="cyan", no_wrap=True)
        table.add_column("Title", style="bold")
        table.add_column("Articles", justify="right")
        table.add_column("Description")
        for t in listings:
            table.add_row(text(t.slug), text(t.title), str(len(t.articles)), text(t.description))
        self._print(table, text("Open a topic with: fsgs topics TOPIC", "dim"))

    def topic(self, listing: TopicListing) -> None:
        title = f"{clean(listing.title)}: {clean(listing.description)}"
        table = Table(title=title, title_justify="left", header_style="bold")
        table.add_column("Id", justify="right", style="cyan")
        table.add_column("Article", style="bold")
        table.add_column("Summary")
        for a in listing.articles:
            table.add_row(str(a.id), text(a.title), text(a.summary))
        self._print(table, text("Read one with: fsgs read ID", "dim"))

    def article(self, page: ArticlePage) -> None:
        crumb = Text()
        crumb.append("FSGS", style="dim")
        crumb.append(" › ", style="dim")
        crumb.append(clean(page.topic_title), style="cyan")
        crumb.append(" › ", style="dim")
        crumb.append(clean(page.title), style="dim")
        sources = Text()
        for i, s in enumerate(page.sources, start=1):
            sources.append(f"{i}. {one_line(s.title)}\n   ")
            url = one_line(s.url)
            # Only a whole http(s) URL becomes a link (a Style, not style words a URL could
            # add to).
            link = url if is_web_link(url) else None
            sources.append(url, style=Style(color="blue", underline=True, link=link))
            sources.append("\n")
        parts: list[RenderableType] = [
            crumb,
            Rule(text(page.title, "bold"), style="blue"),
            Padding(text(page.summary, "italic"), (0, 0, 1, 0)),
            Markdown(clean(page.body), hyperlinks=False),
            Rule("Sources", style="dim"),
            sources,
            text(f"Reviewed {page.reviewed} · article {page.id} ({page.slug})", "dim"),
        ]
        if page.related:
            table = Table(box=None, header_style="bold", pad_edge=False)
            table.add_column("Id", justify="right", style="cyan")
            table.add_column("Related article", style="bold")
            table.add_column("Why", style="dim")
            for r in page.related:
                table.add_row(str(r.id), text(r.title), text(r.reason))
            parts += [Rule("Related", style="dim"), table]
        parts.append(text(DISCLAIMER, "dim italic"))
        self._print(*parts)

    def search(self, result: SearchResult) -> None:
        notes = search_notes(result)
        width = console().width
        items: list[RenderableType] = []
        if result.urgent:
            items.append(text(notes.pop(0), "bold red"))
        items += [
            Panel(
                _see_also(term),
                title=text(term.term, "bold"),
                title_align="left",
                border_style="green",
                expand=False,
            )
            for term in result.glossary
        ]
        items += [text(note, "yellow") for note in notes]
        hits = result.hits
        if hits:
            items.append(
                text(f"{counted(len(hits), 'result')} for “{one_line(result.query)}”", "dim")
            )
        for h in hits:
            head = Text(f"{h.id:>4}  ", style="cyan")
            head.append(clean(h.title), style="bold")
            if h.section:
                head.append(f" › {clean(h.section)}", style="dim")
            head.append(f"  ({clean(h.topic)})", style="dim")
            snippet = Text("      ", no_wrap=True, overflow="ellipsis")
            snippet.append_text(highlighted(h.snippet))
            snippet.truncate(width, overflow="ellipsis")  # one line, whatever Rich's version
            items += [head, snippet]
        if hits:
            items.append(text("Open one with: fsgs read ID (or search again with --open)", "dim"))
        self._print(*items)

    def related(self, article: ArticleRef, links: Sequence[RelatedLink]) -> None:
        title = f"Related to {clean(article.title)} ({article.id})"
        table = Table(title=title, title_justify="left", header_style="bold")
        table.add_column("Id", justify="right", style="cyan")
        table.add_column("Article", style="bold")
        table.add_column("Why")
        table.add_column("Score", justify="right", style="dim")
        for r in links:
            table.add_row(str(r.id), text(r.title), text(r.reason), f"{r.score:.2f}")
        self._print(table)

    def site_map(self, listings: Sequence[TopicListing]) -> None:
        tree = Tree(text("FSGS", "bold"))
        for t in listings:
            branch = tree.add(text(f"{t.title} ({t.slug})", "bold cyan"))
            for a in t.articles:
                leaf = text(f"{a.id:>3}  ", "cyan")
                leaf.append(clean(a.title))
                branch.add(leaf)
        self._print(tree)

    def latest(self, refs: Sequence[ArticleRef]) -> None:
        table = Table(title="Latest reviewed", title_justify="left", header_style="bold")
        table.add_column("Reviewed", style="green", no_wrap=True)
        table.add_column("Id", justify="right", style="cyan")
        table.add_column("Article", style="bold")
        table.add_column("Summary")
        for r in refs:
            table.add_row(text(r.reviewed), str(r.id), text(r.title), text(r.summary))
        self._print(table)

    def glossary(self, terms: Sequence[GlossaryTerm]) -> None:
        items: list[RenderableType] = []
        for t in terms:
            items += [text(t.term, "bold cyan"), Padding(_see_also(t), (0, 0, 1, 2))]
        self._print(*items)

    def store_info(self, info: StoreInfo) -> None:
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="bold")
        table.add_column()
        for k, v in info_rows(info):
            table.add_row(k, text(v))
        self._print(table)

    def store_check(self, report: StoreCheck) -> None:
        table = Table(title=text(report.path), title_justify="left", header_style="bold")
        table.add_column("Check", style="bold", no_wrap=True)
        table.add_column("Result", no_wrap=True)
        table.add_column("Detail")
        for c in report.checks:
            result = text("ok", "green") if c.ok else text("FAILED", "bold red")
            table.add_row(text(c.name), result, text(c.detail))
        self._print(table)

    def done(self, message: str) -> None:
        self._print(text(message, "green"))

    def report(self, found: Report) -> None:
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for label, value in found.rows:
            table.add_row(text(label), text(value))
        items: list[RenderableType] = [text(found.title, "bold cyan"), table]
        items += [Padding(text(note), (1, 0, 0, 0)) for note in found.notes]
        if found.articles:
            pages = Table(box=None, show_header=False, pad_edge=False, title_justify="left")
            pages.add_column(style="cyan", no_wrap=True)
            pages.add_column()
            for a in found.articles:
                pages.add_row(f"fsgs read {a.id}", text(a.title))
            items += [Padding(text("Read next", "bold"), (1, 0, 0, 0)), pages]
        self._print(*items)

    def readings(self, path: str, found: Sequence[Reading]) -> None:
        table = Table(title=text(path, "dim"), title_justify="left", header_style="bold")
        table.add_column("Id", justify="right", style="cyan")
        table.add_column("Date", no_wrap=True)
        table.add_column("Measure", style="bold")
        table.add_column("Reading")
        for r in found:
            table.add_row(str(r.id), r.date, r.measure, text(r.shown()))
        trends = Table(box=None, show_header=False, pad_edge=False, title="Trend, oldest first")
        trends.add_column(style="bold", no_wrap=True)
        trends.add_column(no_wrap=True)
        trends.add_column()
        for measure, series in trend_series(found).items():
            first, last = series[0], series[-1]
            change = first.shown() if len(series) == 1 else f"{first.shown()} → {last.shown()}"
            trends.add_row(measure, sparkline([trend_value(r) for r in series]), text(change))
        if found:
            self._print(table, trends)
        else:
            self._print(text("No readings yet.", "dim"))


def highlighted(snippet: str) -> Text:
    """A search snippet with its matched words in bold yellow."""
    found = Text(style="dim")
    for i, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", clean_marked(snippet))):
        found.append(part, style="bold yellow not dim" if i % 2 else "")
    return found


def clean_marked(snippet: str) -> str:
    """Clean a snippet but keep its highlight markers."""
    return "".join(
        part if part in (MARK_START, MARK_END) else clean(part)
        for part in re.split(f"([{MARK_START}{MARK_END}])", snippet)
    )


BARS = "▁▂▃▄▅▆▇█"
TREND_POINTS = 24


def trend_series(found: Sequence[Reading]) -> dict[str, list[Reading]]:
    """The readings of each measure in each unit, oldest first (the last TREND_POINTS)."""
    series: dict[str, list[Reading]] = {}
    for r in found:
        name = f"{r.measure} ({UNIT_NAMES.get(r.unit, r.unit)})" if r.unit else r.measure
        series.setdefault(name, []).append(r)
    return {m: rs[-TREND_POINTS:] for m, rs in series.items()}


def trend_value(r: Reading) -> float:
    """A reading as a height: a dipstick by its level, any other by its value."""
    if r.level is not None:
        return float(DIPSTICK_LEVELS.index(r.level))
    return r.value or 0.0


def sparkline(values: Sequence[float]) -> str:
    """A one-line chart of ``values``, lowest to highest bar."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(BARS[round((v - low) / span * (len(BARS) - 1))] for v in values)
