"""The --json documents are a public contract: exact keys and types."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fsgs_cli.cli import app

ARTICLE_REF = {"id": int, "slug": str, "title": str, "summary": str}


def doc(runner: CliRunner, store: Path, *args: str) -> Any:
    result = runner.invoke(app, ["--db", str(store), *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def check(value: dict[str, Any], shape: Mapping[str, type | tuple[type, ...]]) -> None:
    assert set(value) == set(shape)
    for key, kind in shape.items():
        assert isinstance(value[key], kind), key


def test_topics_and_map_shape(runner: CliRunner, store_path: Path) -> None:
    for command in (["topics"], ["map"], ["topics", "causes"]):
        listing = doc(runner, store_path, *command)
        assert isinstance(listing, list) and listing
        for topic in listing:
            check(topic, {"slug": str, "title": str, "description": str, "articles": list})
            for article in topic["articles"]:
                check(article, ARTICLE_REF)


def test_read_shape(runner: CliRunner, store_path: Path) -> None:
    article = doc(runner, store_path, "read", "causes")
    check(
        article,
        {
            "id": int,
            "slug": str,
            "title": str,
            "topic": str,
            "summary": str,
            "body": str,
            "reviewed": str,
            "sources": list,
            "related": list,
        },
    )
    assert len(article["sources"]) >= 2
    for source in article["sources"]:
        check(source, {"title": str, "url": str})
    for link in article["related"]:
        check(link, {"id": int, "slug": str, "title": str, "reason": str})


def test_search_shape(runner: CliRunner, store_path: Path) -> None:
    result = doc(runner, store_path, "search", "proteinuria")
    check(
        result,
        {
            "query": str,
            "results": list,
            "suggestions": list,
            "expanded": str,
            "corrected": type(None),
            "did_you_mean": type(None),
            "glossary": list,
            "urgent": type(None),
            "hint": type(None),
        },
    )
    assert result["query"] == "proteinuria"
    for hit in result["results"]:
        check(
            hit,
            {
                "id": int,
                "slug": str,
                "title": str,
                "topic": str,
                "section": str,
                "snippet": str,
                "score": float,
            },
        )
    for term in result["glossary"]:
        check(term, {"term": str, "definition": str, "see_also": list})


def test_search_shape_when_routed_or_corrected(runner: CliRunner, store_path: Path) -> None:
    urgent = doc(runner, store_path, "search", "chest pain")
    check(urgent["urgent"], {"message": str, "id": int, "slug": str, "title": str})
    hinted = doc(runner, store_path, "search", "upcr 300")
    assert isinstance(hinted["hint"], str)
    offered = doc(runner, store_path, "search", "nefrotic syndrome")
    assert isinstance(offered["did_you_mean"], str)
    assert offered["corrected"] is None
    corrected = doc(runner, store_path, "search", "protienuria")
    assert isinstance(corrected["corrected"], str)
    assert corrected["did_you_mean"] is None


def test_related_shape(runner: CliRunner, store_path: Path) -> None:
    result = doc(runner, store_path, "related", "12")
    check(result, {"article": dict, "related": list})
    check(result["article"], {"id": int, "slug": str, "title": str})
    for link in result["related"]:
        check(link, {"id": int, "slug": str, "title": str, "reason": str, "score": float})


def test_latest_shape(runner: CliRunner, store_path: Path) -> None:
    for article in doc(runner, store_path, "latest"):
        check(article, {**ARTICLE_REF, "reviewed": str})


def test_glossary_shape(runner: CliRunner, store_path: Path) -> None:
    terms = doc(runner, store_path, "glossary")
    assert len(terms) >= 20
    for term in terms:
        check(term, {"term": str, "definition": str, "see_also": list})


def test_db_check_shape(runner: CliRunner, store_path: Path) -> None:
    report = doc(runner, store_path, "db", "check")
    check(report, {"path": str, "ok": bool, "checks": list})
    assert report["checks"]
    for item in report["checks"]:
        check(item, {"name": str, "ok": bool, "detail": str})


def test_calc_egfr_shape(runner: CliRunner, store_path: Path) -> None:
    args = ["calc", "egfr", "--creatinine", "1.1", "--age", "40", "--sex", "male"]
    result = doc(runner, store_path, *args)
    check(
        result,
        {
            "egfr": float,
            "unit": str,
            "equation": str,
            "citation": str,
            "stage": str,
            "stage_words": str,
            "meaning": str,
            "limits": list,
            "creatinine_mg_dl": float,
            "articles": list,
        },
    )
    assert all(isinstance(i, int) for i in result["articles"])


@pytest.mark.parametrize("kind", ["upcr", "acr"])
def test_calc_ratio_shape(runner: CliRunner, store_path: Path, kind: str) -> None:
    result = doc(runner, store_path, "calc", kind, "2.5", "--units", "g/g")
    nephrotic = bool if kind == "upcr" else type(None)
    check(
        result,
        {
            "kind": str,
            "value": float,
            "unit": str,
            "mg_per_mmol": float,
            "mg_per_g": float,
            "g_per_g": float,
            "category": str,
            "category_words": str,
            "category_rule": str,
            "nephrotic_range": nephrotic,
            "nephrotic_range_adult": nephrotic,
            "nephrotic_range_child": nephrotic,
            "nephrotic_rules": list,
            "articles": list,
        },
    )


def test_diary_shapes(runner: CliRunner, store_path: Path) -> None:
    for args in (["dipstick", "3+"], ["upcr", "120", "--units", "mg/mmol"], ["bp", "120/80"]):
        assert runner.invoke(app, ["diary", "add", *args]).exit_code == 0
    shown = doc(runner, store_path, "diary", "show")
    check(shown, {"path": str, "readings": list})
    for reading in shown["readings"]:
        check(
            reading,
            {
                "id": int,
                "date": str,
                "measure": str,
                "value": (float, type(None)),
                "value2": (float, type(None)),
                "level": (str, type(None)),
                "unit": str,
                "shown": str,
            },
        )
    status = doc(runner, store_path, "diary", "status")
    check(
        status,
        {"readings": int, "child": dict, "adult": dict, "advice": str, "articles": list},
    )
    check(
        status["child"],
        {
            "met": str,
            "run_level": str,
            "run_dates": list,
            "days_recorded": int,
            "message": str,
            "definition": str,
        },
    )
    check(
        status["adult"],
        {
            "remission": str,
            "upcr": dict,
            "egfr": type(None),
            "baseline_date": str,
            "baseline_upcr": float,
            "message": str,
            "definition": str,
        },
    )
