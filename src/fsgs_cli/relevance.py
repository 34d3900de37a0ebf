"""Search relevance: precision@1, precision@3 and MRR over a set of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fsgs_cli.search import search
from fsgs_cli.store import Store


@dataclass(frozen=True)
class Case:
    query: str
    expect: tuple[str, ...]
    group: str = ""


@dataclass(frozen=True)
class Outcome:
    case: Case
    got: tuple[str, ...]

    @property
    def rank(self) -> int | None:
        """The 1-based rank of the first expected article, if it was found."""
        for i, slug in enumerate(self.got, start=1):
            if slug in self.case.expect:
                return i
        return None


@dataclass(frozen=True)
class Scores:
    outcomes: tuple[Outcome, ...]

    def _share(self, k: int) -> float:
        hits = sum(1 for o in self.outcomes if o.rank is not None and o.rank <= k)
        return hits / len(self.outcomes) if self.outcomes else 0.0

    @property
    def precision_at_1(self) -> float:
        return self._share(1)

    @property
    def precision_at_3(self) -> float:
        return self._share(3)

    @property
    def mrr(self) -> float:
        if not self.outcomes:
            return 0.0
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)


def load_cases(path: Path) -> list[Case]:
    """The cases of a relevance file: a list of groups, each ``{group, cases}``."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(str(item["query"]), tuple(item["expect"]), str(group["group"]))
        for group in data
        for item in group["cases"]
    ]


def by_group(scores: Scores) -> dict[str, Scores]:
    """The scores of each group, in the file's order."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in scores.outcomes:
        groups.setdefault(outcome.case.group, []).append(outcome)
    return {name: Scores(tuple(found)) for name, found in groups.items()}


def evaluate(store: Store, cases: Sequence[Case], depth: int = 10) -> Scores:
    outcomes = []
    for case in cases:
        result = search(store, case.query, limit=depth)
        outcomes.append(Outcome(case, tuple(h.slug for h in result.hits)))
    return Scores(tuple(outcomes))
