"""Everything fsgs prints goes through here.

Three kinds of output: styled (Rich, on a terminal), plain (piped, ``NO_COLOR`` or
``TERM=dumb``: no escape codes, one item per line, tab-separated fields) and JSON (the
public ``--json`` shapes). Rich is imported only when styled output is asked for.
Text from the store is cleaned of control characters and is never read as markup.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from fsgs_cli.models import (
    MARK_END,
    MARK_START,
    URGENT_ALIAS,
    ArticlePage,
    ArticleRef,
    GlossaryTerm,
    RelatedLink,
    SearchResult,
    StoreCheck,
    StoreInfo,
    TopicListing,
)
from fsgs_cli.text import counted, is_web_link

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

DISCLAIMER = (
    "fsgs explains FSGS; it does not diagnose or replace your care team. Sudden "
    "breathlessness or chest pain is an emergency; a swollen, painful leg or much less "
    "urine than usual needs your team the same day. All the warning signs: fsgs read urgent."
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
JSON_CONTROL_RE = re.compile(r"[\x7f-\x9f]")


def clean(text: str) -> str:
    """Text made safe for a terminal: control characters (escape sequences) removed."""
    return CONTROL_RE.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def styled_default() -> bool:
    """Styled output on a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
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

    def console(self) -> Console:
        """The Rich console for styled output (plain and JSON output never use Rich)."""
        from rich.console import Console

        console = Console(highlight=False, emoji=False, markup=False)
        if console.width < 1:  # COLUMNS=0: Rich would print nothing at all
            console.width = 80
        return console


def emit_json(document: Any) -> None:
    """The document as JSON. json escapes the C0 controls; DEL and the C1 controls (which
    some terminals obey) are escaped here too, so that no control character is printed."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    sys.stdout.write(JSON_CONTROL_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def lines(rows: Sequence[str]) -> None:
    sys.stdout.write("".join(f"{row}\n" for row in rows))


def _fields(*values: object) -> str:
    return "\t".join(_one_line(str(v)) for v in values)


def error(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(f"fsgs: {_one_line(message)}\n")


def error_lines(rows: Sequence[str]) -> None:
    sys.stderr.write("".join(f"{_one_line(row)}\n" for row in rows))


# -- JSON shapes ----------------------------------------------------------------


def ref_json(ref: ArticleRef) -> dict[str, Any]:
    return {"id": ref.id, "slug": ref.slug, "title": ref.title, "summary": ref.summary}


def topics_json(listings: Sequence[TopicListing]) -> list[dict[str, Any]]:
    return [
        {
            "slug": t.slug,
            "title": t.title,
            "description": t.description,
            "articles": [ref_json(a) for a in t.articles],
        }
        for t in listings
    ]


def article_json(page: ArticlePage) -> dict[str, Any]:
    return {
        "id": page.id,
        "slug": page.slug,
        "title": page.title,
        "topic": page.topic,
        "summary": page.summary,
        "body": page.body,
        "reviewed": page.reviewed,
        "sources": [{"title": s.title, "url": s.url} for s in page.sources],
        "related": [
            {"id": r.id, "slug": r.slug, "title": r.title, "reason": r.reason} for r in page.related
        ],
    }


def marked(snippet: str, start: str = "[", end: str = "]") -> str:
    return snippet.replace(MARK_START, start).replace(MARK_END, end)


def search_json(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "results": [
            {
                "id": h.id,
                "slug": h.slug,
                "title": h.title,
                "topic": h.topic,
                "section": h.section,
                "snippet": marked(h.snippet),
                "score": h.score,
            }
            for h in result.hits
        ],
        "suggestions": list(result.suggestions),
        "expanded": result.expanded,
        "corrected": result.corrected,
        "glossary": glossary_json(result.glossary),
    }


def related_json(article: ArticleRef, links: Sequence[RelatedLink]) -> dict[str, Any]:
    return {
        "article": {"id": article.id, "slug": article.slug, "title": article.title},
        "related": [
            {"id": r.id, "slug": r.slug, "title": r.title, "reason": r.reason, "score": r.score}
            for r in links
        ],
    }


def latest_json(refs: Sequence[ArticleRef]) -> list[dict[str, Any]]:
    return [{**ref_json(r), "reviewed": r.reviewed} for r in refs]


def glossary_json(terms: Sequence[GlossaryTerm]) -> list[dict[str, Any]]:
    return [
        {"term": t.term, "definition": t.definition, "see_also": list(t.see_also)} for t in terms
    ]


def info_json(info: StoreInfo) -> dict[str, Any]:
    return {
        "path": info.path,
        "schema_version": info.schema_version,
        "content_hash": info.content_hash,
        "built_at": info.built_at,
        "counts": info.counts,
    }


# -- views ------------------------------------------------------------------------


def _text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(clean(value), style=style)


def _print(out: Output, *items: RenderableType) -> None:
    out.console().print(*items, sep="\n")


def home(
    out: Output,
    listings: Sequence[TopicListing],
    start: ArticleRef | None,
    urgent: ArticleRef | None = None,
) -> None:
    """The topics, where to start and how to search; first of all, where to turn in a crisis."""
    urgent_line = f"Urgent?     fsgs read {URGENT_ALIAS}  ({clean(urgent.title)})" if urgent else ""
    if not out.styled:
        rows = ["fsgs: FSGS (focal segmental glomerulosclerosis) explained", ""]
        if urgent_line:
            rows += [urgent_line, ""]
        rows += [_fields(t.slug, t.title, counted(len(t.articles), "article")) for t in listings]
        rows.append("")
        if start:
            rows.append(f"Start here: fsgs read {_one_line(start.slug)}  ({clean(start.title)})")
        rows.append("Search:     fsgs search swollen ankles")
        rows.append("Browse:     fsgs topics causes · fsgs map · fsgs glossary")
        rows.append("Print:      fsgs export causes apol1 -o visit.html")
        rows += ["", DISCLAIMER]
        lines(rows)
        return
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Topic", style="cyan", no_wrap=True)
    table.add_column("Articles", justify="right")
    table.add_column("Title")
    for t in listings:
        table.add_row(_text(t.slug), str(len(t.articles)), _text(t.title, "bold"))
    urgent_text = Text(urgent_line, style="bold red") if urgent_line else Text()
    help_text = Text()
    if start:
        help_text.append("Start here  ", style="bold")
        help_text.append(f"fsgs read {_one_line(start.slug)}", style="green")
        help_text.append(f"  {clean(start.title)}\n")
    help_text.append("Search      ", style="bold")
    help_text.append("fsgs search swollen ankles\n", style="green")
    help_text.append("Browse      ", style="bold")
    help_text.append("fsgs topics causes", style="green")
    help_text.append(" · ")
    help_text.append("fsgs map", style="green")
    help_text.append(" · ")
    help_text.append("fsgs glossary", style="green")
    help_text.append("\nPrint       ", style="bold")
    help_text.append("fsgs export causes apol1 -o visit.html", style="green")
    _print(
        out,
        *([urgent_text] if urgent_line else []),
        Panel(table, title="fsgs · FSGS explained", title_align="left", border_style="blue"),
        help_text,
        _text(DISCLAIMER, "dim italic"),
    )


def topics(out: Output, listings: Sequence[TopicListing]) -> None:
    if out.json:
        emit_json(topics_json(listings))
    elif not out.styled:
        lines([_fields(t.slug, t.title, len(t.articles)) for t in listings])
    else:
        from rich.table import Table

        table = Table(title="Topics", title_justify="left", header_style="bold")
        table.add_column("Topic", style="cyan", no_wrap=True)
        table.add_column("Title", style="bold")
        table.add_column("Articles", justify="right")
        table.add_column("Description")
        for t in listings:
            table.add_row(_text(t.slug), _text(t.title), str(len(t.articles)), _text(t.description))
        _print(out, table, _text("Open a topic with: fsgs topics TOPIC", "dim"))


def topic(out: Output, listing: TopicListing) -> None:
    if out.json:
        emit_json(topics_json([listing]))
    elif not out.styled:
        lines([_fields(a.id, a.slug, a.title, a.summary) for a in listing.articles])
    else:
        from rich.table import Table

        table = Table(
            title=f"{clean(listing.title)}: {clean(listing.description)}",
            title_justify="left",
            header_style="bold",
        )
        table.add_column("Id", justify="right", style="cyan")
        table.add_column("Article", style="bold")
        table.add_column("Summary")
        for a in listing.articles:
            table.add_row(str(a.id), _text(a.title), _text(a.summary))
        _print(out, table, _text("Read one with: fsgs read ID", "dim"))


def article(out: Output, page: ArticlePage) -> None:
    if out.json:
        emit_json(article_json(page))
        return
    if not out.styled:
        rows = [
            f"FSGS › {clean(page.topic_title)} › {clean(page.title)}",
            "",
            clean(page.title),
            "=" * len(page.title),
            "",
            clean(page.summary),
            "",
            clean(page.body),
            "",
            "Sources",
        ]
        rows += [
            f"{i}. {_one_line(s.title)} <{_one_line(s.url)}>"
            for i, s in enumerate(page.sources, start=1)
        ]
        rows += ["", _one_line(f"Reviewed {page.reviewed} · article {page.id} ({page.slug})")]
        if page.related:
            rows += ["", "Related"]
            rows += [_fields(r.id, r.slug, r.title, r.reason) for r in page.related]
        lines(rows)
        return
    _styled_article(out, page)


def _styled_article(out: Output, page: ArticlePage) -> None:
    from rich.markdown import Markdown
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    crumb = Text()
    crumb.append("FSGS", style="dim")
    crumb.append(" › ", style="dim")
    crumb.append(clean(page.topic_title), style="cyan")
    crumb.append(" › ", style="dim")
    crumb.append(clean(page.title), style="dim")

    sources = Text()
    for i, s in enumerate(page.sources, start=1):
        sources.append(f"{i}. ")
        sources.append(_one_line(s.title))
        sources.append("\n   ")
        url = _one_line(s.url)
        # Only a whole http(s) URL becomes a link (a Style, not style words a URL could add to).
        link = url if is_web_link(url) else None
        sources.append(url, style=Style(color="blue", underline=True, link=link))
        sources.append("\n")

    parts: list[RenderableType] = [
        crumb,
        Rule(_text(page.title, "bold"), style="blue"),
        Padding(_text(page.summary, "italic"), (0, 0, 1, 0)),
        Markdown(clean(page.body), hyperlinks=False),
        Rule("Sources", style="dim"),
        sources,
        _text(f"Reviewed {page.reviewed} · article {page.id} ({page.slug})", "dim"),
    ]
    if page.related:
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("Id", justify="right", style="cyan")
        table.add_column("Related article", style="bold")
        table.add_column("Why", style="dim")
        for r in page.related:
            table.add_row(str(r.id), _text(r.title), _text(r.reason))
        parts += [Rule("Related", style="dim"), table]
    parts.append(_text(DISCLAIMER, "dim italic"))

    console = out.console()
    with console.capture() as capture:
        console.print(*parts)
    rendered = capture.get()
    if out.pager and sys.stdout.isatty() and rendered.count("\n") > console.size.height:
        page_text(rendered)
    else:
        sys.stdout.write(rendered)


def document(text: str) -> None:
    """A whole document on standard output, cleaned of terminal control characters."""
    sys.stdout.write(clean(text))


def exported(out: Output, path: str, articles: int, terms: int, questions: int) -> None:
    _done(
        out,
        f"Wrote {path}: {counted(articles, 'article')}, {counted(terms, 'glossary term')}, "
        f"{counted(questions, 'question')}.",
    )


def page_text(text: str) -> None:
    """Show text through the user's pager (PAGER, else less), or print it if none runs."""
    import shlex
    import subprocess

    command = os.environ.get("PAGER") or "less"
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        argv = shlex.split(command)
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        sys.stdout.write(text)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    proc.wait()


def search(out: Output, result: SearchResult) -> None:
    hits = result.hits
    if out.json:
        emit_json(search_json(result))
        return
    notes = [f"{t.term}: {t.definition}" for t in result.glossary]
    if result.corrected:
        notes.append(f"Showing results for “{result.corrected}”.")
    if not out.styled:
        for note in notes if hits else ():  # with no results, the error is the one line
            error(note)
        lines([_fields(h.id, h.slug, h.title, marked(h.snippet)) for h in hits])
        return
    from rich.panel import Panel
    from rich.text import Text

    items: list[RenderableType] = []
    for term in result.glossary:
        definition = _text(term.definition)
        if term.see_also:
            definition.append("\nSee also: " + _one_line(", ".join(term.see_also)), style="dim")
        items.append(
            Panel(
                definition,
                title=_text(term.term, "bold"),
                title_align="left",
                border_style="green",
                expand=False,
            )
        )
    if result.corrected:
        items.append(_text(f"Showing results for “{_one_line(result.corrected)}”", "yellow"))
    if hits:
        items.append(
            _text(f"{counted(len(hits), 'result')} for “{_one_line(result.query)}”", "dim")
        )
    for h in hits:
        head = Text(f"{h.id:>4}  ", style="cyan")
        head.append(clean(h.title), style="bold")
        if h.section:
            head.append(f" › {clean(h.section)}", style="dim")
        head.append(f"  ({clean(h.topic)})", style="dim")
        snippet = Text("      ", no_wrap=True, overflow="ellipsis")
        snippet.append_text(_highlighted(h.snippet))
        items += [head, snippet]
    if hits:
        items.append(_text("Open one with: fsgs read ID (or search again with --open)", "dim"))
    _print(out, *items)


def _highlighted(snippet: str) -> Text:
    from rich.text import Text

    text = Text(style="dim")
    for i, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", clean_marked(snippet))):
        text.append(part, style="bold yellow not dim" if i % 2 else "")
    return text


def clean_marked(snippet: str) -> str:
    """Clean a snippet but keep its highlight markers."""
    return "".join(
        part if part in (MARK_START, MARK_END) else clean(part)
        for part in re.split(f"([{MARK_START}{MARK_END}])", snippet)
    )


def related(out: Output, article: ArticleRef, links: Sequence[RelatedLink]) -> None:
    if out.json:
        emit_json(related_json(article, links))
    elif not out.styled:
        lines([_fields(r.id, r.slug, r.title, r.reason) for r in links])
    else:
        from rich.table import Table

        table = Table(
            title=f"Related to {clean(article.title)} ({article.id})",
            title_justify="left",
            header_style="bold",
        )
        table.add_column("Id", justify="right", style="cyan")
        table.add_column("Article", style="bold")
        table.add_column("Why")
        table.add_column("Score", justify="right", style="dim")
        for r in links:
            table.add_row(str(r.id), _text(r.title), _text(r.reason), f"{r.score:.2f}")
        _print(out, table)


def site_map(out: Output, listings: Sequence[TopicListing]) -> None:
    if out.json:
        emit_json(topics_json(listings))
    elif not out.styled:
        rows = ["FSGS"]
        for t in listings:
            rows.append(f"  {_one_line(t.title)} ({_one_line(t.slug)})")
            rows += [f"    {a.id:>3}  {_one_line(a.title)}" for a in t.articles]
        lines(rows)
    else:
        from rich.tree import Tree

        tree = Tree(_text("FSGS", "bold"))
        for t in listings:
            branch = tree.add(_text(f"{t.title} ({t.slug})", "bold cyan"))
            for a in t.articles:
                leaf = _text(f"{a.id:>3}  ", "cyan")
                leaf.append(clean(a.title))
                branch.add(leaf)
        _print(out, tree)


def latest(out: Output, refs: Sequence[ArticleRef]) -> None:
    if out.json:
        emit_json(latest_json(refs))
    elif not out.styled:
        lines([_fields(r.reviewed, r.id, r.slug, r.title, r.summary) for r in refs])
    else:
        from rich.table import Table

        table = Table(title="Latest reviewed", title_justify="left", header_style="bold")
        table.add_column("Reviewed", style="green", no_wrap=True)
        table.add_column("Id", justify="right", style="cyan")
        table.add_column("Article", style="bold")
        table.add_column("Summary")
        for r in refs:
            table.add_row(_text(r.reviewed), str(r.id), _text(r.title), _text(r.summary))
        _print(out, table)


def glossary(out: Output, terms: Sequence[GlossaryTerm]) -> None:
    if out.json:
        emit_json(glossary_json(terms))
    elif not out.styled:
        rows = []
        for t in terms:
            see = f" (see also: {', '.join(t.see_also)})" if t.see_also else ""
            rows.append(_fields(t.term, t.definition + see))
        lines(rows)
    else:
        from rich.padding import Padding

        items: list[RenderableType] = []
        for t in terms:
            definition = _text(t.definition)
            if t.see_also:
                definition.append("\nSee also: " + _one_line(", ".join(t.see_also)), style="dim")
            items += [_text(t.term, "bold cyan"), Padding(definition, (0, 0, 1, 2))]
        _print(out, *items)


def store_info(out: Output, info: StoreInfo) -> None:
    if out.json:
        emit_json(info_json(info))
        return
    rows = [
        ("store", info.path),
        ("schema version", str(info.schema_version)),
        ("content hash", info.content_hash),
        ("built at", info.built_at),
        *((name, str(count)) for name, count in info.counts.items()),
    ]
    if not out.styled:
        lines([_fields(k, v) for k, v in rows])
        return
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for k, v in rows:
        table.add_row(k, _text(v))
    _print(out, table)


def check_json(report: StoreCheck) -> dict[str, Any]:
    return {
        "path": report.path,
        "ok": report.ok,
        "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in report.checks],
    }


def store_check(out: Output, report: StoreCheck) -> None:
    if out.json:
        emit_json(check_json(report))
        return
    if not out.styled:
        rows = [_fields("store", report.path)]
        rows += [_fields(c.name, "ok" if c.ok else "FAILED", c.detail) for c in report.checks]
        lines(rows)
        return
    from rich.table import Table

    table = Table(title=_text(report.path), title_justify="left", header_style="bold")
    table.add_column("Check", style="bold", no_wrap=True)
    table.add_column("Result", no_wrap=True)
    table.add_column("Detail")
    for c in report.checks:
        result = _text("ok", "green") if c.ok else _text("FAILED", "bold red")
        table.add_row(_text(c.name), result, _text(c.detail))
    _print(out, table)


def built(out: Output, path: str, articles: int, topics_count: int, terms: int) -> None:
    _done(
        out, f"Built {path}: {articles} articles in {topics_count} topics, {terms} glossary terms."
    )


def _done(out: Output, message: str) -> None:
    """The one line that says a command wrote what it was asked to."""
    if out.styled:
        _print(out, _text(message, "green"))
    else:
        lines([_one_line(message)])


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A build progress bar on stderr when ``enabled``; otherwise no callback."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        yield update
