"""The ``fsgs`` program.

The commonest requests are answered here without loading Typer, which costs more than the
rest of a search put together: the home screen, the fast commands of spec.py in their
ordinary forms, ``--help`` of any command, ``--version``, and bash completion of article
references.
Everything else (a usage error, another shell's completion, the other commands) goes to
the Typer app in cli.py, which is generated from the same declaration and runs the same
functions of commands.py.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from fsgs_cli import spec

Plan = Callable[[], None]
COMPLETE_VAR = "_FSGS_COMPLETE"


def main() -> None:
    try:
        if os.environ.get(COMPLETE_VAR):
            if not fast_completion():  # command names, options, other shells: Typer's
                from fsgs_cli.cli import app

                app(prog_name=spec.PROGRAM)
            return
        from fsgs_cli import guard

        args = guard.command_line(sys.argv[1:])
        plan = fast_plan(args)
        if plan is None:
            from fsgs_cli.cli import app

            app(args)
            return
        guard.tolerate_narrow_encodings()
        code = guard.guarded(plan)
    except KeyboardInterrupt:  # Ctrl-C before a command started, or while Typer loads
        from fsgs_cli import guard

        code = guard.interrupted()
    sys.exit(code)


def fast_plan(argv: Sequence[str]) -> Plan | None:
    """What to run for ``argv``, or ``None`` when it needs the full command line."""
    db, args = _store_option(list(argv))
    if db == "":
        return None
    if args == list(spec.VERSION.names):
        return _version
    if not args:  # the home screen
        return lambda: _home(db)
    for size in (2, 1, 0):
        words = tuple(args[:size])
        rest = args[size:]
        if len(args) >= size and (plan := _help(words, rest)):
            return plan
    command = spec.find(tuple(args[:1]))
    if command is None or not command.fast:
        return None
    values = parse(command, args[1:])
    if values is None:
        return None
    return lambda: _run(command, db, values)


def _store_option(args: list[str]) -> tuple[str | None, list[str]]:
    """``--db PATH`` or ``--db=PATH`` before the command (with ``--plain`` before or after
    it, which takes effect here), and the rest; "" for a ``--db`` that the full command
    line must explain."""
    db: str | None = None
    while args:
        if args[0] in spec.PLAIN.names:
            from fsgs_cli import render

            render.prefer_plain()
            args = args[1:]
            continue
        name = next((n for n in spec.DB.names if args[0] == n or args[0].startswith(n + "=")), "")
        if not name or db is not None:
            break
        if args[0] == name:
            if len(args) < 2:
                return "", args
            db, args = args[1], args[2:]
        else:
            db, args = args[0].partition("=")[2] or "", args[1:]
            if not db:
                return "", args
    return db, args


def _home(db: str | None) -> None:
    from fsgs_cli import commands

    commands.home(db)


def _version() -> None:
    from fsgs_cli import __version__

    sys.stdout.write(f"{spec.PROGRAM} {__version__}\n")


def _help(words: tuple[str, ...], rest: list[str]) -> Plan | None:
    """``fsgs [WORDS] --help``: the declaration's help, as the Typer app would print it."""
    if len(rest) != 1 or rest[0] not in spec.HELP_NAMES:
        return None
    from fsgs_cli import helptext

    command = spec.find(words)
    if command and rest[0] not in helptext.help_names(command):
        return None  # -h is a search word
    text = helptext.for_words(words)
    if text is None:
        return None
    return lambda: _write(text)


def _write(text: str) -> None:
    sys.stdout.write(text)


def parse(command: spec.Command, tokens: Sequence[str]) -> dict[str, object] | None:
    """The values of ``command``'s arguments and options, as its function takes them; or
    ``None`` for anything unusual (help, an unknown, repeated or bad option, a missing
    argument), which the full command line then explains."""
    by_name = {name: option for option in command.options for name in option.names}
    values: dict[str, object] = {o.dest: o.default for o in command.options}
    seen: set[str] = set()
    words: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "--":
            words += tokens[i + 1 :]
            break
        # --name=value; a short option takes "=value" as its value, which the full command
        # line explains.
        name, equals, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        option = by_name.get(name)
        if option is not None and option.dest not in seen:
            seen.add(option.dest)
            if not option.takes_value:
                if equals:
                    return None
                values[option.dest] = True
            else:
                value = inline if equals else (tokens[i + 1] if i + 1 < len(tokens) else None)
                if value is None or (converted := _convert(option, value)) is None:
                    return None
                i += 0 if equals else 1
                values[option.dest] = converted
        elif token.startswith("--") or (token.startswith("-") and not command.dash_words):
            return None  # help, an unknown option, a repeated one: the full command line
        else:
            words.append(token)
        i += 1
    for argument in command.arguments:
        if argument.required and not words:
            return None
        taken = len(words) if argument.many else 1
        values[argument.dest] = argument.value(words[:taken])
        words = words[taken:]
    return None if words else values


def _convert(option: spec.Option, value: str) -> object:
    """The value of an option, or ``None`` when the full command line must explain it."""
    if option.kind == "int":
        # isdecimal(), not isdigit(): int() refuses some digits, such as "²".
        if not value.isdecimal():
            return None
        number = int(value)
        if (option.low is not None and number < option.low) or (
            option.high is not None and number > option.high
        ):
            return None  # let the full command line explain the range
        return number
    if option.kind == "choice" and value not in option.choices:
        return None  # let the full command line list the choices
    return value


def _run(command: spec.Command, db: str | None, values: dict[str, object]) -> None:
    from fsgs_cli import commands

    getattr(commands, command.handler)(db, **values)


def fast_completion() -> bool:
    """Complete an article reference for bash (as Typer would, one name a line);
    ``False`` for anything else, which Typer then completes."""
    import shlex

    if os.environ.get(COMPLETE_VAR) != "complete_bash":
        return False
    try:
        words = shlex.split(os.environ["COMP_WORDS"])
        cword = int(os.environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return False
    args = words[1:cword]
    incomplete = words[cword] if cword < len(words) else ""
    db, args = _store_option(args)
    command = spec.find(tuple(args[:1]))
    if command is None or not any(a.complete and a.join for a in command.arguments):
        return False
    if incomplete.startswith("-") or any(a.startswith("-") for a in args[1:]):
        return False
    from fsgs_cli import commands

    sys.stdout.write("\n".join(commands.complete_ref(db, incomplete)) + "\n")
    return True
