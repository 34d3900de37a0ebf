"""Every command, through the CLI, on a store built from the real content."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from fsgs_cli import __version__
from fsgs_cli.cli import app
from fsgs_cli.schema import SCHEMA_VERSION


def run(runner: CliRunner, store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def test_home_screen_lists_topics_start_here_and_disclaimer(
    runner: CliRunner, store_path: Path
) -> None:
    code, out, _ = run(runner, store_path)
    assert code == 0
    assert "basics\tFSGS basics\t" in out
    assert "Start here: fsgs read what-is-fsgs" in out
    assert "fsgs search" in out
    assert "does not diagnose or replace your care team" in out


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"fsgs {__version__}"


def test_topics_lists_every_topic_with_counts(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "topics")
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[0] for r in rows][:3] == ["basics", "safety", "causes"]
    assert all(len(r) == 3 and r[2].isdigit() for r in rows)


def test_topic_lists_its_articles(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "topics", "causes")
    assert code == 0
    assert "4\twhat-causes-fsgs\tWhat causes FSGS\t" in out


def test_read_causes_opens_the_flagship(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "read", "causes")
    assert code == 0
    first = out.splitlines()[0]
    assert first == "FSGS › Causes › What causes FSGS"
    assert "Sources" in out
    assert "Reviewed 20" in out
    assert "Related" in out


def test_read_by_id_slug_alias_and_title_words_agree(runner: CliRunner, store_path: Path) -> None:
    outputs = {
        ref: run(runner, store_path, "read", ref, "--json")[1]
        for ref in ("4", "what-causes-fsgs", "causes", "What causes FSGS", "CAUSES")
    }
    ids = {json.loads(out)["id"] for out in outputs.values()}
    assert ids == {4}


def test_read_by_unambiguous_title_words(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "read", "reflux", "true", "--json")
    assert code == 0
    assert json.loads(out)["slug"] == "reflux-nephropathy"


def test_search_ranks_the_right_article_first(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "search", "proteinuria", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["results"][0]["slug"] == "proteinuria"
    assert "[" in doc["results"][0]["snippet"]


def test_search_plain_output_one_line_per_hit(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "search", "biopsy", "--limit", "3")
    assert code == 0
    rows = out.splitlines()
    assert 1 <= len(rows) <= 3
    assert all(len(row.split("\t")) == 4 for row in rows)


def test_search_topic_filter(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "search", "kidney", "--topic", "treatment", "--json")
    assert code == 0
    results = json.loads(out)["results"]
    assert results
    assert {r["topic"] for r in results} == {"treatment"}


def test_search_falls_back_to_any_word(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "search", "apol1", "zzzzqqq", "--json")
    assert code == 0
    assert json.loads(out)["results"][0]["slug"] == "apol1"


def test_related_lists_curated_first_with_reasons(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "related", "57", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["article"]["id"] == 57
    reasons = [r["reason"] for r in doc["related"]]
    assert reasons[0] == "curated"
    assert any(r.startswith(("shares:", "same topic")) for r in reasons)
    assert 57 not in [r["id"] for r in doc["related"]]


def test_related_plain(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "related", "causes", "-n", "2")
    assert code == 0
    assert len(out.splitlines()) == 2


def test_map_shows_every_article_under_its_topic(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "map")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "FSGS"
    assert "  Causes (causes)" in lines
    assert any(line.strip() == "4  What causes FSGS" for line in lines)


def test_latest_is_sorted_by_review_date(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "latest", "--json")
    assert code == 0
    dates = [a["reviewed"] for a in json.loads(out)]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 10


def test_glossary_whole_and_one_term(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "glossary")
    assert code == 0
    assert len(out.splitlines()) >= 20
    code, out, _ = run(runner, store_path, "glossary", "podocyte")
    assert code == 0
    assert out.startswith("podocyte\t")


def test_db_info(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = run(runner, store_path, "db", "info", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["schema_version"] == SCHEMA_VERSION
    assert len(info["content_hash"]) == 64
    assert info["counts"]["articles"] >= 12
    # No build time is stored; built_at stays for older scripts, with the same date.
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", info["content_date"])
    assert info["built_at"] == info["content_date"]


def test_completion_offers_slugs_and_aliases(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(
        app,
        [],
        env={
            "_FSGS_COMPLETE": "complete_bash",
            "COMP_WORDS": "fsgs read cau",
            "COMP_CWORD": "2",
            "FSGS_DB": str(store_path),
        },
        prog_name="fsgs",
    )
    assert result.exit_code == 0
    assert "causes" in result.stdout.split()
