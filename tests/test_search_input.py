"""Whatever a user types, search answers with results or a clear error, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fsgs_cli import query
from fsgs_cli.cli import app

HOSTILE = [
    '"unbalanced quote',
    '"protein in urine"',
    "kidney AND",
    "OR",
    "kidney OR steroids",
    "NEAR(kidney steroids, 3)",
    "NOT kidney",
    "kid*",
    "*",
    "-kidney",
    "kidney -steroids",
    "((kidney)",
    "title:steroids",
    "body:",
    "{title summary}: kidney",
    "^kidney",
    "kidney + steroids",
    "🩺 kidney 🧪",
    "🩺",
    "'; DROP TABLE articles; --",
    "\x00kidney",
    "\u202ekidney",
    "protein" * 800,
    "kidney " * 1000,
    "a" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_crash(runner: CliRunner, store_path: Path, text: str) -> None:
    for extra in ([], ["--json"]):
        result = runner.invoke(app, ["--db", str(store_path), "search", text, *extra])
        assert result.exit_code in (0, 1, 2), result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        if result.exit_code:
            assert len(result.stderr.strip().splitlines()) == 1


def test_query_words_are_quoted() -> None:
    assert (
        query.parse('kidney "AND" title:x').match_all() == '"kidney" AND "and" AND "title" AND "x"'
    )
    assert query.parse("steroid* OR kidney").match_all() == '("steroid"* OR "kidney")'
    assert query.parse("!!!").match_all() is None


def test_query_drops_stop_words_unless_nothing_is_left() -> None:
    assert query.parse("what is the cause").match_all() == '"cause"'
    assert query.parse("what is").match_all() == '"what" AND "is"'


@pytest.mark.parametrize(
    ("text", "words", "excluded"),
    [
        ("sick-day rules", ["sick", "day", "rules"], []),
        ("co-trimoxazole", ["co", "trimoxazole"], []),
        ("vx-147 trial", ["vx", "147", "trial"], []),
        ("dialysis -transplant", ["dialysis"], ['"transplant"']),
        ("(-steroids) kidney", ["kidney"], ['"steroids"']),
    ],
)
def test_a_hyphen_inside_a_word_joins_and_one_before_a_word_excludes(
    text: str, words: list[str], excluded: list[str]
) -> None:
    parsed = query.parse(text)
    assert [w for t in parsed.terms for w in t.words] == words
    assert parsed.excluded == excluded


@pytest.mark.parametrize(
    ("text", "slug"),
    [("sick-day rules", "sick-day-rules"), ("co-trimoxazole", "immune-medicines-safety")],
)
def test_hyphenated_words_find_their_page(
    runner: CliRunner, store_path: Path, text: str, slug: str
) -> None:
    result = runner.invoke(app, ["--db", str(store_path), "search", text, "--json", "--limit", "3"])
    assert result.exit_code == 0, result.stderr
    assert slug in result.stdout
