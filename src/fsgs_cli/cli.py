"""The fsgs command line: parse arguments, ask the store, hand the answer to render.

Exit codes (errors.py defines them; commands.guarded applies them): 0 ok; 1 not found,
no results or a content folder with problems; 2 usage error; 3 store missing, unreadable
or not an fsgs store. entry.py answers the commonest commands before this module loads.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import exceptions as click
from typer.core import TyperGroup

from fsgs_cli import __version__, commands
from fsgs_cli.errors import (
    FsgsError,
    UsageError,
)
from fsgs_cli.lazy import lazy_module

if TYPE_CHECKING:
    from typer._click.core import Context as ClickContext

    from fsgs_cli import query, render
    from fsgs_cli.store import Store
else:
    # Loaded on first use, so that --help and completion do not pay for them.
    query = lazy_module("fsgs_cli.query")
    render = lazy_module("fsgs_cli.render")


class FsgsGroup(TyperGroup):
    """Turns every error into one line on stderr and its documented exit code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        args = commands.command_line(sys.argv[1:] if args is None else args)
        commands.tolerate_narrow_encodings()
        outcome: list[Any] = []

        def invoke() -> None:
            try:
                outcome.append(
                    super(FsgsGroup, self).main(
                        args, prog_name or "fsgs", complete_var, False, **extra
                    )
                )
            except click.UsageError as exc:
                where = exc.ctx.command_path if exc.ctx else "fsgs"
                raise UsageError(f"{exc.format_message()} See '{where} --help'.") from None
            except click.ClickException as exc:
                failure = FsgsError(exc.format_message())
                failure.exit_code = exc.exit_code
                raise failure from None
            except typer.Abort:
                sys.stderr.write("\n")
                outcome.append(130)

        code = commands.guarded(invoke)
        if code == 0 and outcome and isinstance(outcome[0], int):
            code = outcome[0]
        sys.exit(code)

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # Typer would exit 1; the reader went away (| head): done
            commands.quiet_broken_pipe()
            return None


app = typer.Typer(
    cls=FsgsGroup,
    name="fsgs",
    help="Read about FSGS (focal segmental glomerulosclerosis): plain, sourced, offline.",
    epilog="Examples: fsgs read causes · fsgs search protein in urine · fsgs related 12",
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: formatting help with Rich would import it and triple the time --help takes.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(
    cls=TyperGroup,
    help="Build and inspect the article store.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


class ReadFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class ExportFormat(StrEnum):
    html = "html"
    markdown = "markdown"


@dataclass
class State:
    db: str | None = None


def _store(ctx: typer.Context) -> Store:
    state = ctx.find_object(State) or State()
    return commands.open_store(state.db)


def _complete_ref(ctx: typer.Context, incomplete: str) -> list[str]:
    state = ctx.find_object(State) or State(ctx.params.get("db"))
    return commands.complete_ref(state.db, incomplete)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fsgs {__version__}\n")
        raise typer.Exit()


LimitOption = Annotated[
    int, typer.Option("--limit", "-n", min=1, max=100, help="At most this many articles.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (see the README).")]
RefArgument = Annotated[
    list[str],
    typer.Argument(
        help="An article id, slug, alias or title words.",
        metavar="REF",
        autocompletion=_complete_ref,
        show_default=False,
    ),
]


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="The article store to read (default: FSGS_DB, else the bundled store).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    r"""Read about FSGS (focal segmental glomerulosclerosis): plain, sourced, offline.

    Run fsgs alone for the home screen. Example: fsgs read causes
    """
    ctx.obj = State(db)
    if ctx.invoked_subcommand is None:
        store = _store(ctx)
        render.show(render.Output.detect()).home(store.topics(), store.start_here(), store.urgent())


@app.command()
def topics(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Argument(help="A topic slug or title.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the topics; with a topic, its articles.

    Examples:

    \b
      fsgs topics
      fsgs topics causes
      fsgs topics --json
    """
    store = _store(ctx)
    out = render.Output.detect(as_json=as_json)
    if topic is None:
        render.show(out).topics(store.topics())
    else:
        render.show(out).topic(store.topic(topic))


@app.command()
def read(
    ctx: typer.Context,
    ref: RefArgument,
    as_json: JsonOption = False,
    fmt: Annotated[
        ReadFormat | None,
        typer.Option(
            "--format",
            help="text (plain), markdown, or json (as --json). Default: styled on a "
            "terminal, plain when piped.",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Print long articles instead of paging them.")
    ] = False,
) -> None:
    """Read an article: by id, slug, alias or title words.

    Examples:

    \b
      fsgs read causes
      fsgs read 12
      fsgs read what is fsgs
      fsgs read causes --json
      fsgs read causes --format markdown > causes.md
    """
    state = ctx.find_object(State) or State()
    commands.read(
        state.db,
        " ".join(ref),
        as_json=as_json,
        pager=not no_pager,
        fmt=fmt.value if fmt else None,
    )


@app.command()
def export(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles to include, in order: ids, slugs, aliases or quoted titles.",
            metavar="[REF]...",
            autocompletion=_complete_ref,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write (.html or .md); '-' or none: standard output.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            help="html or markdown. Default: from the file's extension (Markdown on "
            "standard output).",
            show_default=False,
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            metavar="TOPIC",
            help="Every article of this topic, in reading order.",
            show_default=False,
        ),
    ] = None,
    question: Annotated[
        list[str] | None,
        typer.Option(
            "--question",
            "-q",
            metavar="TEXT",
            help="A question of your own for the care team (repeat for more).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Gather articles into one document to print, save or share.

    The document has a title page, each article with its sources and reviewed date,
    the glossary terms the articles use, the questions to ask your care team (the
    articles' own and yours), and the disclaimer. HTML is a single file with no scripts
    that prints well (each article on a new page, link addresses printed) and reads
    well on a phone.

    Examples:

    \b
      fsgs export causes apol1 kidney-biopsy -o visit.html
      fsgs export --topic treatment -o treatment.md
      fsgs export causes -q "Should I see a genetic counsellor?" -o visit.html
      fsgs export 12 --format markdown | less
    """
    state = ctx.find_object(State) or State()
    commands.export(
        state.db,
        refs or [],
        topic=topic,
        questions=question or [],
        output=output,
        fmt=fmt.value if fmt else None,
    )


# -word excludes a word, so search has no one-letter options that -word could be read as.
@app.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="What to look for.", metavar="QUERY", show_default=False)
    ],
    topic: Annotated[
        str | None,
        typer.Option("--topic", help="Only this topic (a slug).", show_default=False),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=100, help="At most this many results.")
    ] = 10,
    as_json: JsonOption = False,
    open_top: Annotated[
        bool, typer.Option("--open", help="Read the best match instead of listing matches.")
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="With --open: print instead of paging.")
    ] = False,
) -> None:
    """Search every article, best match first.

    Plain words must all appear (else any of them will do); "a phrase" must appear as
    written; word* matches the start of a word; a OR b needs either; -word leaves
    articles with that word out. Lay words, abbreviations and British spellings find
    the medical terms too, and misspelt words are corrected.

    Examples:

    \b
      fsgs search proteinuria
      fsgs search swollen ankles --limit 3
      fsgs search "steroid side effects" --topic treatment --json
      fsgs search protienuria
      fsgs search transplant --open
    """
    state = ctx.find_object(State) or State()
    commands.search(
        state.db,
        " ".join(words),
        topic=topic,
        limit=limit,
        as_json=as_json,
        open_top=open_top,
        pager=not no_pager,
    )


@app.command()
def related(
    ctx: typer.Context,
    ref: RefArgument,
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """Articles related to one article, most related first, each with the reason.

    Examples:

    \b
      fsgs related 12
      fsgs related causes --json
    """
    state = ctx.find_object(State) or State()
    commands.related(state.db, " ".join(ref), limit=limit, as_json=as_json)


@app.command("map")
def site_map(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The site map: every topic and its articles, with ids.

    Examples:

    \b
      fsgs map
      fsgs map --json
    """
    render.show(render.Output.detect(as_json=as_json)).site_map(_store(ctx).topics())


@app.command()
def latest(
    ctx: typer.Context,
    limit: LimitOption = 10,
    as_json: JsonOption = False,
) -> None:
    """The most recently reviewed articles.

    Examples:

    \b
      fsgs latest
      fsgs latest -n 3 --json
    """
    render.show(render.Output.detect(as_json=as_json)).latest(_store(ctx).latest(limit))


@app.command()
def glossary(
    ctx: typer.Context,
    term: Annotated[
        list[str] | None,
        typer.Argument(
            help="A term to define; without one, the whole glossary.",
            metavar="[TERM]...",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Plain-language definitions of the words doctors use.

    Examples:

    \b
      fsgs glossary
      fsgs glossary podocyte
      fsgs glossary egfr --json
    """
    wanted = " ".join(term) if term else None
    render.show(render.Output.detect(as_json=as_json)).glossary(_store(ctx).glossary(wanted))


@db_app.command("build")
def db_build(
    ctx: typer.Context,
    content: Annotated[
        Path, typer.Option("--content", help="The content folder.", file_okay=False)
    ] = Path("content"),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the store (default: data/articles.db, or --db / FSGS_DB).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the content folder and build the article store from it.

    The new store replaces the old one only when the build succeeds. Every problem in
    the content is listed as path: field: message.

    Examples:

    \b
      fsgs db build --content content --output data/articles.db
    """
    from fsgs_cli.build import build
    from fsgs_cli.store import resolve_path

    state = ctx.find_object(State) or State()
    target = output or (resolve_path(state.db) if state.db else Path("data") / "articles.db")
    from fsgs_cli.render.progress import progress_bar

    with progress_bar(sys.stderr.isatty()) as progress:
        result = build(content, target, progress)
    render.built(
        render.Output.detect(), str(result.output), result.articles, result.topics, result.glossary
    )


@db_app.command("check")
def db_check(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Check that the store is sound: SQLite's integrity check, the schema version, the
    full-text indexes' integrity check and the counts. Exits 3 when a check fails.

    Examples:

    \b
      fsgs db check
      fsgs db check --json
    """
    state = ctx.find_object(State) or State()
    commands.check(state.db, as_json=as_json)


@db_app.command("info")
def db_info(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Counts, schema version, content hash and build time of the store.

    Examples:

    \b
      fsgs db info --json
    """
    render.show(render.Output.detect(as_json=as_json)).store_info(_store(ctx).info())
