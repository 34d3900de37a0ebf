"""``--help`` text, written from the declaration in spec.py.

The fast path prints it without loading Typer; the Typer app prints the very same text
(cli.py hands its help formatting to this module), and the README's help blocks are
checked against it. It is always 80 columns wide, so that it reads the same everywhere.
"""

from __future__ import annotations

import textwrap

from fsgs_cli import spec

WIDTH = 80
HELP_LINE = "Show this message and exit."


def _paragraph(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _rows(rows: list[tuple[str, str]]) -> list[str]:
    """Two columns: names, then help wrapped beside them."""
    if not rows:
        return []
    width = min(max(len(left) for left, _ in rows), 30)
    lines: list[str] = []
    for left, right in rows:
        pad = " " * (width + 4)
        if len(left) > width:
            lines.append(f"  {left}")
            lines += textwrap.wrap(right, WIDTH, initial_indent=pad, subsequent_indent=pad)
            continue
        wrapped = textwrap.wrap(right, WIDTH - len(pad)) or [""]
        lines.append(f"  {left.ljust(width)}  {wrapped[0]}".rstrip())
        lines += [pad + line for line in wrapped[1:]]
    return lines


def option_label(option: spec.Option) -> str:
    """``-n, --limit N``: the short name first, then the long one, then what it takes."""
    names = sorted(option.names, key=lambda n: (n.startswith("--"), n))
    label = ", ".join(names)
    if option.kind == "choice":
        return f"{label} [{'|'.join(option.choices)}]"
    if option.takes_value:
        return f"{label} {option.metavar or 'TEXT'}"
    return label


def option_help(option: spec.Option) -> str:
    notes = []
    if option.kind == "int":
        notes.append(f"{option.low}-{option.high}")
    if option.default not in (None, False):
        notes.append(f"default: {option.default}")
    return option.help + (f"  [{'; '.join(notes)}]" if notes else "")


def _examples(examples: tuple[str, ...]) -> list[str]:
    if not examples:
        return []
    return ["", "  Examples:", *(f"    {example}" for example in examples)]


def for_words(words: tuple[str, ...]) -> str | None:
    """The help of ``fsgs WORDS``: the program, the ``db`` group or one command."""
    if not words:
        return root()
    if gathering := spec.group(words):
        return group(gathering)
    command = spec.find(words)
    return command_help(command) if command else None


def root() -> str:
    lines = [
        f"Usage: {spec.PROGRAM} [OPTIONS] COMMAND [ARGS]...",
        "",
        *_paragraph(spec.SUMMARY),
        "",
        *_paragraph(spec.ROOT_HELP),
        *_examples(spec.ROOT_EXAMPLES),
        "",
        "Options:",
        *_rows(
            [
                (option_label(o), option_help(o))
                for o in (*spec.ROOT_OPTIONS, *spec.COMPLETION_OPTIONS)
            ]
            + [(", ".join(spec.HELP_NAMES), HELP_LINE)]
        ),
        "",
        "Commands:",
        *_rows(_command_rows(())),
    ]
    return "\n".join(lines) + "\n"


def _command_rows(prefix: tuple[str, ...]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    groups: set[str] = set()
    for command in spec.COMMANDS:
        if command.words[: len(prefix)] != prefix:
            continue
        rest = command.words[len(prefix) :]
        if len(rest) == 1:
            rows.append((rest[0], command.summary))
        elif rest[0] not in groups and (gathering := spec.group((*prefix, rest[0]))):
            groups.add(rest[0])
            rows.append((rest[0], gathering.summary))
    return rows


def group(gathering: spec.Group) -> str:
    words = gathering.words
    name = " ".join((spec.PROGRAM, *words))
    lines = [
        f"Usage: {name} [OPTIONS] COMMAND [ARGS]...",
        "",
        *_paragraph(gathering.summary),
        *_examples(gathering.examples),
        "",
        "Options:",
        *_rows([(", ".join(spec.HELP_NAMES), HELP_LINE)]),
        "",
        "Commands:",
        *_rows(_command_rows(words)),
    ]
    return "\n".join(lines) + "\n"


def usage(command: spec.Command) -> str:
    parts = [spec.PROGRAM, *command.words, "[OPTIONS]"]
    for argument in command.arguments:
        metavar = argument.metavar
        if argument.many and not metavar.endswith("..."):
            metavar += "..."
        if not argument.required and not metavar.startswith("["):
            metavar = f"[{metavar}]"
        parts.append(metavar)
    return " ".join(parts)


def help_names(command: spec.Command) -> tuple[str, ...]:
    """``search`` takes words that start with "-", so only ``--help`` asks for help there."""
    return spec.LONG_HELP if command.dash_words else spec.HELP_NAMES


def command_help(command: spec.Command) -> str:
    lines = [f"Usage: {usage(command)}", "", *_paragraph(command.summary)]
    if command.help:
        lines += ["", *_paragraph(command.help)]
    lines += _examples(command.examples)
    if command.arguments:
        lines += ["", "Arguments:"]
        lines += _rows([(a.metavar, a.help) for a in command.arguments])
    options = [(option_label(o), option_help(o)) for o in command.options]
    options.append((", ".join(help_names(command)), HELP_LINE))
    lines += ["", "Options:", *_rows(options)]
    return "\n".join(lines) + "\n"


def reference() -> str:
    """Every command's help as Markdown, for the README's command reference."""
    parts = []
    for words in [(), *(g.words for g in spec.GROUPS), *(c.words for c in spec.COMMANDS)]:
        name = " ".join((spec.PROGRAM, *words))
        parts.append(f"### {name}\n\n```text\n$ {name} --help\n{for_words(words)}```\n")
    return "\n".join(parts)
