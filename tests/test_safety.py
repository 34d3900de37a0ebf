"""Safety content: advice people act on is stated once, dated and current, and easy to reach.

- A rule that must never disagree with itself (the sick-day rules, steroid sick-day dosing)
  is stated on its own page only; every other page that speaks of it points there.
- The warning signs live in shared blocks (``content/includes``); a page that says how urgent
  a sign is must say what the blocks say.
- Nothing is dated "as of" another year than the page's review, and every page was reviewed
  this review year.
- The urgent page opens with ``fsgs read urgent`` or ``fsgs read emergency``, and the home
  screen names that command on every terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import pytest
from typer.testing import CliRunner

from conftest import CONTENT, load_library, on_terminal
from fsgs_cli import includes
from fsgs_cli.cli import app
from fsgs_cli.models import Article
from fsgs_cli.render import DISCLAIMER

LOADED, _ = load_library(CONTENT)
ARTICLES = LOADED.articles
BY_SLUG = {a.slug: a for a in ARTICLES}
REVIEW_YEAR = 2026
BLOCKS = {p.stem: p.read_text(encoding="utf-8") for p in (CONTENT / "includes").glob("*.md")}


def own_text(article: Article) -> str:
    """What a page says in its own words: its source body without the included blocks."""
    post = frontmatter.load(CONTENT / article.path)
    return includes.own_text(post.content)


def sentences(markdown: str) -> list[str]:
    """The sentences of every unit: a rule is one sentence saying what to do, and when."""
    return [
        part
        for unit in units(markdown)
        for part in ([unit] if unit.startswith("|") else re.split(r"(?<=[.!?:])\s+", unit))
    ]


def units(markdown: str) -> list[str]:
    """Paragraphs, list items and table rows (each with its header row): the units in which
    a page states one thing."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", markdown):
        lines = [line.strip() for line in block.splitlines()]
        if lines and all(line.startswith("|") for line in lines):
            found += [f"{lines[0]} {row}" for row in lines[2:]]
            continue
        item: list[str] = []
        for line in lines:
            if re.match(r"(?:[-*+]|\d+\.)\s", line) and item:
                found.append(" ".join(item))
                item = []
            item.append(line)
        if item:
            found.append(" ".join(item))
    return found


# -- rules stated once ---------------------------------------------------------------------

MEDICINES = (
    r"\b(ace inhibitor|arbs?\b|sglt2|gliflozin|diuretic|water pill|metformin|nsaid|ibuprofen"
    r"|naproxen|lisinopril|ramipril|losartan|sartan|pril\b|blood.pressure (pill|medicine))"
)


@dataclass(frozen=True)
class Rule:
    name: str
    owner: str  # the one page that states it
    mention: str  # a page that says this must point to the owner
    statement: tuple[str, ...]  # a sentence matching all of these states the rule


RULES = (
    Rule(
        "sick-day rules",
        "sick-day-rules",
        r"sick[- ]days?\b",
        (
            r"\b(paus|stop|hold|skip|restart|withh|start again|take again)\w*",
            r"\b(vomit|diarrh|dehydrat|sick[- ]day|can(not|'t) (eat|drink|keep)"
            r"|(are|feel) (ill|unwell)|(have|with|get|run|got) a (high )?(fever|temperature))",
            MEDICINES,
        ),
    ),
    Rule(
        "steroid sick-day dosing",
        "steroid-emergency-card",
        r"steroid emergency card|stress dos|adrenal crisis",
        (
            r"\b(extra|more|double|higher|increase\w*|stress)\b[^.]{0,40}\b(dose|steroid|"
            r"prednis\w+|hydrocortisone)",
            r"\b(ill|illness|fever|surgery|operation|sick|vomit)",
        ),
    ),
)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_a_rule_is_stated_on_its_own_page_only(rule: Rule) -> None:
    assert rule.owner in BY_SLUG, f"the page that states the {rule.name}"
    restated = [
        f"{a.slug}: {unit[:120]}"
        for a in ARTICLES
        if a.slug != rule.owner
        for unit in sentences(own_text(a))
        if all(re.search(p, unit, re.I) for p in rule.statement)
    ]
    assert restated == [], f"the {rule.name} restated outside {rule.owner}"
    for name, block in BLOCKS.items():
        for sentence in sentences(block):
            assert not all(re.search(p, sentence, re.I) for p in rule.statement), name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_pages_that_speak_of_a_rule_point_to_it(rule: Rule) -> None:
    silent = [
        a.slug
        for a in ARTICLES
        if a.slug != rule.owner
        and re.search(rule.mention, a.body, re.I)
        and f"]({rule.owner})" not in a.body
    ]
    assert silent == []


def test_the_rule_detectors_can_fire() -> None:
    """The checks above would catch a restatement (they are not vacuous)."""
    sick, steroid = RULES
    for text in (
        "If you are vomiting, stop your lisinopril until you can drink again.",
        "Guidelines advise pausing an SGLT2 inhibitor for a short time during an illness, "
        "especially one that stops you eating or drinking normally, such as vomiting.",
        "| Medicine | On a sick day | | Losartan | Pause it |",
    ):
        assert all(re.search(p, text, re.I) for p in sick.statement), text
    text = "Take an extra dose of prednisolone when you have a fever."
    assert all(re.search(p, text, re.I) for p in steroid.statement)
    owner = sentences(BY_SLUG["sick-day-rules"].body)
    assert any(all(re.search(p, s, re.I) for p in sick.statement) for s in owner)


# -- dated and reviewed --------------------------------------------------------------------

AS_OF_RE = re.compile(r"\bas of (?:(?:early|mid|late) )?(?:[A-Z][a-z]+ )?((?:19|20)\d\d)\b", re.I)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_no_stale_as_of_dates(article: Article) -> None:
    stale = [m.group(0) for m in AS_OF_RE.finditer(article.body) if m.group(1) != str(REVIEW_YEAR)]
    assert stale == [], "give the dated fact and its source instead"


def test_as_of_check_fires() -> None:
    assert AS_OF_RE.search("As of 2022, trials were under way.")
    assert AS_OF_RE.search("as of March 2025 the test")


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_every_page_was_reviewed_this_review_year(article: Article) -> None:
    reviewed = dt.date.fromisoformat(article.reviewed)
    assert reviewed.year == REVIEW_YEAR
    assert reviewed <= dt.date.today(), "a review date cannot be in the future"


# -- the urgent path -----------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["urgent", "emergency", "when to get help"])
def test_urgent_page_opens_by_the_words_people_use(
    runner: CliRunner, store_path: Path, ref: str
) -> None:
    result = runner.invoke(app, ["--db", str(store_path), "read", ref, "--json"])
    assert result.exit_code == 0, result.stderr
    assert '"slug": "urgent-care"' in result.stdout


def test_home_screen_names_the_urgent_command_when_plain(
    runner: CliRunner, store_path: Path
) -> None:
    result = runner.invoke(app, ["--db", str(store_path)])
    lines = result.stdout.splitlines()
    assert lines[2] == "Urgent?     fsgs read urgent  (When to get help)"


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}], ids=["coloured", "no-color"])
def test_home_screen_names_the_urgent_command_on_a_terminal(
    store_path: Path, env: dict[str, str]
) -> None:
    screen = re.sub(r"\x1b\[[0-9;]*m", "", on_terminal(store_path, [], env))
    first = next(line for line in screen.splitlines() if line.strip() and "fsgs:" not in line)
    assert first.startswith("Urgent?     fsgs read urgent"), screen[:300]


# -- one level of urgency per sign ---------------------------------------------------------

LEVELS = ("soon", "same day", "emergency")  # in rising order
LEVEL_WORDS = {
    "emergency": r"\b(999|911|112)\b|emergency (number|department|services|help|room)|\bA&E\b"
    r"|ambulance|\ban emergency\b|get help now",
    "same day": r"\bsame[- ]day\b|\btoday\b",
    "soon": r"next few days|within a few days|\bin a few days\b|call your (kidney )?team soon",
}
# Each sign as people describe it, with the level the warning-sign blocks give it. A sign
# matches a unit of text when every pattern does.
SIGNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "trouble breathing": (
        "emergency",
        (
            r"can't breathe|cannot breathe|struggling to breathe|trouble breathing"
            r"|sudden\w* (very )?(breathless|short of breath)|shortness of breath",
        ),
    ),
    "chest pain": ("emergency", (r"chest pain",)),
    "coughing up blood": ("emergency", (r"cough\w* (up )?blood",)),
    "belly pain with fever": ("emergency", (r"belly|tummy|abdom", r"fever|temperature")),
    "sepsis": ("emergency", (r"\bsepsis\b",)),
    "swelling of lips, tongue or throat": (
        "emergency",
        (r"(lips?|tongue|throat)\b[^.]{0,40}swell|swell\w*[^.]{0,40}\b(lips?|tongue|throat)\b",),
    ),
    "stroke": ("emergency", (r"\bstroke\b|face droop",)),
    "adrenal crisis": ("emergency", (r"adrenal crisis",)),
    "a swollen, painful leg": (
        "same day",
        (
            r"(leg|arm|calf)\b[^.]{0,60}\b(pain|sore|tender|red|warm)"
            r"|(pain|sore|tender)\w*[^.]{0,40}\b(leg|arm|calf)\b|\bDVT\b|deep vein",
        ),
    ),
    "peeing much less": (
        "same day",
        (
            r"pee\w* (much )?less|(much|very) (less|little) (urine|pee|wee)|hardly peeing"
            r"|passing (very )?little",
        ),
    ),
    "spreading red skin": ("same day", (r"spreading|cellulitis",)),
    "chickenpox or measles contact": ("same day", (r"chicken ?pox|measles|shingles",)),
    "swelling rising fast": ("same day", (r"(swelling|weight)[^.]{0,40}\b(fast|quickly|rapid)",)),
    "swelling slowly worse": ("soon", (r"swelling[^.]{0,30}\bslowly|slowly[^.]{0,30}\bswell",)),
    "foamy urine back": ("soon", (r"foamy[^.]{0,30}(back|again)",)),
}
BOLD_RE = re.compile(r"\*\*([^*]+)\*\*")


def level_of(text: str) -> str | None:
    found = [lv for lv in LEVELS if re.search(LEVEL_WORDS[lv], text, re.I)]
    return found[-1] if found else None


def signs_in(text: str) -> list[str]:
    return [s for s, (_, pats) in SIGNS.items() if all(re.search(p, text, re.I) for p in pats)]


def block_levels(block: str) -> list[tuple[str, str]]:
    """(level, bold lead words) for every bullet of a warning-sign block."""
    found: list[tuple[str, str]] = []
    level = ""
    for line in block.splitlines():
        if line.startswith("### "):
            level = level_of(line) or ""
        elif line.startswith("- ") and (lead := BOLD_RE.search(line)):
            found.append((level, lead.group(1)))
    return found


@pytest.mark.parametrize("name", ["adult-warning-signs", "child-warning-signs"])
def test_warning_sign_blocks_give_each_sign_its_level(name: str) -> None:
    bullets = block_levels(BLOCKS[name])
    assert {lv for lv, _ in bullets} == set(LEVELS), "three levels, each heading says what to do"
    wrong = [
        f"{lead!r} under {level!r}, but {sign!r} is {SIGNS[sign][0]!r}"
        for level, lead in bullets
        for sign in signs_in(lead)
        if SIGNS[sign][0] != level
    ]
    assert wrong == []


def test_the_adult_block_names_every_sign() -> None:
    bullets = [line for line in BLOCKS["adult-warning-signs"].splitlines() if line[:2] == "- "]
    named = {sign for line in bullets for sign in signs_in(line)}
    assert set(SIGNS) - named == set()


def test_the_child_block_names_the_issue_signs() -> None:
    block = BLOCKS["child-warning-signs"]
    for words in (
        "swelling",
        "tummy",
        "temperature",
        "sick or has diarrhoea",
        "peeing",
        "cold, pale hands",
        "leg",
        "chickenpox",
        "measles",
    ):
        assert words in block, words


def units_saying_urgency() -> list[tuple[str, str]]:
    """Every unit of text outside the blocks that names a sign and a level of urgency."""
    texts = [(a.slug, own_text(a)) for a in ARTICLES]
    texts += [(f"glossary: {g.term}", g.definition) for g in LOADED.glossary]
    texts += [("the disclaimer", sentence) for sentence in sentences(DISCLAIMER)]
    return [
        (where, unit)
        for where, text in texts
        for unit in units(text)
        if level_of(unit) and signs_in(unit)
    ]


def test_pages_give_a_sign_the_level_the_blocks_give_it() -> None:
    """A page may say how urgent a sign is, but never less (or more) urgent than the blocks:
    the most urgent sign a unit names sets the level it must state."""
    units_found = units_saying_urgency()
    assert len(units_found) > 10, "the check sees the pages' urgency statements"
    wrong = []
    for where, unit in units_found:
        wanted = max((SIGNS[s][0] for s in signs_in(unit)), key=LEVELS.index)
        if level_of(unit) != wanted:
            wrong.append(f"{where}: says {level_of(unit)!r}, wants {wanted!r}: {unit[:140]}")
    assert wrong == []


def test_the_urgency_check_fires() -> None:
    assert signs_in("Belly pain with fever") == ["belly pain with fever"]
    assert level_of("Contact your team the same day") == "same day"
    unit = "- Belly pain with fever: contact your team the same day."
    wanted = max((SIGNS[s][0] for s in signs_in(unit)), key=LEVELS.index)
    assert wanted == "emergency" != level_of(unit)
