"""Every command of fsgs, with its arguments, options, help and examples, declared once.

Everything else is derived from this table:

- the fast path (entry.py) parses the common commands with it, without loading Typer;
- the Typer app (cli.py) is generated from it, for usage errors, shell completion and the
  rarer commands;
- ``--help`` and the README's help blocks are written from it (helptext.py), by both
  paths alike; the man page can be too.

Why a table and a fast path rather than Typer alone: importing Typer costs more than the
rest of a search put together. In bench/startup.py a trivial Typer app that prints one line
took 0.83 times the tldr client's time (December 2026; 1.42 times in an earlier run on a
busier machine), so "Typer for everything", however lazy its imports, cannot meet the
start-up target of 0.55 times the tldr client for search and read. A table from which the
Typer app is generated lets the fast path meet it with the same declaration.

The table is plain classes with no typing machinery, so that reading it costs next to
nothing at start-up.
"""

from __future__ import annotations

from fsgs_cli.spec.articles import (
    ARTICLE_COMMANDS,
    COMPLETION_OPTIONS,
    DB,
    DB_COMMANDS,
    HELP_NAMES,
    LONG_HELP,
    PLAIN,
    PROGRAM,
    ROOT_EXAMPLES,
    ROOT_HELP,
    ROOT_OPTIONS,
    SERVE,
    SUMMARY,
    VERSION,
)
from fsgs_cli.spec.health import HEALTH_COMMANDS
from fsgs_cli.spec.model import Argument, Command, Group, Option

__all__ = [
    "COMMANDS",
    "COMPLETION_OPTIONS",
    "DB",
    "GROUPS",
    "HELP_NAMES",
    "LONG_HELP",
    "PLAIN",
    "PROGRAM",
    "ROOT_EXAMPLES",
    "ROOT_HELP",
    "ROOT_OPTIONS",
    "SUMMARY",
    "VERSION",
    "Argument",
    "Command",
    "Group",
    "Option",
    "find",
    "group",
]

COMMANDS = ARTICLE_COMMANDS + HEALTH_COMMANDS + (SERVE,) + DB_COMMANDS
GROUPS = (
    Group(
        ("db",),
        "Build and inspect the article store.",
        ("fsgs db build", "fsgs db check", "fsgs db info --json"),
    ),
    Group(
        ("calc",),
        "What a kidney number means: eGFR from creatinine, and urine protein or albumin.",
        (
            "fsgs calc egfr --creatinine 1.1 --age 40 --sex female",
            "fsgs calc upcr 250 --units mg/mmol",
            "fsgs calc acr 30 --units mg/g --json",
        ),
    ),
    Group(
        ("diary",),
        "Your own numbers, kept in a private file on this computer.",
        (
            "fsgs diary add dipstick 3+",
            "fsgs diary add upcr 250 --units mg/mmol --date 2026-12-01",
            "fsgs diary show",
            "fsgs diary status",
        ),
    ),
)


def group(words: tuple[str, ...] | list[str]) -> Group | None:
    """The group these words name, if any."""
    wanted = tuple(words)
    return next((g for g in GROUPS if g.words == wanted), None)


def find(words: tuple[str, ...] | list[str]) -> Command | None:
    """The command these words name, if any."""
    wanted = tuple(words)
    return next((c for c in COMMANDS if c.words == wanted), None)
