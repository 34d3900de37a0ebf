"""The intents file: phrases that tell search what a reader needs first.

``content/intents.yaml`` names the page for urgent questions and the page for questions
about one's own test results, with the phrases that show each (see the file's header).
The build checks it and writes one ``intents`` row per phrase; routing.py reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from fsgs_cli.schema import ASK, NOT_URGENT, TEST, UNIT, URGENT
from fsgs_cli.text import spoken_key

if TYPE_CHECKING:
    from pathlib import Path

    from fsgs_cli.content import Problems


class Phrase(NamedTuple):
    """One phrase of the intents file: its key, what it shows, and the page it leads to."""

    phrase: str
    kind: str
    value: str | None
    article: str


def load(root: Path, problems: Problems) -> list[Phrase]:
    """Every phrase of the file, keyed as search reads queries; the file is optional."""
    from fsgs_cli import content

    if not (root / content.INTENTS_FILE).is_file():
        return []
    data = content.read_yaml(root, content.INTENTS_FILE, problems)
    if data is None:
        return []
    reader = _Reader(problems)
    if not isinstance(data, dict) or set(data) - {"urgent", "results"}:
        reader.problem("file", "must be a mapping with 'urgent' and 'results'")
        return []
    urgent = reader.section(data, "urgent", ("article", "phrases", "except"))
    results = reader.section(data, "results", ("article", "asks", "tests", "units"))
    if urgent:
        page = reader.article(urgent, "urgent")
        reader.phrases(urgent, "urgent.phrases", URGENT, None, page)
        reader.phrases(urgent, "urgent.except", NOT_URGENT, None, page)
    if results:
        page = reader.article(results, "results")
        reader.phrases(results, "results.asks", ASK, None, page)
        for kind, key in ((TEST, "tests"), (UNIT, "units")):
            groups = results.get(key, {})
            if not isinstance(groups, dict):
                reader.problem(f"results.{key}", "must map a name to a list of phrases")
                continue
            for name, phrases in groups.items():
                reader.phrases({str(name): phrases}, f"results.{key}.{name}", kind, str(name), page)
    return reader.found


class _Reader:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.found: list[Phrase] = []
        self.owner: dict[str, str] = {}

    def problem(self, field: str, message: str) -> None:
        from fsgs_cli import content

        self.problems.add(content.INTENTS_FILE, field, message)

    def section(self, data: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, Any]:
        section = data.get(name)
        if not isinstance(section, dict) or set(section) - set(keys):
            self.problem(name, f"must be a mapping of {', '.join(keys)}")
            return {}
        return section

    def article(self, section: dict[str, Any], name: str) -> str:
        slug = section.get("article")
        if not isinstance(slug, str) or not slug.strip():
            self.problem(f"{name}.article", "must name an article by its slug")
            return ""
        return slug.strip()

    def phrases(
        self, section: dict[str, Any], field: str, kind: str, value: str | None, page: str
    ) -> None:
        raw = section.get(field.rsplit(".", 1)[-1], [])
        if not isinstance(raw, list) or not all(isinstance(p, (str, int)) for p in raw):
            self.problem(field, "must be a list of phrases")
            return
        for item in raw:
            key = spoken_key(str(item))
            if not key:
                self.problem(field, f"'{item}' has no words")
            elif key in self.owner:
                self.problem(field, f"'{key}' is also in {self.owner[key]}")
            else:
                self.owner[key] = field
                self.found.append(Phrase(key, kind, value, page))
