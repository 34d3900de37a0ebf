"""The visit pack (fsgs export --visit): the diary's readings, a chart, what the days show,
the reader's questions and the pages cited, in HTML and Markdown; nothing else is touched."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fsgs_cli.cli import app


def fsgs(runner: CliRunner, store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def diary(runner: CliRunner, store_path: Path) -> Path:
    for date, measure, value, unit in [
        ("2026-11-01", "dipstick", "3+", None),
        ("2026-11-02", "dipstick", "3+", None),
        ("2026-11-03", "dipstick", "3+", None),
        ("2026-11-01", "upcr", "260", "mg/mmol"),
        ("2026-11-03", "upcr", "240", "mg/mmol"),
    ]:
        args = ["diary", "add", measure, value, "--date", date]
        code, _, err = fsgs(runner, store_path, *args, *(["--units", unit] if unit else []))
        assert code == 0, err
    return Path(os.environ["FSGS_HOME"]) / "diary.db"


def test_html_pack(runner: CliRunner, store_path: Path, diary: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(store_path.read_bytes()).hexdigest(), diary.read_bytes()
    out = tmp_path / "visit.html"
    code, stdout, err = fsgs(
        runner, store_path, "export", "--visit", "urine-tests", "steroids",
        "--pick", "urine-tests", "-q", "Is this a relapse?", "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert stdout == f"Wrote {out}: 5 recent readings, 6 questions, 2 pages cited.\n"
    page = out.read_text("utf-8")
    assert "<script" not in page and 'http-equiv="Content-Security-Policy"' in page
    assert "<td>2026-11-02</td>" in page and "<td>260 mg/mmol</td>" in page
    chart = re.search(r'<svg class="chart"[^>]*aria-label="([^"]+)"', page)
    assert chart is not None
    assert chart.group(1) == (
        "upcr (mg/mmol): 2 readings from 260 mg/mmol on 2026-11-01 to 240 mg/mmol on 2026-11-03"
    )
    assert "this meets the IPNA definition of a relapse" in page
    assert "This is not a diagnosis" in page
    assert "Is this a relapse?" in page
    # Questions from the picked article only; both articles cited.
    assert "Which test will you use to follow my protein" in page
    assert "From “Steroids" not in page
    cited = page.split('<section class="cited">')[1]
    assert cited.count("<code>fsgs read ") == 2
    assert "<code>fsgs read 10</code>" in cited
    assert (hashlib.sha256(store_path.read_bytes()).hexdigest(), diary.read_bytes()) == before


def test_markdown_pack_says_the_same_without_the_chart(
    runner: CliRunner, store_path: Path, diary: Path
) -> None:
    code, out, _ = fsgs(runner, store_path, "export", "--visit", "urine-tests", "--format", "md")
    assert code == 0
    assert out.startswith("# FSGS: my numbers and questions for this appointment\n")
    assert "| 2026-11-03 | upcr     | 240 mg/mmol |" in out
    assert "## What the recorded days show" in out
    assert "## My questions" in out and "## Pages cited" in out
    assert "<svg" not in out


def test_an_empty_diary_still_makes_a_pack(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = fsgs(runner, store_path, "export", "--visit")
    assert code == 0
    assert "No readings yet: add them with `fsgs diary add`." in out
    assert "Write your questions here before the appointment." in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--pick", "urine-tests"], 2, "add --visit"),
        (["--visit", "--pick", "no-such-page"], 1, "no article matches"),
        (["--visit", "-o", "visit.pdf"], 2, "cannot tell the format"),
    ],
)
def test_visit_errors(
    runner: CliRunner, store_path: Path, args: list[str], code: int, message: str
) -> None:
    found, _, err = fsgs(runner, store_path, "export", *args)
    assert found == code
    assert len(err.splitlines()) == 1 and message in err, err
