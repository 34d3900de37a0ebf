"""fsgs export and read --format: golden documents, safety and errors.

The golden files in tests/golden/ are exports of the small content pack in
tests/golden/content/. After an intended change to the documents, regenerate them with

    FSGS_UPDATE_GOLDEN=1 uv run pytest tests/test_export.py

and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOLDEN, article, markdown_links, write_content
from fsgs_cli import export as export_module
from fsgs_cli.build import build
from fsgs_cli.cli import app

UPDATE = bool(os.environ.get("FSGS_UPDATE_GOLDEN"))
CSS = Path(export_module.__file__).with_name("export.css")

CASES = {
    "one": ["export", "filters"],
    "several": ["export", "filters", "protein-in-the-urine", "salt", "-q", "Can I swim?"],
    "topic": ["export", "--topic", "basics"],
}


def export(runner: CliRunner, store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(store), *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("suffix", ["html", "md"])
@pytest.mark.parametrize("case", list(CASES))
def test_golden_documents(
    runner: CliRunner, golden_store: Path, tmp_path: Path, case: str, suffix: str
) -> None:
    out = tmp_path / f"{case}.{suffix}"
    code, stdout, stderr = export(runner, golden_store, *CASES[case], "-o", str(out))
    assert code == 0, stderr
    assert stdout.startswith(f"Wrote {out}: ")
    expected = GOLDEN / f"{case}.{suffix}"
    written = out.read_text(encoding="utf-8")
    # The golden files hold the content; the style sheet is export.css's and checked there.
    style = f"<style>\n{CSS.read_text(encoding='utf-8')}</style>"
    if suffix == "html":
        assert written.count(style) == 1, "the style sheet is embedded once, whole"
        written = written.replace(style, "<style>/* export.css */</style>")
    if UPDATE:
        expected.write_text(written, encoding="utf-8")
    assert written == expected.read_text(encoding="utf-8"), "regenerate: FSGS_UPDATE_GOLDEN=1"


def test_same_store_and_arguments_give_the_same_bytes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even across two builds of the store."""
    outputs = []
    for name in ("first", "second"):
        store = tmp_path / f"{name}.db"
        build(GOLDEN / "content", store)
        out = tmp_path / f"{name}.html"
        assert export(runner, store, *CASES["several"], "-o", str(out))[0] == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_document_order_and_contents(runner: CliRunner, golden_store: Path) -> None:
    code, text, _ = export(runner, golden_store, *CASES["several"], "--format", "markdown")
    assert code == 0
    order = [
        "# FSGS: reading for my appointment",
        "## What is included",
        "Content reviewed up to 2 November 2026 · store version ",
        "FSGS › Basics › Filters and scars",
        "## Filters and scars",
        "### Sources",
        "Reviewed 1 October 2026",
        "## Protein in the urine",
        "## Salt and swelling",
        "## Words used in these articles",
        "## Questions to ask your care team",
        "### My own questions",
        "- Can I swim?",
        "### From “Filters and scars”",
        "### From “Protein in the urine”",
        "### From “Salt and swelling”",
        "**Please note.** fsgs explains FSGS",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, at in zip(order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    # Each question once, gathered at the end and not left in its article.
    assert text.count("How much protein is in my urine?") == 1
    assert text.count("## Questions to ask your care team") == 1
    assert "(4 terms)" not in text and "(3 terms)" in text  # dialysis is not used
    assert "**dialysis**" not in text


def test_topic_export_is_in_reading_order(runner: CliRunner, golden_store: Path) -> None:
    code, listing, _ = export(runner, golden_store, "topics", "basics", "--json")
    titles = [a["title"] for a in json.loads(listing)[0]["articles"]]
    code, text, _ = export(runner, golden_store, "export", "--topic", "basics")
    assert code == 0
    assert text.startswith("# FSGS: Basics\n\nWhat FSGS is and what it does to the kidney.")
    found = [text.index(f"\n## {title}\n") for title in titles]
    assert found == sorted(found)
    assert "## Salt and swelling" not in text


def test_html_is_self_contained_and_links_stay_inside(
    runner: CliRunner, golden_store: Path
) -> None:
    code, page, _ = export(runner, golden_store, *CASES["several"], "--format", "html")
    assert code == 0
    assert page.startswith("<!doctype html>")
    assert "<script" not in page.lower()
    assert not re.search(r"\s(src|srcset|data|poster|background)=", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page
    assert "@media print" in page and "break-before: page" in page
    assert 'content: " (" attr(href) ")"' in page
    assert 'name="viewport"' in page
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    for href in re.findall(r'href="([^"]*)"', page):
        assert href.startswith(("https://", "http://", "#")), href
        if href.startswith("#"):
            assert href[1:] in ids, href
    # A link to an included article jumps to it; the glossary link to the glossary.
    assert '<a href="#article-protein-in-the-urine">Protein in the urine</a>' in page
    assert '<a href="#glossary">podocyte</a>' in page


def test_links_to_articles_left_out_become_text(runner: CliRunner, golden_store: Path) -> None:
    code, page, _ = export(runner, golden_store, "export", "protein", "--format", "html")
    assert code == 0
    assert "see Salt." in page
    assert 'href="salt-and-swelling"' not in page and "#article-salt" not in page


def test_markdown_export_reads_back_safely(runner: CliRunner, golden_store: Path) -> None:
    code, text, _ = export(runner, golden_store, *CASES["several"], "--format", "markdown")
    assert code == 0
    assert markdown_links(text) == (
        {"https://kdigo.org/guidelines/gd/", *source_urls()},
        [],
    )


def source_urls() -> set[str]:
    return {
        "https://www.niddk.nih.gov/health-information/kidney-disease/focal-segmental-glomerulosclerosis",
        "https://www.nhs.uk/conditions/proteinuria/",
        "https://www.nhs.uk/conditions/nephrotic-syndrome/",
    }


HOSTILE_BODY = """\
Plain words. <script>alert("body")</script> and <img src=x onerror="alert(1)">.
[a trap](javascript:alert(1)) and [another](JAVASCRIPT:alert(2)) and <javascript:alert(3)>.
[data](data:text/html;base64,PHNjcmlwdD4=) and [file](file:///etc/passwd).
![tracker](https://evil.example/pixel.png) \x1b[31mred\x1b[0m \x1b]0;pwned\x07
<div onclick="steal()">a block</div>

## Questions to ask your care team

- Is <script>alert("q")</script> safe?
- What about [this](javascript:alert(4))?
"""


@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    content = write_content(
        tmp_path / "content",
        {
            "evil.md": article(
                1,
                "evil",
                title='"<b onmouseover=alert(1)>Bold</b> *stars* [x](javascript:y)"',
                body=HOSTILE_BODY,
            ),
        },
    )
    store = tmp_path / "articles.db"
    build(content, store)
    return store


def test_hostile_article_is_inert_in_html(runner: CliRunner, hostile_store: Path) -> None:
    code, page, _ = export(runner, hostile_store, "export", "evil", "--format", "html")
    assert code == 0
    body = page.split("</style>", 1)[1]
    assert "<script" not in body.lower()
    assert "<img" not in body and "<div onclick" not in body and "<b " not in body
    assert "&lt;script&gt;" in body and "&lt;img src=x" in body
    for href in re.findall(r'href="([^"]*)"', body):
        assert href.startswith(("https://", "http://", "#")), href
    assert "pixel.png" not in body  # the image became its alt text
    assert "\x1b" not in page and "\x07" not in page
    assert "tracker" in body and "red" in body


def test_hostile_article_is_inert_in_markdown(runner: CliRunner, hostile_store: Path) -> None:
    code, text, _ = export(runner, hostile_store, "export", "evil", "--format", "markdown")
    assert code == 0
    hrefs, raw = markdown_links(text)
    assert raw == []
    assert hrefs == {"https://example.org/one", "https://example.org/two"}
    assert "\x1b" not in text and "\x07" not in text


def test_own_questions_are_escaped(runner: CliRunner, golden_store: Path) -> None:
    question = "<script>x()</script> [y](javascript:z) \x1b[2J?"
    code, page, _ = export(runner, golden_store, "export", "1", "-q", question, "--format", "html")
    assert code == 0
    assert "&lt;script&gt;x()&lt;/script&gt; [y](javascript:z) [2J?" in page
    code, text, _ = export(runner, golden_store, "export", "1", "-q", question)
    assert markdown_links(text)[1] == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export"], 2, "say what to export"),
        (["export", "1", "-o", "notes.txt"], 2, "cannot tell the format of 'notes.txt'"),
        (["export", "1", "--format", "pdf"], 2, "Invalid value for '--format'"),
        (["export", "1", "-o", "missing/visit.html"], 2, "the folder 'missing' does not exist"),
        (["export", "1", "-o", "."], 2, "it is a folder"),
        (["export", "fliters", "-o", "visit.html"], 1, "Did you mean: filters"),
        (["export", "--topic", "nope", "-o", "visit.html"], 1, "no topic"),
    ],
)
def test_export_errors(
    runner: CliRunner,
    golden_store: Path,
    chdir_tmp: Path,
    args: list[str],
    code: int,
    message: str,
) -> None:
    got, stdout, stderr = export(runner, golden_store, *args)
    assert got == code
    assert stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fsgs: ") and message in lines[0], stderr
    assert list(chdir_tmp.iterdir()) == []  # nothing written, no temporary files


def test_a_failed_export_leaves_the_old_file(
    runner: CliRunner, golden_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "visit.html"
    out.write_text("my notes", encoding="utf-8")
    code, _, _ = export(runner, golden_store, "export", "nosuch", "-o", str(out))
    assert code == 1
    assert out.read_text(encoding="utf-8") == "my notes"
    assert export(runner, golden_store, "export", "1", "-o", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["visit.html"]


def test_exported_file_has_ordinary_permissions(
    runner: CliRunner, golden_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "visit.md"
    old = os.umask(0o022)
    try:
        assert export(runner, golden_store, "export", "1", "-o", str(out))[0] == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


# -- read --format ------------------------------------------------------------------


def test_read_format_text_is_the_plain_article(runner: CliRunner, golden_store: Path) -> None:
    code, text, _ = export(runner, golden_store, "read", "filters", "--format", "text")
    assert code == 0
    assert text.startswith("FSGS › Basics › Filters and scars\n\nFilters and scars\n\n")
    assert "\x1b" not in text
    assert text == export(runner, golden_store, "read", "filters")[1]


def test_read_format_markdown(runner: CliRunner, golden_store: Path) -> None:
    code, text, _ = export(runner, golden_store, "read", "filters", "--format", "markdown")
    assert code == 0
    assert text.startswith("FSGS › Basics › Filters and scars\n\n## Filters and scars\n\n")
    assert "### Questions to ask your care team\n\n- What does my biopsy show?" in text
    assert "| Foamy urine    | Protein is leaking   |" in text
    assert "1. [KDIGO 2021 Clinical Practice Guideline" in text
    assert text.endswith("Reviewed 1 October 2026 · in fsgs: `fsgs read filters-and-scars`\n")


def test_read_format_json_is_the_json_output(runner: CliRunner, golden_store: Path) -> None:
    as_format = export(runner, golden_store, "read", "1", "--format", "json")
    assert as_format == export(runner, golden_store, "read", "1", "--json")
    assert json.loads(as_format[1])["slug"] == "filters-and-scars"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["read", "1", "--format", "pdf"], "Invalid value for '--format'"),
        (["read", "1", "--json", "--format", "markdown"], "ask for different things"),
    ],
)
def test_read_format_errors(
    runner: CliRunner, golden_store: Path, args: list[str], message: str
) -> None:
    code, stdout, stderr = export(runner, golden_store, *args)
    assert code == 2
    assert stdout == ""
    assert message in stderr and len(stderr.strip().splitlines()) == 1
