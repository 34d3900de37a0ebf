"""Markdown as plain text that reads well anywhere: a pipe, ``NO_COLOR``, ``TERM=dumb``, a
braille display or a screen reader.

Headings become lines of their own, emphasis is dropped, a link is its text followed by
its address in brackets (an article link by the command that opens it), list items start
with "-" or their number, and a table becomes aligned columns that wrap, or, where the
columns cannot fit, one "heading: value" line per cell. No box-drawing characters and no
escape codes are ever written.

Two steps, so that reading needs no Markdown parser (importing markdown-it costs twice a
whole ``fsgs read``): ``units`` parses an article once, when the store is built, into a
list of text units (stored as JSON); ``layout`` wraps them to any width with the standard
library alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from fsgs_cli.text import is_web_link

if TYPE_CHECKING:
    from markdown_it.token import Token

READING_WIDTH = 88  # prose never runs wider, whatever the terminal
MIN_COLUMN = 8


def _names_itself(label: str, href: str) -> bool:
    """Whether a link's text already says where it goes: "peritonitis" to the glossary
    term peritonitis, "NSAIDs" to NSAID, or a web address shown as itself."""
    text, target = label.casefold(), href.casefold()
    return text in (target, target + "s") or text.removesuffix("/") == target.removesuffix("/")


def _inline(token: Token) -> str:
    """An inline token's text: emphasis dropped, links with their address."""
    parts: list[str] = []
    href: str | None = None
    start = 0
    for child in token.children or ():
        if child.type == "text" or child.type == "code_inline":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "link_open":
            href, start = str(child.attrGet("href") or ""), len(parts)
        elif child.type == "link_close" and href is not None:
            label = "".join(parts[start:]).strip()
            if href and not _names_itself(label, href):
                parts.append(f" ({href})" if is_web_link(href) else f" (fsgs read {href})")
            href = None
    return " ".join("".join(parts).split())


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        width=max(width, len(first) + 10),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _widths(natural: Sequence[int], room: int) -> list[int] | None:
    """Column widths that fit ``room``: each column's natural width if they all fit, else a
    share of the room in proportion to it (at least MIN_COLUMN); None if nothing fits."""
    if sum(natural) <= room:
        return list(natural)
    if MIN_COLUMN * len(natural) > room:
        return None
    total = sum(natural)
    widths = [max(MIN_COLUMN, min(n, room * n // total)) for n in natural]
    while sum(widths) > room:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    for i in sorted(range(len(widths)), key=lambda i: natural[i] - widths[i], reverse=True):
        widths[i] += min(natural[i] - widths[i], room - sum(widths))
    return widths


def _table(rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """Aligned columns that wrap; a table too wide for that becomes one line per cell."""
    header, body = rows[0], rows[1:]
    count = len(header)
    natural = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(count)]
    widths = _widths(natural, width - 2 * (count - 1))
    if widths is None:
        return _table_as_lines(header, body, width)
    found: list[str] = []
    for index, row in enumerate(rows):
        cells = [
            textwrap.wrap(row[i] if i < len(row) else "", widths[i], break_long_words=True) or [""]
            for i in range(count)
        ]
        for line in range(max(len(c) for c in cells)):
            pieces = [
                (c[line] if line < len(c) else "").ljust(w)
                for c, w in zip(cells, widths, strict=True)
            ]
            found.append("  ".join(pieces).rstrip())
        if index == 0:
            found.append("  ".join("-" * w for w in widths))
    return found


def _table_as_lines(header: Sequence[str], body: Sequence[Sequence[str]], width: int) -> list[str]:
    found: list[str] = []
    for row in body:
        for name, cell in zip(header, row, strict=False):
            found += _wrap(f"{name}: {cell}", width, "", "  ")
        found.append("")
    return found[:-1]


Unit = list[object]
"""One unit of text: ``["text", gap, first, rest, words]`` (wrapped, ``first`` and ``rest``
the indents of its first and other lines), ``["pre", gap, lines]`` (as it is) or
``["table", gap, indent, rows]``; ``gap`` is whether a blank line comes before it. Stored,
the words of a unit or a table cell that are a line of the article's plain text (the text
search reads, stored once) are that line's number instead (see ``shared``)."""


def shared(found: Sequence[Unit], text: str) -> list[Unit]:
    """``found`` with each words or cell that is a whole line of ``text`` replaced by the
    number of that line, so that the store keeps the words once (``resolved`` undoes it)."""
    numbers: dict[str, int] = {}
    for number, line in enumerate(text.split("\n")):
        numbers.setdefault(line, number)
    return _each_words(
        found, lambda words: numbers.get(words, words) if isinstance(words, str) else words
    )


def resolved(stored: Sequence[Unit], text: str) -> list[Unit]:
    """The units ``shared`` stored, with the lines of ``text`` put back."""
    lines = text.split("\n")
    return _each_words(
        stored,
        lambda words: lines[words] if isinstance(words, int) and 0 <= words < len(lines) else words,
    )


def _each_words(found: Sequence[Unit], change: Callable[[object], object]) -> list[Unit]:
    """The units with ``change`` applied to the words of each text unit and table cell."""
    out: list[Unit] = []
    for unit in found:
        if unit[0] == "text":
            out.append([*unit[:4], change(unit[4])])
        elif unit[0] == "table":
            rows = [[change(cell) for cell in _items(row)] for row in _items(unit[3])]
            out.append([*unit[:3], rows])
        else:
            out.append(list(unit))
    return out


def units(source: str | Sequence[Token]) -> list[Unit]:
    """``source`` (Markdown, or its tokens from markup.parser) as units of text (see
    ``Unit``), for ``layout``."""
    from fsgs_cli.markup import parser

    tokens = parser().parse(source) if isinstance(source, str) else source
    out: list[Unit] = []
    lists: list[list[int]] = []  # for each open list: [next number] or [] when bulleted
    quote = 0
    table: list[list[str]] | None = None
    row: list[str] = []
    item_first = False
    gap = False  # a blank line before the next list (after its paragraph)

    for token in tokens:
        kind = token.type
        indent = "  " * quote + "  " * max(len(lists) - 1, 0)
        if kind == "inline" and table is not None:
            row.append(_inline(token))
        elif kind == "inline":
            text = _inline(token)
            if lists and item_first:
                marker = f"{lists[-1][0]}. " if lists[-1] else "- "
                if lists[-1]:
                    lists[-1][0] += 1
                out.append(["text", gap, indent + marker, indent + " " * len(marker), text])
                item_first = gap = False
            elif lists:
                out.append(["text", False, indent + "  ", indent + "  ", text])
            else:
                out.append(["text", True, indent, indent, text])
        elif kind in ("bullet_list_open", "ordered_list_open"):
            gap = not lists
            start = [int(token.attrGet("start") or 1)] if kind == "ordered_list_open" else []
            lists.append(start)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_first = True
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind in ("fence", "code_block"):
            lines = [indent + "    " + line for line in token.content.rstrip("\n").splitlines()]
            out.append(["pre", True, lines])
        elif kind == "table_open":
            table = []
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table is not None:
            table.append(row)
        elif kind == "table_close" and table is not None:
            if table:
                out.append(["table", True, indent, table])
            table = None
    return out


def layout(found: Sequence[Unit], width: int = READING_WIDTH) -> str:
    """The units wrapped to ``width`` columns, as text."""
    lines: list[str] = []
    for unit in found:
        kind, gap = unit[0], bool(unit[1])
        if gap and lines and lines[-1] != "":
            lines.append("")
        if kind == "text":
            first, rest, text = str(unit[2]), str(unit[3]), str(unit[4])
            lines += _wrap(text, width, first, rest)
        elif kind == "pre":
            lines += _strings(unit[2])
        elif kind == "table":
            indent = str(unit[2])
            rows = [_strings(r) for r in _items(unit[3])]
            lines += [indent + line for line in _table(rows, width - len(indent))]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def markdown_text(source: str, width: int = READING_WIDTH) -> str:
    """``source`` (Markdown) as plain text wrapped to ``width`` columns."""
    return layout(units(source), width)
