"""The ``fsgs`` program. The most common commands, in their common forms, are answered
without loading Typer (which costs more than the rest of a search put together);
everything else (help, completion, other commands, anything unusual) goes to the Typer
app in cli.py, which does exactly the same work through fsgs_cli.commands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from fsgs_cli import commands

Plan = Callable[[], None]
LIMIT_RANGE = range(1, 101)
COMPLETE_VAR = "_FSGS_COMPLETE"


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
    db = None
    if len(args) >= 2 and args[0] == "--db":
        db, args = args[1], args[2:]
    if not args or args[0] not in ("read", "related") or incomplete.startswith("-"):
        return False
    if any(a.startswith("-") for a in args[1:]):
        return False
    sys.stdout.write("\n".join(commands.complete_ref(db, incomplete)) + "\n")
    return True


def main() -> None:
    if os.environ.get(COMPLETE_VAR) and fast_completion():
        return
    args = commands.command_line(sys.argv[1:])
    plan = fast_plan(args)
    if plan is None:
        from fsgs_cli.cli import app

        app(args)
        return
    commands.tolerate_narrow_encodings()
    sys.exit(commands.guarded(plan))


def fast_plan(argv: Sequence[str]) -> Plan | None:
    """What to run for ``argv``, or ``None`` when it needs the full command line."""
    args = list(argv)
    db: str | None = None
    if args and args[0].startswith("--db"):
        if args[0] == "--db" and len(args) > 1:
            db, args = args[1], args[2:]
        elif args[0].startswith("--db="):
            db, args = args[0][len("--db=") :], args[1:]
        else:
            return None
    if not args or db == "":
        return None
    command, rest = args[0], args[1:]
    options = _options(rest, command)
    if options is None:
        return None
    words, flags = options
    if not words:
        return None
    text = " ".join(words)
    as_json = bool(flags.pop("--json", False))
    pager = not flags.pop("--no-pager", False)
    limit = int(flags.pop("--limit", 10))
    if command == "search":
        open_top = bool(flags.pop("--open", False))
        topic_value = flags.pop("--topic", None)
        topic = None if topic_value is None else str(topic_value)
        return lambda: commands.search(
            db, text, topic=topic, limit=limit, as_json=as_json, open_top=open_top, pager=pager
        )
    if command == "read":
        fmt = flags.pop("--format", None)
        if fmt is not None and fmt not in commands.READ_FORMATS:
            return None  # let the full command line list the choices
        read_format = None if fmt is None else str(fmt)
        return lambda: commands.read(db, text, as_json=as_json, pager=pager, fmt=read_format)
    return lambda: commands.related(db, text, limit=limit, as_json=as_json)


# The options each fast command takes: name -> takes a value.
OPTIONS = {
    "search": {
        "--json": False,
        "--open": False,
        "--no-pager": False,
        "--limit": True,
        "--topic": True,
    },
    "read": {"--json": False, "--no-pager": False, "--format": True},
    "related": {"--json": False, "--limit": True, "-n": True},
}


def _options(rest: list[str], command: str) -> tuple[list[str], dict[str, bool | int | str]] | None:
    known = OPTIONS.get(command)
    if known is None:
        return None
    words: list[str] = []
    flags: dict[str, bool | int | str] = {}
    i = 0
    while i < len(rest):
        token = rest[i]
        # --name=value; a short option takes "=value" as its value, which the full command
        # line explains.
        name, equals, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        if token == "--":
            words += rest[i + 1 :]
            break
        if name in known and name not in flags:
            if not known[name]:
                if equals:
                    return None
                flags[name] = True
            else:
                value = inline if equals else (rest[i + 1] if i + 1 < len(rest) else None)
                if value is None:
                    return None
                i += 0 if equals else 1
                key = "--limit" if name == "-n" else name
                if key == "--limit":
                    # isdecimal(), not isdigit(): int() refuses some digits, such as "²".
                    if not value.isdecimal() or int(value) not in LIMIT_RANGE:
                        return None  # let the full command line explain the range
                    flags[key] = int(value)
                else:
                    flags[key] = value
        elif token.startswith("--") or (command != "search" and token.startswith("-")):
            return None  # help, an unknown option, a repeated one: the full command line
        else:
            words.append(token)
        i += 1
    return words, flags
