"""What the reading commands do, free of any command-line parser.

Both ways in share these: the Typer app (cli.py) and the fast path (entry.py) that
answers the most common commands without loading Typer. ``guarded`` is the one place
where errors become a message and an exit code.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fsgs_cli.errors import (
    INTERNAL,
    FsgsError,
    NotFoundError,
    StoreCheckError,
    UsageError,
)

if TYPE_CHECKING:
    from fsgs_cli.store import Store


def open_store(db: str | None) -> Store:
    from fsgs_cli.store import Store, resolve_path

    return Store.open(resolve_path(db))


def search(
    db: str | None,
    text: str,
    *,
    topic: str | None = None,
    limit: int = 10,
    as_json: bool = False,
    open_top: bool = False,
    pager: bool = True,
) -> None:
    from fsgs_cli import query, render
    from fsgs_cli.search import search as ranked

    if query.parse(text).empty:
        raise UsageError(f"'{text}' has no words to search for. See 'fsgs search --help'.")
    store = open_store(db)
    topic_slug = store.topic(topic).slug if topic else None
    result = ranked(store, text, topic=topic_slug, limit=limit)
    if open_top and result.hits:
        page = store.article(result.hits[0].id)
        render.show(render.Output.detect(as_json=as_json, pager=pager)).article(page)
        return
    if not result.hits:
        result = result._replace(suggestions=result.suggestions or tuple(store.close_names(text)))
    render.show(render.Output.detect(as_json=as_json)).search(result)
    if not result.hits:
        raise NotFoundError(f"no articles match '{text}'.", suggestions=result.suggestions)


READ_FORMATS = ("text", "markdown", "json")


def read(
    db: str | None,
    ref: str,
    *,
    as_json: bool = False,
    pager: bool = True,
    fmt: str | None = None,
) -> None:
    """Show an article: styled or plain as the terminal allows, or in the format asked for."""
    from fsgs_cli import render

    if fmt is not None and fmt not in READ_FORMATS:
        raise UsageError(f"unknown format '{fmt}': use text, markdown or json.")
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt} ask for different things; use one.")
    store = open_store(db)
    page = store.article(store.resolve(ref))
    if fmt == "markdown":
        from fsgs_cli import export

        render.document(export.article_markdown(page))
    elif fmt == "text":
        render.show(render.Output(pager=False)).article(page)
    else:
        render.show(render.Output.detect(as_json=as_json or fmt == "json", pager=pager)).article(
            page
        )


def export(
    db: str | None,
    refs: Sequence[str],
    *,
    topic: str | None = None,
    questions: Sequence[str] = (),
    output: str | None = None,
    fmt: str | None = None,
) -> None:
    """Gather articles into one document and write it to ``output`` (or standard output)."""
    from fsgs_cli import export, render
    from fsgs_cli.files import check_writable, replacing

    target = None if output in (None, "-") else Path(str(output))

    def failure(reason: str) -> UsageError:
        return UsageError(f"cannot write '{target}': {reason}.")

    if target is not None:
        check_writable(target, failure)
    chosen = export.format_for(output, fmt)
    if chosen not in export.FORMATS:
        raise UsageError(
            f"cannot tell the format of '{output}': name it .html or .md, "
            "or add --format html or --format markdown."
        )
    if not refs and not topic:
        raise UsageError(
            "say what to export: article references (REF...) or --topic TOPIC. "
            "See 'fsgs export --help'."
        )
    store = open_store(db)
    ids: list[int] = []
    title, subtitle = export.DEFAULT_TITLE, ""
    if topic:
        listing = store.topic(topic)
        ids += [a.id for a in listing.articles]
        title, subtitle = f"FSGS: {listing.title}", listing.description
    ids += [store.resolve(ref) for ref in refs]
    pages = [store.article(i) for i in dict.fromkeys(ids)]
    if not pages:
        raise NotFoundError(f"topic '{topic}' has no articles to export.")
    doc = export.pack(
        pages,
        store.glossary(),
        store.edition(),
        title=title,
        subtitle=subtitle,
        own_questions=questions,
    )
    text = export.render(doc, chosen)
    if target is None:
        render.document(text)
        return
    with replacing(target, failure) as temp:
        temp.write_bytes(text.encode("utf-8"))
    render.exported(
        render.Output.detect(), str(target), len(pages), len(doc.glossary), doc.question_count
    )


def related(db: str | None, ref: str, *, limit: int = 10, as_json: bool = False) -> None:
    from fsgs_cli import render

    store = open_store(db)
    article_id = store.resolve(ref)
    render.show(render.Output.detect(as_json=as_json)).related(
        store.ref(article_id),
        store.related(article_id, limit),
    )


def check(db: str | None, *, as_json: bool = False) -> None:
    """Report on every check of the store; fail (exit 3) when one does not pass."""
    from fsgs_cli import render
    from fsgs_cli.check import check as checked
    from fsgs_cli.store import Store, resolve_path

    report = checked(Store.open(resolve_path(db), check_schema=False))
    render.show(render.Output.detect(as_json=as_json)).store_check(report)
    if not report.ok:
        problems = [f"{report.path}: {c.name}: {c.detail}" for c in report.checks if not c.ok]
        raise StoreCheckError(report.path, problems)


def complete_ref(db: str | None, incomplete: str) -> list[str]:
    """Article slugs and aliases that start with ``incomplete`` (for shell completion)."""
    try:
        names = open_store(db).names()
    except FsgsError:  # completion must never fail loudly
        return []
    prefix = incomplete.casefold()
    return [name for name in names if name.startswith(prefix)]


# What no command line can carry: a NUL, and a lone surrogate other than U+DC80-U+DCFF (the
# bytes that were not UTF-8). Only a caller in the same process can pass them.
UNCARRIED_RE = re.compile("[\x00\ud800-\udc7f\udd00-\udfff]")


def command_line(args: Sequence[str]) -> list[str]:
    """The arguments as a command line carries them: what it cannot carry becomes U+FFFD, so
    that no file name, query or reference holds it."""
    return [UNCARRIED_RE.sub("\ufffd", arg) for arg in args]


def tolerate_narrow_encodings() -> None:
    """Never fail on a character the output cannot carry. On a non-UTF-8 terminal (LANG=C,
    PYTHONIOENCODING=ascii) it is replaced; on UTF-8, a lone surrogate (from a file name
    that is not UTF-8) is shown as an escape such as \\udcff."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        with contextlib.suppress(OSError, ValueError):
            if encoding != "utf8":
                reconfigure(errors="replace")
            elif getattr(stream, "errors", None) == "strict":
                reconfigure(errors="backslashreplace")


def guarded(action: Callable[[], object]) -> int:
    """Run ``action``; turn any error into one line on stderr and its exit code."""
    try:
        action()
        sys.stdout.flush()  # a closed pipe is noticed here, not when Python exits
    except FsgsError as exc:
        from fsgs_cli import render

        try:
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_broken_pipe()
        render.error_lines(exc.problems)
        render.error(exc.line())
        return exc.exit_code
    except BrokenPipeError:
        quiet_broken_pipe()
        return 0
    except Exception as exc:  # a bug: say so in one line, never a traceback
        from fsgs_cli import render

        render.error(f"unexpected error ({type(exc).__name__}: {exc}). Please report it.")
        return INTERNAL
    return 0


def quiet_broken_pipe() -> None:
    """The reader went away (``| head``): stop writing, without an error message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
