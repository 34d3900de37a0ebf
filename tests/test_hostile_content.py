"""A content pack from someone else, with escape sequences, Rich markup, HTML and
``javascript:`` links in it: on the terminal, all of it is inert text.

Control characters are removed (plain and styled output) or escaped (JSON); Rich markup
and HTML are shown as the text they are. Styled output has Rich's own colour codes (SGR)
and hyperlinks (OSC 8, http and https only), and no other escape sequence.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEADLINE, markdown_links, on_terminal, write_content
from fsgs_cli.build import build
from fsgs_cli.cli import app
from fsgs_cli.errors import BuildError

ESC_RED = "\x1b[31m"
OSC_TITLE = "\x1b]0;pwned\x07"
C1_CSI = "\x9b5m"
MARKUP = "[blink]x[/blink]"
HTML = "<script>alert(1)</script>"
HOSTILE = f"{ESC_RED}red{OSC_TITLE} {MARKUP} {HTML}{C1_CSI}"
# The same in YAML, which takes control characters only as escapes in double quotes.
HOSTILE_YAML = '"\\e[31mred\\e]0;pwned\\a [blink]x[/blink] <script>alert(1)</script>\\x9b5m"'
INERT = "[31mred]0;pwned [blink]x[/blink] <script>alert(1)</script>5m"
FORGED_TOPIC = f"basics{OSC_TITLE}{MARKUP}"

TOPICS = f"""\
- slug: basics
  title: {HOSTILE_YAML}
  description: {HOSTILE_YAML}
  order: 1
"""

GLOSSARY = f"""\
- term: podocyte
  definition: {HOSTILE_YAML}
  see_also: [{HOSTILE_YAML}]
- term: {HOSTILE_YAML}
  definition: A term with everything in it.
"""

BODY = f"""\
The podocyte {ESC_RED}sits{OSC_TITLE} on the filter. {MARKUP}

## Heading {ESC_RED}with escapes{OSC_TITLE} and {MARKUP}

{HTML}

<img src=x onerror=alert(1)>

A [link](javascript:alert(1)) and \x1b]8;;https://evil.example\x1b\\a hidden link\x1b]8;;\x1b\\.

Podocyte text {C1_CSI}with a C1 escape.
"""


def hostile_article(article_id: int, slug: str, url: str, related: str = "[]") -> str:
    return f"""\
---
id: {article_id}
slug: {slug}
title: {HOSTILE_YAML}
topic: basics
summary: {HOSTILE_YAML}
reviewed: 2026-01-01
related: {related}
sources:
  - title: {HOSTILE_YAML}
    url: "{url}"
  - title: Plain source
    url: https://example.org/plain
---
{BODY}"""


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    content = write_content(
        root / "content",
        {
            "one.md": hostile_article(1, "one", "https://example.org/\\e]0;pwned\\a", "[2]"),
            "two.md": hostile_article(2, "two", "https://example.org/two"),
        },
    )
    (content / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (content / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    store = root / "hostile.db"
    build(content, store)
    return store


@pytest.fixture(scope="module")
def forged_store(hostile_store: Path) -> Path:
    """Values the builder would refuse (slugs, dates, javascript: and broken links), put
    straight into a store: a store built by someone else may hold anything."""
    forged = hostile_store.with_name("forged.db")
    shutil.copy(hostile_store, forged)
    conn = sqlite3.connect(forged)
    with conn:
        conn.execute("UPDATE topics SET slug = ?", (FORGED_TOPIC,))
        conn.execute("UPDATE articles SET topic = ?", (FORGED_TOPIC,))
        conn.execute("UPDATE articles SET slug = slug || ?", (f"{ESC_RED}{MARKUP}",))
        conn.execute("UPDATE articles SET reviewed = ?", (f"2026-01-01{OSC_TITLE}{MARKUP}",))
        conn.execute("UPDATE sources SET url = 'javascript:alert(1)' WHERE position = 1")
        conn.execute(
            "UPDATE sources SET url = ? WHERE position = 2",
            (f"https://example.org/a b{OSC_TITLE} [link=https://evil.example]x[/link]",),
        )
        conn.execute("UPDATE related SET reason = ?", (HOSTILE,))
    conn.close()
    return forged


COMMANDS = [
    [],
    ["topics"],
    ["topics", "basics"],
    ["read", "1"],
    ["read", "2"],
    ["search", "podocyte"],
    ["search", "filter", "--topic", "basics"],
    ["related", "1"],
    ["map"],
    ["latest"],
    ["glossary"],
    ["glossary", "podocyte"],
    ["db", "info"],
]
JSON_COMMANDS = [c for c in COMMANDS if c and c != ["db", "info"]] + [["db", "info"]]
# Never styled, even on a terminal: documents and explicit formats.
UNSTYLED = [
    ["read", "1", "--format", "text"],
    ["read", "1", "--format", "markdown"],
    ["export", "1", "2"],
    ["export", "1", "2", "--format", "html"],
]

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
HYPERLINK = re.compile(r"\x1b\]8;[^;\x1b\x07]*;([^\x1b\x07]*)\x1b\\")


def run(store: Path, args: list[str], env: dict[str, str] | None = None) -> tuple[str, str]:
    if store.name == "forged.db":
        args = [FORGED_TOPIC if arg == "basics" else arg for arg in args]
    result = CliRunner().invoke(app, ["--db", str(store), *args], env=env)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout, result.stderr


def inert_plain(text: str) -> None:
    found = CONTROL.search(text)
    assert found is None, repr(text[max(0, found.start() - 40) : found.start() + 40])


def inert_styled(text: str) -> str:
    """Check that the only escape sequences are Rich's own; return the text without them."""
    assert "\x1b[5m" not in text  # blink: from markup, never from fsgs
    for url in HYPERLINK.findall(text):
        assert url == "" or url.startswith(("https://", "http://")), url
        assert not CONTROL.search(url)
    bare = HYPERLINK.sub("", SGR.sub("", text))
    inert_plain(bare)
    return bare


@pytest.fixture(params=["hostile", "forged"])
def store(request: pytest.FixtureRequest, hostile_store: Path, forged_store: Path) -> Path:
    return hostile_store if request.param == "hostile" else forged_store


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_plain_output_is_inert(store: Path, command: list[str]) -> None:
    out, err = run(store, command)
    inert_plain(out)
    inert_plain(err)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_styled_output_is_inert(store: Path, command: list[str]) -> None:
    out, err = run(store, command, {"FORCE_COLOR": "1", "COLUMNS": "100"})
    assert SGR.search(out)
    inert_styled(out)
    inert_plain(err)


@pytest.mark.parametrize("command", UNSTYLED, ids=" ".join)
def test_documents_are_inert_even_when_colour_is_forced(store: Path, command: list[str]) -> None:
    for env in (None, {"FORCE_COLOR": "1"}):
        out, err = run(store, command, env)
        inert_plain(out)
        inert_plain(err)


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_escapes_everything(store: Path, command: list[str]) -> None:
    out, err = run(store, [*command, "--json"])
    inert_plain(out)
    inert_plain(err)
    json.loads(out)


def test_markup_and_html_are_shown_as_text(hostile_store: Path) -> None:
    for env in (None, {"FORCE_COLOR": "1", "COLUMNS": "200"}):
        out, _ = run(hostile_store, ["read", "1", "--no-pager"], env)
        text = inert_styled(out) if env else out
        assert MARKUP in text
        assert HTML in text or not env  # Rich's Markdown leaves raw HTML out: also inert
        assert "javascript:alert(1)" in text  # shown as text, never made a link
        out, _ = run(hostile_store, ["topics"], env)
        assert MARKUP in (inert_styled(out) if env else out)


def test_links_go_only_where_their_text_says(hostile_store: Path, forged_store: Path) -> None:
    out, _ = run(hostile_store, ["read", "1"], {"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert sorted(set(HYPERLINK.findall(out))) == [
        "",  # the end of a link
        "https://example.org/]0;pwned",
        "https://example.org/plain",
    ]
    # A javascript: link and a URL with spaces in it are shown, not linked.
    out, _ = run(forged_store, ["read", "1"], {"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert HYPERLINK.findall(out) == []
    text = inert_styled(out)
    assert "javascript:alert(1)" in text
    assert "https://example.org/a b]0;pwned [link=https://evil.example]x[/link]" in text


def test_cleaned_text_keeps_what_is_printable(hostile_store: Path) -> None:
    out, _ = run(hostile_store, ["topics"])
    assert out == f"basics\t{INERT}\t2\n"
    out, _ = run(hostile_store, ["glossary", "podocyte"])
    assert out == f"podocyte\t{INERT} (see also: {INERT})\n"


def test_json_keeps_the_data_as_it_is(hostile_store: Path) -> None:
    document = json.loads(run(hostile_store, ["read", "1", "--json"])[0])
    assert document["title"] == HOSTILE
    assert document["sources"][0] == {
        "title": HOSTILE,
        "url": "https://example.org/\x1b]0;pwned\x07",
    }
    assert ESC_RED in document["body"]


def test_on_a_real_terminal(forged_store: Path) -> None:
    """Through a pseudo-terminal: what a person would actually see."""
    for command in (["read", "1", "--no-pager"], ["glossary"], ["latest"], []):
        output = on_terminal(forged_store, command, {})
        assert SGR.search(output)
        assert MARKUP in inert_styled(output.replace("\r", ""))


def test_builder_refuses_javascript_links(tmp_path: Path) -> None:
    content = write_content(
        tmp_path / "content", {"one.md": hostile_article(1, "one", "javascript:alert(1)")}
    )
    with pytest.raises(BuildError) as failure:
        build(content, tmp_path / "store.db")
    assert failure.value.problems == [
        f"{content}/articles/one.md: sources[1].url: must be an http(s) URL"
    ]


def test_program_output_is_inert(forged_store: Path) -> None:
    """The real program (its fast path), piped."""
    done = subprocess.run(
        [sys.executable, "-m", "fsgs_cli", "--db", str(forged_store), "read", "1"],
        capture_output=True,
        env={**os.environ},
        check=False,
        timeout=DEADLINE,
    )
    assert done.returncode == 0
    inert_plain(done.stdout.decode())


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_exports_escape_html_and_keep_only_http_links(store: Path, fmt: str) -> None:
    """In a document, markup and scripts from the store are text, and the only links are
    http(s) links and links inside the document."""
    out, _ = run(store, ["export", "1", "2", "-q", HTML, "--format", fmt])
    inert_plain(out)
    if fmt == "html":
        body = out.split("</style>", 1)[1]
        assert "<script" not in body and "<img" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        hrefs = re.findall(r'href="([^"]*)"', body)
    else:
        links, active = markdown_links(out)
        assert active == []
        hrefs = sorted(links)
    if store.name != "forged.db":  # the forged store's only source links are broken ones
        assert any(href.startswith("https://") for href in hrefs)
    for href in hrefs:
        assert href.startswith(("https://", "http://", "#")), href
        assert not CONTROL.search(href) and " " not in href, href
