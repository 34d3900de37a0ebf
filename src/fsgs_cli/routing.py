"""What a query is about, beyond its words: an emergency, or the reader's own results.

The phrases come from ``content/intents.yaml`` (the store's ``intents`` table). A query
with an urgent phrase ("can't breathe", "not peeing", "A&E") puts the page that says when
to get help first, under a banner. A query about the reader's own numbers ("egfr 45",
"my creatinine", "upcr 300 mg/mmol", "what stage am i") puts the test-results page first
and names the calculator that explains a number: ``fsgs calc``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from fsgs_cli.schema import ASK, NOT_URGENT, TEST, UNIT, URGENT
from fsgs_cli.text import spoken_key

if TYPE_CHECKING:
    from fsgs_cli.store import Store

MAX_PHRASE_WORDS = 6
NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
# A test, as ``fsgs calc`` works it out: eGFR comes from creatinine (and cystatin C).
CALC_MEASURE = {"egfr": "egfr", "creatinine": "egfr", "upcr": "upcr", "acr": "acr"}
CALC_UNITS = {
    "egfr": ("mg/dl", "umol/l"),
    "upcr": ("mg/mmol", "mg/g", "g/g", "mg/mg"),
    "acr": ("mg/mmol", "mg/g", "g/g", "mg/mg"),
}


class Route(NamedTuple):
    """Where a query should lead first, and the calculator command that fits it."""

    urgent: int | None = None
    results: int | None = None
    hint: str | None = None

    def first(self) -> list[int]:
        """The ids of the pages to put first, most pressing first."""
        return [i for i in (self.urgent, self.results) if i is not None]


def route(store: Store, *texts: str) -> Route:
    """The route for what a person typed (and for its correction, if any)."""
    urgent: int | None = None
    results: int | None = None
    hint: str | None = None
    for text in texts:
        found = _Found(store, text)
        urgent = urgent or found.urgent()
        if results is None and (page := found.results()):
            results, hint = page, found.hint()
        hint = hint or found.hint()
    return Route(urgent, results, hint)


class _Found:
    """The intent phrases in one query, with where each stands among its words."""

    def __init__(self, store: Store, text: str) -> None:
        self.text = text
        self.words = spoken_key(text).split()
        spans: dict[str, list[tuple[int, int]]] = {}
        for size in range(1, MAX_PHRASE_WORDS + 1):
            for start in range(len(self.words) - size + 1):
                gram = " ".join(self.words[start : start + size])
                spans.setdefault(gram, []).append((start, start + size))
        self.matches: list[tuple[str, str | None, int, tuple[int, int]]] = []
        if spans:
            grams = list(spans)
            marks = ", ".join("?" * len(grams))
            rows = store.rows(
                f"SELECT phrase, kind, value, article_id FROM intents WHERE phrase IN ({marks})",
                grams,
            )
            for row in rows:
                for span in spans[row["phrase"]]:
                    self.matches.append((row["kind"], row["value"], row["article_id"], span))

    def _of(self, kind: str) -> list[tuple[str | None, int, tuple[int, int]]]:
        return [(value, page, span) for k, value, page, span in self.matches if k == kind]

    def urgent(self) -> int | None:
        """The urgent page, if an urgent phrase stands outside every exception."""
        exceptions = [span for _, _, span in self._of(NOT_URGENT)]
        for _, page, (start, end) in self._of(URGENT):
            if not any(a <= start and end <= b for a, b in exceptions):
                return page
        return None

    def numbers(self) -> list[str]:
        """The numbers typed, other than those an urgent phrase holds (999, 911, 112)."""
        urgent = {self.words[i] for _, _, (a, b) in self._of(URGENT) for i in range(a, b)}
        return [n for n in NUMBER_RE.findall(self.text) if n not in urgent]

    def results(self) -> int | None:
        """The results page, if the query asks about the reader's own numbers."""
        asks = self._of(ASK)
        if asks:
            return asks[0][1]
        numbered = bool(self.numbers())
        mine = "my" in self.words
        for _, page, _ in self._of(TEST):
            if numbered or mine:
                return page
        units = self._of(UNIT)
        return units[0][1] if units and numbered else None

    def hint(self) -> str | None:
        """The ``fsgs calc`` command that explains the number asked about, if any."""
        tests = [value for value, _, _ in self._of(TEST) if value]
        if not (tests or self._of(ASK)):
            return None
        measure = next((CALC_MEASURE[t] for t in tests if t in CALC_MEASURE), None)
        if measure is None and tests:
            return "fsgs calc works out eGFR, UPCR and ACR from your numbers: fsgs calc --help"
        return "What your own number means: " + calc_command(
            measure or "egfr", tests, self.numbers(), [v for v, _, _ in self._of(UNIT) if v]
        )


def calc_command(
    measure: str, tests: Sequence[str | None], numbers: Sequence[str], units: Sequence[str]
) -> str:
    """The calculator command for ``measure``, with the number and unit typed where they
    fit and placeholders (upper case) where they do not."""
    allowed = CALC_UNITS[measure]
    unit = next((u for u in units if u in allowed), None)
    value = numbers[0].replace(",", ".") if numbers else "VALUE"
    if measure == "egfr":
        creatinine = value if "creatinine" in tests else "VALUE"
        units_part = f" --units {unit}" if unit and creatinine != "VALUE" else ""
        return f"fsgs calc egfr --creatinine {creatinine}{units_part} --age AGE --sex female|male"
    return f"fsgs calc {measure} {value} --units {unit or '|'.join(allowed[:2])}"
