"""Search that understands patients: real words kept, misspellings offered or corrected,
urgent questions routed to the urgent page, questions about numbers to the results page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CONTENT, on_terminal
from fsgs_cli import routing
from fsgs_cli.cli import app
from fsgs_cli.relevance import load_cases
from fsgs_cli.render import URGENT_BANNER
from fsgs_cli.search import search
from fsgs_cli.spell import american_forms, is_english
from fsgs_cli.store import Store
from fsgs_cli.text import PLAIN_WORD_RE

ESCAPE_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run(runner: CliRunner, store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(store), "search", *args])
    return result.exit_code, result.stdout, result.stderr


def as_json(runner: CliRunner, store: Path, query: str) -> dict[str, object]:
    code, out, _ = run(runner, store, query, "--json")
    assert code in (0, 1), out
    doc = json.loads(out)
    assert isinstance(doc, dict)
    return doc


def slugs(doc: dict[str, object]) -> list[str]:
    results = doc["results"]
    assert isinstance(results, list)
    return [hit["slug"] for hit in results]


# -- real words are never rewritten -------------------------------------------------------

REAL_WORDS = [
    "fatal",
    "contagious",
    "fault",
    "coffee",
    "colour",
    "tired",
    "itchy",
    "dizzy",
    "divorce",
    "holiday",
    "tattoo",
    "marathon",
    "cure",
    "diabetic",
    "homeopathy",
    "anxious",
    "behaviour",
]


@pytest.mark.parametrize("word", REAL_WORDS)
def test_a_real_word_is_never_rewritten(runner: CliRunner, store_path: Path, word: str) -> None:
    doc = as_json(runner, store_path, word)
    assert doc["corrected"] is None
    assert doc["did_you_mean"] is None
    code, _, err = run(runner, store_path, word)
    assert "showing results for" not in err.lower()
    assert "did you mean" not in err.lower() or code == 1


def test_fatal_is_not_fat(runner: CliRunner, store_path: Path) -> None:
    """The report that started it: "fatal" showed results for "fat"."""
    code, out, err = run(runner, store_path, "fatal")
    assert "fat" not in (out + err).replace("fatal", "")
    assert code in (0, 1)


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("oedema", "edema"),
        ("anaemia", "anemia"),
        ("paediatric", "pediatric"),
        ("haemodialysis", "hemodialysis"),
        ("oestrogen", "estrogen"),
        ("diarrhoea", "diarrhea"),
        ("colour", "color"),
        ("recognise", "recognize"),
        ("centre", "center"),
        ("travelled", "traveled"),
    ],
)
def test_british_spellings_are_real_words(british: str, american: str) -> None:
    assert american in american_forms(british)
    assert is_english(british)


@pytest.mark.parametrize("typo", ["protienuria", "nefrotic", "steriods", "kidny", "predisolone"])
def test_a_misspelling_is_not_a_real_word(typo: str) -> None:
    assert not is_english(typo)


def test_relevance_queries_never_rewrite_a_real_word(store_path: Path) -> None:
    """Across every query of the relevance set, a word changed by a correction (made or
    offered) is never a real word."""
    cases = load_cases(Path(__file__).with_name("relevance.yaml"))
    store = Store.open(store_path)
    changed: list[str] = []
    for case in cases:
        result = search(store, case.query)
        for fixed in (result.corrected, result.did_you_mean):
            if fixed is None:
                continue
            typed = [w.casefold() for w in PLAIN_WORD_RE.findall(result.query)]
            after = [w.casefold() for w in PLAIN_WORD_RE.findall(fixed)]
            assert len(typed) == len(after), (result.query, fixed)
            changed += [a for a, b in zip(typed, after, strict=True) if a != b]
    assert changed, "the set has misspellings, so some words must have been corrected"
    assert [w for w in changed if is_english(w)] == []


# -- unknown words: offered when the query finds something, corrected when it does not ----


def test_unknown_word_is_offered_when_the_typed_query_finds_something(
    runner: CliRunner, store_path: Path
) -> None:
    doc = as_json(runner, store_path, "nefrotic syndrome")
    assert doc["corrected"] is None
    assert doc["did_you_mean"] == "nephrotic syndrome"
    assert "nephrotic" in str(doc["suggestions"])
    assert doc["results"]
    assert "nefrotic" in str(doc["expanded"])  # the query as typed is what ran
    code, _, err = run(runner, store_path, "nefrotic syndrome")
    assert code == 0
    assert "Did you mean “nephrotic syndrome”?" in err
    assert "showing results for" not in err.lower()


def test_unknown_word_is_corrected_when_the_typed_query_finds_nothing(
    runner: CliRunner, store_path: Path
) -> None:
    doc = as_json(runner, store_path, "steriods")
    assert doc["corrected"] == "steroids"
    assert doc["did_you_mean"] is None
    assert "steroids" in str(doc["expanded"])  # the corrected query is what ran
    assert slugs(doc)[0] == "steroids"
    _, _, err = run(runner, store_path, "steriods")
    assert "No articles match “steriods”; showing results for “steroids”." in err
    assert "did you mean" not in err.lower()


def test_nothing_close_and_nothing_found_is_exit_1(runner: CliRunner, store_path: Path) -> None:
    code, _, err = run(runner, store_path, "zzqqxxvv")
    assert code == 1
    assert err.startswith("fsgs: no articles match 'zzqqxxvv'.")


# -- urgent questions -----------------------------------------------------------------------

URGENT_QUERIES = [
    "when should i go to hospital",
    "a&e",
    "A and E or wait",
    "not peeing",
    "i can't breathe",
    "cant breathe lying down",
    "chest pain",
    "emergency",
    "ER or call the doctor",
    "999",
    "911",
    "high fever on prednisolone",
    "my child is floppy",
    "coughing up blood",
    "swollen painful leg",
]


@pytest.mark.parametrize("query", URGENT_QUERIES)
def test_urgent_words_put_the_urgent_page_first(
    runner: CliRunner, store_path: Path, query: str
) -> None:
    doc = as_json(runner, store_path, query)
    assert slugs(doc)[0] == "urgent-care"
    assert doc["urgent"] == {
        "message": URGENT_BANNER,
        "id": 15,
        "slug": "urgent-care",
        "title": "When to get help",
    }
    code, _, err = run(runner, store_path, query)
    assert code == 0
    assert err.splitlines()[0] == f"fsgs: {URGENT_BANNER}"


@pytest.mark.parametrize(
    "query",
    [
        "steroid emergency card",
        "hospital stay for a biopsy",
        "keep fit with fsgs",
        "proteinuria",
        "what causes fsgs",
        "is fsgs inherited",
    ],
)
def test_other_questions_have_no_banner(runner: CliRunner, store_path: Path, query: str) -> None:
    doc = as_json(runner, store_path, query)
    assert doc["urgent"] is None
    _, _, err = run(runner, store_path, query)
    assert URGENT_BANNER not in err


def warning_signs() -> dict[str, list[str]]:
    """The signs of each level in the shared warning-sign blocks: the bold text of each
    item, keyed by the level's heading."""
    levels: dict[str, list[str]] = {}
    for block in sorted((CONTENT / "includes").glob("*-warning-signs.md")):
        heading = ""
        for line in block.read_text("utf-8").splitlines():
            if line.startswith("### "):
                heading = f"{block.stem}: {line[4:]}"
                levels[heading] = []
            elif (sign := re.match(r"- \*\*(.+?)\*\*", line)) and heading:
                levels[heading].append(sign.group(1).strip('"'))
    assert len(levels) == 6, levels
    return levels


def test_every_emergency_and_same_day_sign_leads_to_the_urgent_page(store_path: Path) -> None:
    """The urgent phrases cover what the urgent page lists: a search for any sign of the
    emergency and same-day lists, as the page words it, puts that page first."""
    store = Store.open(store_path)
    urgent = store.urgent()
    assert urgent is not None
    checked = 0
    for heading, signs in warning_signs().items():
        if "few days" in heading:
            continue
        for sign in signs:
            assert routing.route(store, sign).urgent == urgent.id, f"{heading}: {sign}"
            checked += 1
    assert checked >= 25


def test_the_signs_to_mention_in_the_next_few_days_have_no_banner(store_path: Path) -> None:
    store = Store.open(store_path)
    soon = [s for heading, signs in warning_signs().items() if "few days" in heading for s in signs]
    assert len(soon) >= 6
    assert [s for s in soon if routing.route(store, s).urgent] == []


def test_the_banner_points_to_the_urgent_page_by_its_alias(store_path: Path) -> None:
    store = Store.open(store_path)
    urgent = store.urgent()
    assert urgent is not None
    alias = URGENT_BANNER.rsplit("fsgs read ", 1)[1]
    assert store.resolve(alias) == urgent.id


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}])
def test_the_banner_shows_first_on_a_terminal(store_path: Path, env: dict[str, str]) -> None:
    shown = on_terminal(store_path, ["search", "chest pain"], env, with_stderr=True)
    screen = ESCAPE_RE.sub("", shown)
    lines = [line.strip() for line in screen.splitlines() if line.strip()]
    assert " ".join(lines[:3]).removeprefix("fsgs: ").startswith(URGENT_BANNER[:60])
    assert "When to get help" in screen


def test_urgent_page_comes_first_within_a_topic_only_if_it_is_in_it(
    runner: CliRunner, store_path: Path
) -> None:
    inside = json.loads(
        runner.invoke(
            app, ["--db", str(store_path), "search", "chest pain", "--topic", "safety", "--json"]
        ).stdout
    )
    assert slugs(inside)[0] == "urgent-care"
    elsewhere = json.loads(
        runner.invoke(
            app, ["--db", str(store_path), "search", "chest pain", "--topic", "treatment", "--json"]
        ).stdout
    )
    assert "urgent-care" not in slugs(elsewhere)
    assert elsewhere["urgent"] is not None  # the banner still shows


# -- questions about numbers ----------------------------------------------------------------

NUMBER_QUERIES = {
    "egfr 45": "fsgs calc egfr --creatinine VALUE --age AGE --sex female|male",
    "my creatinine is 150": "fsgs calc egfr --creatinine 150 --age AGE --sex female|male",
    "creatinine 1.2 mg/dl": "fsgs calc egfr --creatinine 1.2 --units mg/dl --age AGE --sex "
    "female|male",
    "upcr 300": "fsgs calc upcr 300 --units mg/mmol|mg/g",
    "UPCR 250 mg/mmol": "fsgs calc upcr 250 --units mg/mmol",
    "acr 30 mg/g": "fsgs calc acr 30 --units mg/g",
    "what stage am i": "fsgs calc egfr --creatinine VALUE --age AGE --sex female|male",
    "albumin 25": "fsgs calc --help",
}


@pytest.mark.parametrize(("query", "command"), NUMBER_QUERIES.items())
def test_numbers_put_the_results_page_first_and_name_the_calculator(
    runner: CliRunner, store_path: Path, query: str, command: str
) -> None:
    doc = as_json(runner, store_path, query)
    assert slugs(doc)[0] == "test-results"
    assert isinstance(doc["hint"], str)
    assert doc["hint"].endswith(command)
    assert doc["urgent"] is None
    _, _, err = run(runner, store_path, query)
    assert f"fsgs: {doc['hint']}" in err.splitlines()


def test_a_test_name_alone_keeps_its_own_page_first_but_names_the_calculator(
    runner: CliRunner, store_path: Path
) -> None:
    doc = as_json(runner, store_path, "eGFR")
    assert slugs(doc)[0] == "blood-tests"
    assert isinstance(doc["hint"], str)
    assert "fsgs calc egfr" in doc["hint"]


@pytest.mark.parametrize("query", ["proteinuria", "dipstick 3+", "2 year old with nephrotic"])
def test_other_queries_have_no_hint(runner: CliRunner, store_path: Path, query: str) -> None:
    doc = as_json(runner, store_path, query)
    assert doc["hint"] is None
    assert slugs(doc)[:1] != ["test-results"]


def test_an_emergency_number_is_not_a_lab_number(runner: CliRunner, store_path: Path) -> None:
    doc = as_json(runner, store_path, "999")
    assert doc["hint"] is None
    assert slugs(doc)[0] == "urgent-care"
