"""Shared blocks: content that must read the same on every page that shows it.

Safety advice (the warning signs, the pointer to the sick-day rules) is written once, in
``content/includes/NAME.md``, and an article takes a block with a line of its own::

    {{include: child-warning-signs}}

The build replaces that line with the block, so the store, search and exports hold the
whole page and no page can drift from another. A name with no block, a block inside a
block, an ``{{include`` that is not a line of its own and a block no article uses are
build problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from fsgs_cli.errors import os_reason
from fsgs_cli.text import SLUG_RE

if TYPE_CHECKING:
    from fsgs_cli.content import Problems

INCLUDES_DIR = "includes"
LINE_RE = re.compile(r"^[ \t]*\{\{[ \t]*include[ \t]*:[ \t]*([^{}\n]*?)[ \t]*\}\}[ \t]*$", re.M)
MARK_RE = re.compile(r"\{\{\s*include\b", re.I)


def paths(root: Path) -> list[Path]:
    """The block files, in name order (the content hash reads them too)."""
    folder = root / INCLUDES_DIR
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def load(root: Path, problems: Problems) -> dict[str, str]:
    """Every block by name; the folder is optional."""
    blocks: dict[str, str] = {}
    for path in paths(root):
        where = f"{INCLUDES_DIR}/{path.name}"
        name = path.stem
        if not SLUG_RE.fullmatch(name):
            problems.add(where, "file", f"'{name}' must be lowercase words joined by hyphens")
            continue
        try:
            text = path.read_text(encoding="utf-8").strip()
        except UnicodeDecodeError:
            problems.add(where, "file", "not valid UTF-8")
            continue
        except OSError as exc:
            problems.add(where, "file", f"cannot be read ({os_reason(exc)})")
            continue
        if not text:
            problems.add(where, "file", "empty")
            continue
        if MARK_RE.search(text):
            problems.add(where, "body", "a block cannot include another block")
            continue
        blocks[name] = text
    return blocks


def expand(
    body: str, blocks: Mapping[str, str], where: str, problems: Problems
) -> tuple[str, tuple[str, ...]]:
    """``body`` with each include line replaced by its block, and the names it used."""
    used: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in blocks:
            line = body.count("\n", 0, match.start()) + 1
            problems.add(
                where,
                "body",
                f"line {line}: no block '{name}' (expected {INCLUDES_DIR}/{name}.md)",
            )
            return match.group(0)
        used.append(name)
        return blocks[name]

    expanded = LINE_RE.sub(replace, body)
    if MARK_RE.search(LINE_RE.sub("", body)):
        problems.add(where, "body", "an include must be a line of its own: {{include: NAME}}")
    return expanded, tuple(dict.fromkeys(used))


def own_text(body: str) -> str:
    """An article's source body without its include lines: the words it says itself."""
    return LINE_RE.sub("", body)


def check_used(blocks: Iterable[str], used: Iterable[str], problems: Problems) -> None:
    """A block that no article includes is a problem: it is either stale or forgotten."""
    for name in sorted(set(blocks) - set(used)):
        problems.add(f"{INCLUDES_DIR}/{name}.md", "file", "not included by any article")
