"""The man page, ``fsgs.1``, written from the declaration in spec/ like ``--help`` is.

The page is committed at ``share/man/man1/fsgs.1`` and shipped in the wheel, so that
installing fsgs installs it; a test fails when it differs from what this module writes.
After changing a command, regenerate it with

    uv run python -m fsgs_cli.manpage --write

It carries the version and no date, so that the same declaration always gives the same
bytes, whatever the day.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from fsgs_cli import __version__, errors, helptext, spec

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path("share", "man", "man1", "fsgs.1")

EXIT_STATUS = (
    ("0", "Success; also when the reader of a pipe goes away (fsgs map | head -1)."),
    (
        str(errors.NOT_FOUND),
        "Not found or no results: an unknown article, topic or term, a search that matches "
        "nothing (the message suggests close matches); a content folder with problems "
        "(db build).",
    ),
    (
        str(errors.USAGE),
        "Usage error: an unknown command or option, a missing argument, a value out of "
        "range, a file that cannot be written.",
    ),
    (
        str(errors.STORE),
        "The store is missing, unreadable, damaged or not an fsgs store (the message says "
        "to run fsgs db build or to point --db or FSGS_DB at a store); db check finds it "
        "unsound; the diary file cannot be read or is not an fsgs diary.",
    ),
    (
        str(errors.INTERNAL),
        "An unexpected internal error: a bug (FSGS_DEBUG=1 shows its traceback).",
    ),
    (
        str(errors.INTERRUPTED),
        "Interrupted with Ctrl-C, at any moment: no message, no traceback.",
    ),
)

ENVIRONMENT = (
    ("FSGS_DB", "The article store to read, when --db is not given."),
    (
        "FSGS_HOME",
        "The folder of the diary: diary.db is kept there instead of the user data folder.",
    ),
    ("NO_COLOR", "When set, print plain text with no colour or other escape codes."),
    ("TERM", "When dumb, print plain text, as with NO_COLOR."),
    ("PAGER", "The pager for long output on a terminal (default: less)."),
    ("FSGS_PAGER", "The pager for fsgs only; it wins over PAGER."),
    (
        "LESS",
        "Your options for less are kept: fsgs adds -R (colours rather than escape codes) "
        "to them; when LESS is not set, it uses FRX.",
    ),
    (
        "FSGS_DEBUG",
        "When set, an internal error shows its Python traceback instead of one line.",
    ),
)

FILES = (
    (
        "fsgs_cli/data/articles.db",
        "The bundled article store, inside the installed package (data/articles.db in a "
        "source checkout). It is opened read-only; --db or FSGS_DB names another.",
    ),
    (
        "~/.local/share/fsgs/diary.db",
        "Your diary (fsgs diary): diary.db in the platformdirs user data folder, which is "
        "$XDG_DATA_HOME/fsgs or ~/.local/share/fsgs on Linux, "
        "~/Library/Application Support/fsgs on macOS and %LOCALAPPDATA%\\fsgs on Windows; "
        "$FSGS_HOME/diary.db when FSGS_HOME is set. It is never the bundled store.",
    ),
)

SEE_ALSO = ("less(1)", "sqlite3(1)")

# An option name, or a dash standing alone ("'-' or none"), is a minus sign in roff;
# a hyphen inside a word ("read-only") stays a hyphen.
OPTION_RE = re.compile(r"(?<![\w-])--?[A-Za-z0-9][\w-]*|(?<![\w-])-(?![\w-])")
METAVAR_RE = re.compile(r"[A-Z][A-Z_]*")


def escape(text: str) -> str:
    """Text as roff reads it literally: backslashes, tildes and carets escaped, anything
    outside ASCII as a named Unicode character, so that no input encoding is assumed."""
    out = text.replace("\\", "\\e").replace("~", "\\(ti").replace("^", "\\(ha")
    return "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in out)


def prose(text: str) -> str:
    """A sentence of help: option names get real minus signs, spaces are single."""
    text = " ".join(text.split())
    return OPTION_RE.sub(lambda m: m.group().replace("-", "\\-"), escape(text))


def code(text: str) -> str:
    """Something to type: every dash a minus sign, quotes as typed."""
    return escape(text).replace("-", "\\-").replace("'", "\\(aq").replace("`", "\\(ga")


def bold(text: str) -> str:
    return f"\\fB{code(text)}\\fR"


def italic(text: str) -> str:
    return f"\\fI{code(text)}\\fR"


def lines(*rows: str) -> list[str]:
    """Text lines safe to start a roff line: a leading "." or "'" would be a request."""
    return [f"\\&{row}" if row.startswith((".", "'")) else row for row in rows]


def heading(macro: str, text: str) -> str:
    """A macro with one quoted argument."""
    quoted = prose(text).replace('"', "\\(dq")
    return f'.{macro} "{quoted}"'


def metavars(text: str) -> str:
    """``[REF]...``: the names in italics, the brackets and dots as they are."""
    parts = []
    last = 0
    for match in METAVAR_RE.finditer(text):
        parts += [code(text[last : match.start()]), italic(match.group())]
        last = match.end()
    return "".join([*parts, code(text[last:])])


def option_label(option: spec.Option) -> str:
    """helptext's label (``-n, --limit N``) with the names in bold and what the option
    takes in italics, or its choices in bold."""
    label = helptext.option_label(option)
    if option.kind == "choice":
        names, _, choices = label.partition(" [")
        choice_list = "|".join(bold(c) for c in choices.rstrip("]").split("|"))
        return f"{_names(names)} [{choice_list}]"
    names, _, takes = label.rpartition(" ") if option.takes_value else (label, "", "")
    return _names(names) + (f" {metavars(takes)}" if takes else "")


def _names(names: str) -> str:
    return ", ".join(bold(name) for name in names.split(", "))


def usage(words: Sequence[str], rest: str) -> str:
    return " ".join([bold(" ".join((spec.PROGRAM, *words))), metavars(rest)]).rstrip()


def command_usage(command: spec.Command) -> str:
    prefix = " ".join((spec.PROGRAM, *command.words))
    full = helptext.usage(command)
    return usage(command.words, full[len(prefix) :].strip())


def tagged(rows: Iterable[tuple[str, str]]) -> list[str]:
    """A .TP list: each tag (already roff) on its own line, then its paragraph."""
    out: list[str] = []
    for tag, text in rows:
        out += [".TP", *lines(tag, prose(text))]
    return out


def example_block(examples: Sequence[str]) -> list[str]:
    if not examples:
        return []
    return [".PP", "Examples:", ".RS 4", ".EX", *lines(*map(code, examples)), ".EE", ".RE"]


def help_options(command: spec.Command | None = None) -> tuple[str, str]:
    names = helptext.help_names(command) if command else spec.HELP_NAMES
    return ", ".join(bold(n) for n in names), helptext.HELP_LINE


def command_section(command: spec.Command) -> list[str]:
    out = [heading("SS", " ".join((spec.PROGRAM, *command.words)))]
    out += lines(command_usage(command))
    out += [".PP", *lines(prose(command.summary))]
    if command.help:
        out += [".PP", *lines(prose(command.help))]
    out += tagged((metavars(a.metavar), a.help) for a in command.arguments)
    out += tagged((option_label(o), helptext.option_help(o)) for o in command.options)
    out += tagged([help_options(command)])
    return out + example_block(command.examples)


def group_section(group: spec.Group) -> list[str]:
    names = [c.name for c in spec.COMMANDS if c.words[: len(group.words)] == group.words]
    listed = ", ".join(f"{spec.PROGRAM} {name}" for name in names)
    return [
        heading("SS", " ".join((spec.PROGRAM, *group.words))),
        *lines(usage(group.words, "COMMAND [ARGS]...")),
        ".PP",
        *lines(prose(f"{group.summary} Its commands: {listed}.")),
    ]


def commands() -> list[str]:
    """Every command in the order it is declared, each group introduced before its first."""
    out = [".SH COMMANDS"]
    introduced: set[tuple[str, ...]] = set()
    for command in spec.COMMANDS:
        for size in range(1, len(command.words)):
            words = command.words[:size]
            group = spec.group(words)
            if group and words not in introduced:
                introduced.add(words)
                out += group_section(group)
        out += command_section(command)
    return out


def synopsis() -> list[str]:
    out = [".SH SYNOPSIS", ".ad l"]
    out += lines(usage((), "[OPTIONS] [COMMAND [ARGS]...]"))
    for command in spec.COMMANDS:
        out += [".br", *lines(command_usage(command))]
    return [*out, ".ad"]


def options() -> list[str]:
    dash = ", ".join(f"{spec.PROGRAM} {c.name}" for c in spec.COMMANDS if c.dash_words)
    help_tag, help_line = help_options()
    help_line += (
        f" Every command takes --help too; all but those whose words may start with "
        f"'-' ({dash}) also take -h."
    )
    root = [*spec.ROOT_OPTIONS, *spec.COMPLETION_OPTIONS]
    return [
        ".SH OPTIONS",
        *lines(prose("These go before the command.")),
        *tagged((option_label(o), helptext.option_help(o)) for o in root),
        *tagged([(help_tag, help_line)]),
    ]


def examples() -> list[str]:
    seen: list[str] = []
    for example in (*spec.ROOT_EXAMPLES, *(e for g in spec.GROUPS for e in g.examples)):
        if example not in seen:
            seen.append(example)
    return [".SH EXAMPLES", ".RS 4", ".EX", *lines(*map(code, seen)), ".EE", ".RE"]


def render() -> str:
    """The whole man page, in roff with the man(7) macros."""
    title = spec.PROGRAM.upper()
    page = [
        '.\\" Generated by fsgs_cli.manpage from the command declaration; do not edit.',
        '.\\" Regenerate: uv run python -m fsgs_cli.manpage --write',
        f'.TH {title} 1 "" "{spec.PROGRAM} {escape(__version__)}" "User Commands"',
        '.\\" No hyphenation: option names and paths must not break at a hyphen. The man',
        '.\\" macros of groff turn it back on at each paragraph unless HY is 0.',
        ".nh",
        ".nr HY 0",
        ".SH NAME",
        *lines(f"{spec.PROGRAM} \\- {prose(spec.SUMMARY)}"),
        *synopsis(),
        ".SH DESCRIPTION",
        *lines(prose(spec.SUMMARY)),
        ".PP",
        *lines(
            prose(
                f"{spec.ROOT_HELP} On a terminal, output is formatted and long output is "
                "paged; piped, it is plain text with fields separated by tabs. Every "
                "command has --help with examples, and most have --json."
            )
        ),
        *commands(),
        *options(),
        *examples(),
        ".SH EXIT STATUS",
        *tagged((bold(code_), text) for code_, text in EXIT_STATUS),
        ".SH ENVIRONMENT",
        *tagged((bold(name), text) for name, text in ENVIRONMENT),
        ".SH FILES",
        *tagged((italic(path), text) for path, text in FILES),
        ".SH SEE ALSO",
        *lines(", ".join(_reference(name) for name in SEE_ALSO)),
    ]
    return "\n".join(page) + "\n"


def _reference(page: str) -> str:
    name, _, section = page.partition("(")
    return f"{bold(name)}({section}"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the page, or with ``--write`` write it to share/man/man1/fsgs.1 of the
    checkout this module sits in."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args not in ([], ["--write"]):
        print("usage: python -m fsgs_cli.manpage [--write]", file=sys.stderr)
        return 2
    text = render()
    if not args:
        sys.stdout.write(text)
        return 0
    if not (ROOT / "pyproject.toml").is_file():
        print(f"fsgs: {ROOT} is not a source checkout; nothing written", file=sys.stderr)
        return 2
    target = ROOT / TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
