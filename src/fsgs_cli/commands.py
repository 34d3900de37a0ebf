"""What each command does, free of any command-line parser.

One function a command, named in spec.py and called with the values its arguments and
options declare (``db`` is ``--db``). The fast path (entry.py) and the Typer app (cli.py)
both call these; guard.py turns whatever they raise into a message and an exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fsgs_cli.errors import FsgsError, NotFoundError, StoreCheckError, UsageError
from fsgs_cli.text import counted

if TYPE_CHECKING:
    from fsgs_cli.models import TopicListing
    from fsgs_cli.render import Output
    from fsgs_cli.store import Store

READ_FORMATS = ("text", "markdown", "json")
DEFAULT_STORE = os.path.join("data", "articles.db")


def open_store(db: str | None) -> Store:
    from fsgs_cli.store import Store, resolve_path

    return Store.open(resolve_path(db))


def _output(as_json: bool = False, no_pager: bool = False) -> Output:
    from fsgs_cli.render import Output

    return Output.detect(as_json=as_json, pager=not no_pager)


def home(db: str | None) -> None:
    from fsgs_cli import render

    store = open_store(db)
    render.show(_output()).home(store.topics(), store.start_here(), store.urgent())


def topics(
    db: str | None, *, topic: str | None = None, as_json: bool = False, no_pager: bool = False
) -> None:
    from fsgs_cli import render

    store = open_store(db)
    view = render.show(_output(as_json, no_pager))
    if topic is None:
        view.topics(store.topics())
    else:
        view.topic(store.topic(topic))


def read(
    db: str | None,
    *,
    ref: str,
    as_json: bool = False,
    fmt: str | None = None,
    no_pager: bool = False,
) -> None:
    """Show an article: styled or plain as the terminal allows, or in the format asked for."""
    from fsgs_cli import render

    if fmt is not None and fmt not in READ_FORMATS:
        raise UsageError(f"unknown format '{fmt}': use text, markdown or json.")
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt} ask for different things; use one.")
    store = open_store(db)
    try:
        page = store.article(store.resolve(ref))
    except NotFoundError:
        listing = _topic_named(store, ref)
        if listing is None:
            raise
        render.error(f"'{ref}' is a topic: its articles (also 'fsgs topics {listing.slug}').")
        render.show(_output(as_json, no_pager)).topic(listing)
        return
    if fmt == "markdown":
        from fsgs_cli import export

        render.document(export.article_markdown(page))
    elif fmt == "text":
        render.show(render.Output(pager=False)).article(page)
    else:
        render.show(_output(as_json or fmt == "json", no_pager)).article(page)


def search(
    db: str | None,
    *,
    text: str,
    topic: str | None = None,
    limit: int = 10,
    as_json: bool = False,
    open_top: bool = False,
    no_pager: bool = False,
) -> None:
    from fsgs_cli import query, render
    from fsgs_cli.search import search as ranked

    if query.parse(text).empty:
        raise UsageError(f"'{text}' has no words to search for. See 'fsgs search --help'.")
    store = open_store(db)
    topic_slug = store.topic(topic).slug if topic else None
    result = ranked(store, text, topic=topic_slug, limit=limit)
    if open_top and result.hits:
        render.show(_output(as_json, no_pager)).article(store.article(result.hits[0].id))
        return
    if not result.hits:
        result = result._replace(suggestions=result.suggestions or tuple(store.close_names(text)))
    render.show(_output(as_json, no_pager)).search(result)
    if not result.hits:
        raise NotFoundError(f"no articles match '{text}'.", suggestions=result.suggestions)


def related(
    db: str | None, *, ref: str, limit: int = 10, as_json: bool = False, no_pager: bool = False
) -> None:
    from fsgs_cli import render

    store = open_store(db)
    article_id = store.resolve(ref)
    render.show(_output(as_json, no_pager)).related(
        store.ref(article_id), store.related(article_id, limit)
    )


def site_map(db: str | None, *, as_json: bool = False, no_pager: bool = False) -> None:
    from fsgs_cli import render

    render.show(_output(as_json, no_pager)).site_map(open_store(db).topics())


def latest(
    db: str | None, *, limit: int = 10, as_json: bool = False, no_pager: bool = False
) -> None:
    from fsgs_cli import render

    render.show(_output(as_json, no_pager)).latest(open_store(db).latest(limit))


def glossary(
    db: str | None, *, term: str | None = None, as_json: bool = False, no_pager: bool = False
) -> None:
    from fsgs_cli import render

    render.show(_output(as_json, no_pager)).glossary(open_store(db).glossary(term))


def export(
    db: str | None,
    *,
    refs: Sequence[str] | None = None,
    output: str | None = None,
    fmt: str | None = None,
    topic: str | None = None,
    questions: Sequence[str] | None = None,
    visit: bool = False,
    picks: Sequence[str] | None = None,
    no_pager: bool = False,
) -> None:
    """Gather articles into one document and write it to ``output`` (or standard output)."""
    from pathlib import Path

    from fsgs_cli import export, render
    from fsgs_cli.files import cannot_write, check_writable, write_document

    refs = refs or []
    fmt = "markdown" if fmt == "md" else fmt
    target = None if output in (None, "-") else Path(str(output))
    if target is not None:
        check_writable(target, cannot_write(target))
    chosen = export.format_for(output, fmt)
    if chosen not in export.FORMATS:
        raise UsageError(
            f"cannot tell the format of '{output}': name it .html or .md, "
            "or add --format html or --format markdown."
        )
    if picks and not visit:
        raise UsageError("--pick chooses the questions of a visit pack: add --visit.")
    if visit:
        from fsgs_cli.numbers import export_visit

        export_visit(db, refs, picks or (), questions or (), topic, chosen, target, no_pager)
        return
    if not refs and not topic:
        raise UsageError(
            "say what to export: article references (REF...) or --topic TOPIC. "
            "See 'fsgs export --help'."
        )
    store = open_store(db)
    ids: list[int] = []
    gathered: list[str] = []
    title, subtitle = export.DEFAULT_TITLE, ""
    for name in ([topic] if topic else []) + list(refs):
        listing = _topic_named(store, name) if name != topic else store.topic(name)
        if listing is None:
            ids.append(store.resolve(name))
            gathered.append(store.ref(ids[-1]).slug)
            continue
        ids += [a.id for a in listing.articles]
        gathered.append(f"the topic {listing.slug} ({counted(len(listing.articles), 'article')})")
        if len(refs) + bool(topic) == 1:
            title, subtitle = f"FSGS: {listing.title}", listing.description
    pages = [store.article(i) for i in dict.fromkeys(ids)]
    if not pages:
        raise NotFoundError(f"topic '{topic or refs[0]}' has no articles to export.")
    if any(g.startswith("the topic ") for g in gathered):
        render.error("Gathered " + ", ".join(gathered) + ".")
    doc = export.pack(
        pages,
        store.glossary(),
        store.edition(),
        title=title,
        subtitle=subtitle,
        own_questions=questions or (),
    )
    text = export.render(doc, chosen)
    if target is None:
        render.document(text, pager=not no_pager)
        return
    write_document(target, text)
    render.exported(_output(), str(target), len(pages), len(doc.glossary), doc.question_count)


def serve(
    db: str | None, *, host: str | None = None, port: int = 8001, print_metadata: bool = False
) -> None:
    """Run Datasette on the store (serve.py), until it stops or Ctrl-C."""
    import json
    import signal
    import subprocess
    import tempfile

    from fsgs_cli import render
    from fsgs_cli import serve as server

    path = os.path.abspath(open_store(db).path)
    if print_metadata:
        render.document(json.dumps(server.metadata(path), ensure_ascii=False, indent=2) + "\n")
        return
    if not server.available():
        raise UsageError(server.INSTALL)
    host = host or server.DEFAULT_HOST
    with tempfile.TemporaryDirectory(prefix="fsgs-serve-") as folder:
        metadata = os.path.join(folder, "metadata.json")
        with open(metadata, "w", encoding="utf-8") as handle:
            json.dump(server.metadata(path), handle, ensure_ascii=False, indent=2)
        render.error(f"Serving {path} read-only at http://{host}:{port}/ (Ctrl-C to stop).")
        proc = subprocess.Popen(server.command(path, metadata, host, port))
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            # From a terminal, Datasette has the Ctrl-C too; a signal sent to fsgs alone
            # is passed on. Either way it is given a moment to stop, then ended.
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            raise
    if code != 0:
        raise UsageError(f"Datasette stopped with exit code {code}; is port {port} in use?")


def db_build(db: str | None, *, content: str = "content", output: str | None = None) -> None:
    """Build a store: to ``--output``, else the store ``--db`` or ``FSGS_DB`` names, else
    ``data/articles.db`` (in the current folder, as in a checkout)."""
    from pathlib import Path

    from fsgs_cli import render
    from fsgs_cli.build import build
    from fsgs_cli.render.progress import progress_bar
    from fsgs_cli.store import ENV_VAR

    target = Path(output or db or os.environ.get(ENV_VAR) or DEFAULT_STORE)
    with progress_bar(sys.stderr.isatty()) as progress:
        result = build(Path(content), target, progress)
    render.built(_output(), str(result.output), result.articles, result.topics, result.glossary)


def db_check(db: str | None, *, as_json: bool = False) -> None:
    """Report on every check of the store; fail (exit 3) when one does not pass."""
    from fsgs_cli import render
    from fsgs_cli.check import check
    from fsgs_cli.store import Store, resolve_path

    report = check(Store.open(resolve_path(db), check_schema=False))
    render.show(_output(as_json)).store_check(report)
    if not report.ok:
        problems = [f"{report.path}: {c.name}: {c.detail}" for c in report.checks if not c.ok]
        raise StoreCheckError(report.path, problems)


def db_info(db: str | None, *, as_json: bool = False) -> None:
    from fsgs_cli import render

    render.show(_output(as_json)).store_info(open_store(db).info())


def complete_ref(db: str | None, incomplete: str) -> list[str]:
    """Article slugs and aliases that start with ``incomplete`` (for shell completion)."""
    try:
        names = open_store(db).names()
    except FsgsError:  # completion must never fail loudly
        return []
    prefix = incomplete.casefold()
    return [name for name in names if name.startswith(prefix)]


def _topic_named(store: Store, name: str) -> TopicListing | None:
    """The topic ``name`` names exactly (slug or title), if any."""
    try:
        return store.topic(name)
    except NotFoundError:
        return None


def __getattr__(name: str) -> object:
    """The calc and diary commands (spec/health.py) live in numbers.py, loaded only when
    one is run."""
    from fsgs_cli.spec.health import HEALTH_COMMANDS

    if name in {command.handler for command in HEALTH_COMMANDS}:
        from fsgs_cli import numbers

        return getattr(numbers, name)
    raise AttributeError(name)
