"""Exports as a person prints them: HTML to PDF in headless Chromium, then read back.

Needs Debian's ``chromium``. Without it these tests are skipped, unless
FSGS_REQUIRE_CHROMIUM is set (as .ci/run does), when they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from fsgs_cli.cli import app

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
# Started as the machine allows (root, no GPU, no display) and kept off the network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
]

if CHROMIUM is None and os.environ.get("FSGS_REQUIRE_CHROMIUM"):
    raise RuntimeError("FSGS_REQUIRE_CHROMIUM is set but chromium is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")


def print_to_pdf(html: Path, tmp_path: Path) -> list[str]:
    """Print ``html`` as Chromium would, and return the text of each page."""
    assert CHROMIUM is not None
    pdf = tmp_path / (html.stem + ".pdf")
    subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


def export(store: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(app, ["--db", str(store), "export", *args, "-o", str(out)])
    assert result.exit_code == 0, result.stderr


def json_of(store: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", str(store), *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_each_part_starts_a_new_page(golden_store: Path, tmp_path: Path) -> None:
    html = tmp_path / "visit.html"
    export(golden_store, html, "filters", "protein-in-the-urine", "salt", "-q", "Can I swim?")

    pages = print_to_pdf(html, tmp_path)

    # Title page, one page per (short) article, the glossary, the questions.
    assert len(pages) == 6, pages
    title, first, second, third, glossary, questions = pages
    assert title.startswith("FSGS: reading for my appointment")
    assert "What is included" in title and "store version" in title
    assert first.startswith("FSGS › Basics › Filters and scars Filters and scars")
    assert second.startswith("FSGS › Basics › Protein in the urine Protein in the urine")
    assert third.startswith("FSGS › Everyday care › Salt and swelling Salt and swelling")
    assert glossary.startswith("Words used in these articles")
    assert questions.startswith("Questions to ask your care team My own questions")
    assert "Can I swim?" in questions and "Please note." in questions
    # Printed links show where they go; links inside the document do not.
    assert "KDIGO guideline (https://kdigo.org/guidelines/gd/)" in first
    assert "Reviewed 1 October 2026" in first
    assert "(#" not in " ".join(pages)


def test_causes_and_two_related_articles_print_for_the_appointment(
    store_path: Path, tmp_path: Path
) -> None:
    related = json_of(store_path, "related", "causes")["related"]
    picked = [r["slug"] for r in related[:2]]
    html = tmp_path / "visit.html"
    export(store_path, html, "causes", *picked)

    pages = print_to_pdf(html, tmp_path)

    text = " ".join(pages)
    titles = [json_of(store_path, "read", slug)["title"] for slug in ["causes", *picked]]
    assert pages[0].startswith("FSGS: reading for my appointment")
    for title in titles:
        assert title in pages[0]
        assert any(page.startswith("FSGS › ") and f" {title} " in page[:200] for page in pages)
    assert all(page.strip() for page in pages), "no blank pages"
    assert "KDIGO 2021 Clinical Practice Guideline" in text
    assert "(https://kdigo.org/guidelines/gd/)" in text
    assert "Words used in these articles" in text and "podocyte:" in text
    assert "Questions to ask your care team" in text
    assert "Which group do you think my FSGS belongs to, and why?" in text
    assert "Please note." in pages[-1] and "fsgs read urgent." in pages[-1]


def test_the_visit_pack_prints_on_one_sheet(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A diary of a few weeks, two articles' questions and one of the reader's own: the
    readings, their charts and what they show fit the first A4 page; the pack ends within
    two, with the disclaimer."""
    runner = CliRunner()
    for date, measure, value, unit in [
        ("2026-10-01", "upcr", "310", "mg/mmol"),
        ("2026-10-15", "upcr", "180", "mg/mmol"),
        ("2026-11-01", "upcr", "95", "mg/mmol"),
        ("2026-10-01", "egfr", "58", None),
        ("2026-11-01", "egfr", "61", None),
        ("2026-11-02", "dipstick", "trace", None),
        ("2026-11-03", "bp", "128/82", None),
    ]:
        args = ["diary", "add", measure, value, "--date", date]
        result = runner.invoke(app, args + (["--units", unit] if unit else []))
        assert result.exit_code == 0, result.stderr
    html = tmp_path / "visit.html"
    export(store_path, html, "--visit", "--pick", "urine-tests", "-q", "Can I swim?")
    pages = print_to_pdf(html, tmp_path)
    assert len(pages) <= 2, [p[:80] for p in pages]
    first = pages[0]
    for part in ("My recent readings", "2026-10-15", "What the recorded days show", "partial"):
        assert part in first, part
    assert "upcr (mg/mmol)" in first, "the chart's name is printed as text"
    whole = " ".join(pages)
    assert "Can I swim?" in whole
    assert "Which test will you use to follow my protein" in whole
    assert "Pages cited" in whole
    assert "Please note. fsgs explains FSGS" in pages[-1]
