"""The Typer app, generated from the declaration in spec.py.

It answers what the fast path (entry.py) passes on: usage errors (with Typer's messages),
shell completion, and the commands the fast path leaves to it. Each command's parameters
are built from the declaration, its help is helptext.py's, and its work is the function
of commands.py that the declaration names; errors become exit codes in guard.py.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

import typer
from typer._click import exceptions as click
from typer.core import TyperCommand, TyperGroup

from fsgs_cli import __version__, commands, guard, helptext, spec
from fsgs_cli.errors import INTERRUPTED, FsgsError, UsageError

if TYPE_CHECKING:
    from typer._click import Context as ClickContext
    from typer._click.formatting import HelpFormatter


class _SpecHelp:
    """Help written by helptext.py from the declaration, the same as the fast path's."""

    def format_help(self, ctx: ClickContext, formatter: HelpFormatter) -> None:
        words: list[str] = []
        while ctx.parent is not None:  # the words below the program, whatever it is called
            words.insert(0, str(ctx.info_name))
            ctx = ctx.parent
        formatter.write(helptext.for_words(tuple(words)) or "")


class SpecCommand(_SpecHelp, TyperCommand):
    pass


class SpecGroup(_SpecHelp, TyperGroup):
    pass


class FsgsGroup(SpecGroup):
    """The program: every error becomes one line on stderr and its documented exit code."""

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
        args = guard.command_line(sys.argv[1:] if args is None else args)
        guard.tolerate_narrow_encodings()
        outcome: list[Any] = []

        def invoke() -> None:
            try:
                outcome.append(
                    super(FsgsGroup, self).main(
                        args, prog_name or spec.PROGRAM, complete_var, False, **extra
                    )
                )
            except click.NoArgsIsHelpError as exc:  # "fsgs db": the group's help, whole
                sys.stderr.write(exc.ctx.get_help() + "\n" if exc.ctx else "")
                outcome.append(exc.exit_code)
            except click.UsageError as exc:
                where = exc.ctx.command_path if exc.ctx else spec.PROGRAM
                raise UsageError(f"{exc.format_message()} See '{where} --help'.") from None
            except click.ClickException as exc:
                failure = FsgsError(exc.format_message())
                failure.exit_code = exc.exit_code
                raise failure from None
            except typer.Abort:  # Ctrl-C: click has ended the line already
                outcome.append(INTERRUPTED)

        code = guard.guarded(invoke)
        if code == 0 and outcome and isinstance(outcome[0], int):
            code = outcome[0]
        sys.exit(code)

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # Typer would exit 1; the reader went away (| head): done
            guard.quiet_broken_pipe()
            return None


@dataclass
class State:
    db: str | None = None


def _db(ctx: typer.Context) -> str | None:
    state = ctx.find_object(State)
    return state.db if state else ctx.params.get("db")


def _complete_ref(ctx: typer.Context, incomplete: str) -> list[str]:
    return commands.complete_ref(_db(ctx), incomplete)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{spec.PROGRAM} {__version__}\n")
        raise typer.Exit()


def _argument(argument: spec.Argument) -> tuple[Any, object]:
    """The annotation and the Typer parameter of a declared argument."""
    annotation: Any = list[str] if argument.many else str
    if not argument.required:
        annotation = annotation | None
    parameter = typer.Argument(
        ... if argument.required else None,
        help=argument.help,
        metavar=argument.metavar,
        show_default=False,
        autocompletion=_complete_ref if argument.complete else None,
    )
    return annotation, parameter


def _option(option: spec.Option) -> tuple[Any, object]:
    """The annotation and the Typer parameter of a declared option (Typer offers choices
    through an Enum)."""
    kinds: dict[str, Any] = {"flag": bool, "int": int, "text": str, "path": str}
    annotation: Any = kinds.get(option.kind)
    if option.kind == "choice":
        enum: Any = StrEnum  # made at run time, from the declaration
        annotation = enum(option.dest.title(), {c: c for c in option.choices})
    if option.repeat:
        annotation = list[annotation]
    if option.default is None:
        annotation = annotation | None
    extra: dict[str, Any] = {}
    if option.kind == "int":
        extra.update(min=option.low, max=option.high)
    parameter = typer.Option(
        option.default,
        *option.names,
        help=option.help,
        metavar=option.metavar or None,
        show_default=False,
        **extra,
    )
    return annotation, parameter


def _values(command: spec.Command, given: dict[str, Any]) -> dict[str, Any]:
    """What Typer parsed, as the command's function takes it: arguments as the declaration
    says (spec.Argument.value), choices as their text."""
    values = {k: v.value if isinstance(v, Enum) else v for k, v in given.items()}
    for argument in command.arguments:
        words = values.get(argument.dest)
        values[argument.dest] = argument.value([words] if isinstance(words, str) else words)
    return values


def _function(command: spec.Command) -> Callable[..., None]:
    """A Typer command function whose signature is the declaration's."""
    handler = getattr(commands, command.handler)

    def run(ctx: typer.Context, **given: Any) -> None:
        handler(_db(ctx), **_values(command, given))

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [inspect.Parameter("ctx", keyword, annotation=typer.Context)]
    declared = [(a.dest, *_argument(a)) for a in command.arguments]
    declared += [(o.dest, *_option(o)) for o in command.options]
    for dest, annotation, default in declared:
        parameters.append(inspect.Parameter(dest, keyword, default=default, annotation=annotation))
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {}
    return run


def _build() -> typer.Typer:
    app = typer.Typer(
        cls=FsgsGroup,
        name=spec.PROGRAM,
        help=spec.SUMMARY,
        no_args_is_help=False,
        invoke_without_command=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": list(spec.HELP_NAMES)},
    )
    groups: dict[str, typer.Typer] = {}
    for command in spec.COMMANDS:
        parent = app
        if len(command.words) > 1:
            name = command.words[0]
            if name not in groups:
                gathering = spec.group((name,))
                assert gathering is not None, f"{name}: declared in spec.GROUPS"
                groups[name] = typer.Typer(
                    cls=SpecGroup,
                    help=gathering.summary,
                    rich_markup_mode=None,
                    no_args_is_help=True,
                )
                app.add_typer(groups[name], name=name)
            parent = groups[name]
        settings: dict[str, Any] = {"help_option_names": list(helptext.help_names(command))}
        if command.dash_words:
            settings["ignore_unknown_options"] = True
        parent.command(
            command.words[-1], cls=SpecCommand, help=command.summary, context_settings=settings
        )(_function(command))
    db_option, plain_option, version_option = spec.DB, spec.PLAIN, spec.VERSION

    @app.callback()
    def main(
        ctx: typer.Context,
        db: str | None = typer.Option(
            None, *db_option.names, metavar=db_option.metavar, help=db_option.help
        ),
        plain: bool = typer.Option(False, *plain_option.names, help=plain_option.help),
        version: bool = typer.Option(
            False,
            *version_option.names,
            callback=_version,
            is_eager=True,
            help=version_option.help,
        ),
    ) -> None:
        ctx.obj = State(db)
        if plain:
            from fsgs_cli import render

            render.prefer_plain()
        if ctx.invoked_subcommand is None:
            commands.home(db)

    return app


app = _build()
