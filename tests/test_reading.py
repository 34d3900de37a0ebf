"""Reading anywhere: plain text without Markdown markers, escape codes or box drawing; a
reading width; the pager for long output, with the reader's LESS kept; and topic names
read and exported as topics."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CONTENT, on_terminal
from fsgs_cli.cli import app
from fsgs_cli.markup import parser
from fsgs_cli.plaintext import READING_WIDTH, markdown_text
from fsgs_cli.render.pager import HINT

ESCAPE_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\")
BOX_RE = re.compile(r"[\u2500-\u257f]")
MARKDOWN_RE = re.compile(r"\*\*|__|^#{1,6} |\]\(|^\s*\|.*\|\s*$|^\s*\* ", re.M)


def long_lines(text: str, width: int) -> list[str]:
    """Lines wider than ``width`` that could have been wrapped (not one long address)."""
    return [line for line in text.splitlines() if len(line) > width and " " in line.strip()]


@pytest.mark.parametrize("columns", [60, 200])
@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({"NO_COLOR": "1"}, []),
        ({"TERM": "dumb"}, []),
        ({}, ["--plain"]),
    ],
    ids=["NO_COLOR", "TERM=dumb", "--plain"],
)
def test_plain_text_on_a_terminal(
    store_path: Path, columns: int, env: dict[str, str], args: list[str]
) -> None:
    """An article with a table, lists and links, on a real terminal."""
    shown = on_terminal(
        store_path, [*args, "read", "ckd-stages", "--no-pager"], {**env, "COLUMNS": str(columns)}
    )
    assert "\x1b" not in shown
    assert not BOX_RE.search(shown)
    assert not MARKDOWN_RE.search(shown), MARKDOWN_RE.search(shown)
    assert long_lines(shown, min(columns, READING_WIDTH)) == []
    assert "Stage  eGFR" in shown, "the table is aligned columns"
    assert "- G (1 to 5) comes from your eGFR" in shown, "a list item starts with -"
    assert "(fsgs read blood-tests)" in shown, "a link to an article says how to open it"


def test_piped_articles_are_plain_text_too(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(store_path), "read", "pain-relief"])
    assert result.exit_code == 0
    text = result.stdout
    assert not MARKDOWN_RE.search(text) and not BOX_RE.search(text)
    assert long_lines(text, READING_WIDTH) == []


@pytest.mark.parametrize("columns", [60, 200])
def test_styled_prose_keeps_a_reading_width(store_path: Path, columns: int) -> None:
    shown = on_terminal(
        store_path, ["read", "what-is-fsgs", "--no-pager"], {"COLUMNS": str(columns)}
    )
    assert "\x1b[" in shown, "styled on a colour terminal"
    plain = ESCAPE_RE.sub("", shown)
    assert max(len(line) for line in plain.splitlines()) <= min(columns, READING_WIDTH)


def test_a_link_that_names_itself_is_shown_once(runner: CliRunner, store_path: Path) -> None:
    text = runner.invoke(app, ["--db", str(store_path), "read", "urgent"]).stdout
    assert "peritonitis (fsgs read" not in text
    assert "possible peritonitis" in text


def test_every_link_between_pages_can_be_followed() -> None:
    """In plain text a link becomes "(fsgs read TARGET)" unless its text names it, so every
    link between pages must target an article, or name its glossary term itself."""
    slugs = {path.stem for path in (CONTENT / "articles").glob("*.md")}
    problems = []
    for path in sorted((CONTENT / "articles").glob("*.md")):
        body = path.read_text("utf-8").split("\n---\n", 1)[1]
        for token in parser().parse(body):
            children = token.children or []
            for i, child in enumerate(children):
                href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
                if not href or href.startswith("http") or href in slugs:
                    continue
                label = children[i + 1].content if i + 1 < len(children) else ""
                if "(fsgs read" in markdown_text(f"[{label}]({href})"):
                    problems.append(f"{path.name}: [{label}]({href})")
    assert problems == []


@pytest.mark.parametrize(
    ("markdown", "width", "expected"),
    [
        (
            "# Title\n\nSome *soft* and **strong** words.",
            88,
            "Title\n\nSome soft and strong words.\n",
        ),
        ("- one\n- two\n\n1. first\n2. second", 88, "- one\n- two\n\n1. first\n2. second\n"),
        ("[NHS](https://www.nhs.uk/)", 88, "NHS (https://www.nhs.uk/)\n"),
        ("[https://a.org](https://a.org)", 88, "https://a.org\n"),
        ("a b c d e f g h i j k l", 10, "a b c d e\nf g h i j\nk l\n"),
        (
            "| A | B |\n| --- | --- |\n| one | two words |",
            88,
            "A    B\n---  ---------\none  two words\n",
        ),
    ],
)
def test_markdown_as_text(markdown: str, width: int, expected: str) -> None:
    assert markdown_text(markdown, width) == expected


def test_a_table_too_wide_for_columns_becomes_lines() -> None:
    table = "| Name | What it means |\n| --- | --- |\n| G3a | Mildly to moderately decreased |"
    assert (
        markdown_text(table, 12)
        == "Name: G3a\nWhat it\n  means:\n  Mildly to\n  moderately\n  decreased\n"
    )


# -- the pager ---------------------------------------------------------------------------------


@pytest.fixture
def fake_pager(tmp_path: Path) -> Path:
    """A pager that records what it was given and its LESS setting, then quits."""
    script = tmp_path / "pager.sh"
    script.write_text(
        f'#!/bin/sh\nprintf "%s" "$LESS" > "{tmp_path}/less"\ncat > "{tmp_path}/paged"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.parametrize(
    "command",
    [["glossary"], ["map"], ["read", "ckd-stages"], ["search", "kidney", "--limit", "40"]],
    ids=" ".join,
)
@pytest.mark.parametrize("plain", [False, True], ids=["styled", "plain"])
def test_long_output_goes_through_the_pager(
    store_path: Path, fake_pager: Path, command: list[str], plain: bool
) -> None:
    env = {"PAGER": str(fake_pager), "LESS": "-i", "LINES": "20"}
    if plain:
        env["NO_COLOR"] = "1"
    shown = on_terminal(store_path, command, env)
    paged = (fake_pager.parent / "paged").read_text("utf-8")
    assert shown.strip() == "", "everything went to the pager"
    assert paged.startswith(HINT + "\n"), "the first screen says how to quit"
    assert (fake_pager.parent / "less").read_text() == "-i -R", "the reader's LESS, plus -R"


def test_fsgs_pager_wins_and_no_pager_prints(store_path: Path, fake_pager: Path) -> None:
    env = {"PAGER": "/nonexistent/pager", "FSGS_PAGER": str(fake_pager), "LINES": "20"}
    on_terminal(store_path, ["glossary"], env)
    assert (fake_pager.parent / "less").read_text() == "FRX", "LESS unset: FRX"
    os.remove(fake_pager.parent / "paged")
    shown = on_terminal(store_path, ["glossary", "--no-pager"], env)
    assert not (fake_pager.parent / "paged").exists()
    assert "podocyte" in shown


def test_short_output_and_pipes_are_never_paged(
    runner: CliRunner, store_path: Path, fake_pager: Path
) -> None:
    on_terminal(store_path, ["topics"], {"PAGER": str(fake_pager), "LINES": "50"})
    assert not (fake_pager.parent / "paged").exists()
    result = runner.invoke(
        app, ["--db", str(store_path), "glossary"], env={"PAGER": str(fake_pager)}
    )
    assert result.exit_code == 0 and not (fake_pager.parent / "paged").exists()


# -- topic names ---------------------------------------------------------------------------------


def test_reading_a_topic_lists_its_articles(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(store_path), "read", "symptoms"])
    assert result.exit_code == 0
    assert result.stderr.startswith("fsgs: 'symptoms' is a topic")
    assert "fsgs topics symptoms" in result.stderr
    listed = runner.invoke(app, ["--db", str(store_path), "topics", "symptoms"]).stdout
    assert result.stdout == listed
    as_json = runner.invoke(app, ["--db", str(store_path), "read", "symptoms", "--json"])
    assert json.loads(as_json.stdout)[0]["slug"] == "symptoms"


def test_an_article_name_still_reads_the_article(runner: CliRunner, store_path: Path) -> None:
    """ "causes" is a topic and an article's alias: reading it reads the article."""
    result = runner.invoke(app, ["--db", str(store_path), "read", "causes"])
    assert result.stdout.startswith("FSGS › Causes › What causes FSGS")
    assert result.stderr == ""


def test_export_takes_topics_and_says_what_it_gathered(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pack.md"
    result = runner.invoke(
        app, ["--db", str(store_path), "export", "symptoms", "vaccines", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    topics = json.loads(runner.invoke(app, ["--db", str(store_path), "topics", "--json"]).stdout)
    symptoms = next(t for t in topics if t["slug"] == "symptoms")["articles"]
    assert result.stderr == (
        f"fsgs: Gathered the topic symptoms ({len(symptoms)} articles), vaccines.\n"
    )
    assert result.stdout.startswith(f"Wrote {out}: {len(symptoms) + 1} articles")


def test_the_emergency_banner_is_on_the_first_page(store_path: Path, fake_pager: Path) -> None:
    """Plain output on a terminal: the banner search writes to stderr goes first into the
    pager, not above it where the pager would hide it."""
    env = {"PAGER": str(fake_pager), "NO_COLOR": "1", "LINES": "10"}
    on_terminal(store_path, ["search", "chest pain", "--limit", "30"], env, with_stderr=True)
    paged = (fake_pager.parent / "paged").read_text("utf-8").splitlines()
    assert paged[0] == HINT
    assert paged[1].startswith("fsgs: If this is an emergency")


def test_a_near_miss_of_a_topic_suggests_it(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(store_path), "read", "sympt"])
    assert result.exit_code == 1
    assert "Did you mean: symptoms" in result.stderr


def test_styled_search_snippets_stay_on_one_line(store_path: Path) -> None:
    shown = on_terminal(store_path, ["search", "foamy pee", "--limit", "3"], {"COLUMNS": "60"})
    lines = ESCAPE_RE.sub("", shown).splitlines()
    snippets = [line for line in lines if line.startswith("      ")]
    assert len(snippets) == 3
    assert all(len(line) <= 60 and line.endswith("…") for line in snippets), snippets


@pytest.mark.parametrize("width", [24, 60, READING_WIDTH])
def test_stored_layout_reads_as_the_article_does(store_path: Path, width: int) -> None:
    """The store keeps each line of plain text once: the layout refers to the lines search
    reads. Put back together, every article wraps exactly as its Markdown does."""
    from fsgs_cli.plaintext import layout, resolved
    from fsgs_cli.store import Store

    store = Store.open(store_path)
    shared = 0
    try:
        for (article_id,) in store.conn.execute("SELECT id FROM articles"):
            page = store.article(article_id)
            stored = json.loads(page.layout)
            shared += sum(1 for unit in stored if unit[0] == "text" and isinstance(unit[4], int))
            shown = markdown_text(page.body, width)
            assert layout(resolved(stored, page.text), width) == shown, page.slug
    finally:
        store.close()
    assert shared > 1000  # most paragraphs are stored once, as search's lines
