"""The content linter: every article and glossary term meets the content rules."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from typer.testing import CliRunner

from conftest import CONTENT, load_library
from fsgs_cli import content
from fsgs_cli.cli import app
from fsgs_cli.export import split_questions
from fsgs_cli.models import Article

LOADED, PROBLEMS = load_library(CONTENT)
ARTICLES = LOADED.articles
BY_SLUG = {a.slug: a for a in ARTICLES}
TERMS = {g.term.casefold() for g in LOADED.glossary}

AUTHORITATIVE = (
    "kdigo.org",
    "nih.gov",  # NIDDK, NCBI Bookshelf (StatPearls, GeneReviews), PubMed, PMC
    "kidney.org",
    "kidneyfund.org",
    "nejm.org",
    "asnjournals.org",  # CJASN, JASN
    "nature.com",  # Nat Rev Nephrol
    "kidneycareuk.org",
    "kidney.org.au",
    "kidney.ca",
    # Government health agencies and national guideline bodies
    "medlineplus.gov",  # NIH's National Library of Medicine
    "cdc.gov",
    "fda.gov",
    "nhs.uk",
    "nice.org.uk",
    "gov.uk",  # UKHSA, MHRA
    "who.int",
    "ukkidney.org",  # UK Kidney Association guidelines
)
LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
PHONE_RE = re.compile(r"(?<!\d)(?:\+?\d[\s().-]?){9,}\d(?!\d)")
HANDLE_RE = re.compile(r"(?<![\w.])@[A-Za-z_]\w{2,}")
WORDS_MIN, WORDS_MAX = 300, 900


def body_words(article: Article) -> int:
    return len(article.body.split())


def test_content_has_no_build_problems() -> None:
    assert PROBLEMS.items == []


def test_library_size() -> None:
    assert len(ARTICLES) >= 80
    assert len(LOADED.glossary) >= 60
    topics_used = {a.topic for a in ARTICLES}
    assert topics_used == {t.slug for t in LOADED.topics}
    assert any(a.kind == "question" for a in ARTICLES)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_article_rules(article: Article) -> None:
    assert WORDS_MIN <= body_words(article) <= WORDS_MAX, body_words(article)
    assert len(article.summary) <= content.SUMMARY_MAX
    assert article.aliases, "people need at least one alias to type"
    assert article.related, "curate at least one related article"
    assert len(article.sources) >= 2
    hosts = [urlparse(s.url).hostname or "" for s in article.sources]
    assert all(s.url.startswith(("https://", "http://")) for s in article.sources)
    assert any(h == d or h.endswith("." + d) for h in hosts for d in AUTHORITATIVE), hosts
    assert len({s.url for s in article.sources}) == len(article.sources), "duplicate source"
    searches = [s.url for s in article.sources if re.search(r"[?&](term|q|query|search)=", s.url)]
    assert searches == [], "cite the work's stable address, not a search for it"
    assert not PHONE_RE.search(article.body), "no phone numbers"
    assert not HANDLE_RE.search(article.body), "no messaging handles"
    assert not article.body.lstrip().startswith("# "), "the title is not repeated as a heading"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_links_resolve(article: Article) -> None:
    for text, target in LINK_RE.findall(article.body):
        if target.startswith(("http://", "https://")):
            continue
        assert target in BY_SLUG or target.casefold() in TERMS, f"[{text}]({target})"


def test_aliases_are_unique_and_not_slugs() -> None:
    seen: dict[str, str] = {}
    for article in ARTICLES:
        for alias in article.aliases:
            assert alias not in seen or seen[alias] == article.slug, alias
            assert alias not in BY_SLUG or alias == article.slug, alias
            seen[alias] = article.slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("APOL1", "apol1"),
        ("aristolochic", "herbal-remedies"),
        ("collapsing", "collapsing-fsgs"),
        ("sparsentan", "new-treatments"),
        ("reflux", "reflux-nephropathy"),
        ("causes", "what-causes-fsgs"),
        ("kidney biopsy", "kidney-biopsy"),
        ("transplant", "kidney-transplant"),
        ("yogurt", "is-yogurt-good"),
        ("dialysis", "dialysis"),
    ],
)
def test_key_facts_are_findable(runner: CliRunner, store_path: Path, query: str, slug: str) -> None:
    result = runner.invoke(app, ["--db", str(store_path), "search", query, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["results"][0]["slug"] == slug


def test_glossary_definitions_are_short_and_plain() -> None:
    for term in LOADED.glossary:
        assert len(term.definition.split()) <= 80, term.term
        assert term.definition[0].isupper(), term.term


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_questions_sections_can_be_gathered(article: Article) -> None:
    """Exports move each "Questions to ask your care team" list to one page."""
    body, questions = split_questions(article.body)
    if "## Questions to ask your care team" in article.body:
        assert questions, "the section is a bullet list of questions"
        assert all(q.endswith("?") for q in questions), questions
        assert "Questions to ask your care team" not in body
    else:
        assert (body, questions) == (article.body, ())
