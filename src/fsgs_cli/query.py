"""Turn whatever a user typed into a safe FTS5 query.

The syntax people may use: ``"a quoted phrase"``, ``prefix*``, ``OR`` between two terms
and ``-word`` to leave articles out; everything else is plain words (a hyphen inside a
word, as in ``sick-day`` or ``co-trimoxazole``, joins words). Every word that
reaches FTS5 is quoted, so operators, column filters and stray punctuation can never
cause a syntax error. Lay phrases, abbreviations and British spellings are widened with
the synonym table: ``swollen ankles`` also finds ``edema``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from fsgs_cli.text import PLAIN_WORD_RE, STOPWORDS

MAX_TERMS = 16
MAX_PHRASE_WORDS = 5
TOKEN_RE = re.compile(r'"([^"]*)"?|((?<![^\s(])-)?([^\W_]+)(\*?)', re.UNICODE)

Synonyms = Mapping[str, Sequence[str]]
"""A phrase (lowercase words joined by single spaces) to every phrase of its group."""


def _quote(words: Sequence[str], prefix: bool = False) -> str:
    quoted = '"' + " ".join(words).replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


class Term(NamedTuple):
    """One thing the query asks for, with the alternatives that satisfy it."""

    text: str
    alternatives: list[str]
    words: list[str]
    expanded: bool = False

    def fts(self) -> str:
        if len(self.alternatives) == 1:
            return self.alternatives[0]
        return "(" + " OR ".join(self.alternatives) + ")"


class Query(NamedTuple):
    """A parsed query: terms that must all match (each with alternatives), and exclusions."""

    text: str
    terms: list[Term]
    excluded: list[str]

    @property
    def empty(self) -> bool:
        return not self.terms

    def match_all(self) -> str | None:
        return self._with_exclusions(" AND ".join(t.fts() for t in self.terms))

    def match_any(self) -> str | None:
        return self._with_exclusions(" OR ".join(t.fts() for t in self.terms))

    def _with_exclusions(self, positive: str) -> str | None:
        if not positive:
            return None
        if not self.excluded:
            return positive
        return f"({positive}) NOT ({' OR '.join(self.excluded)})"

    def plain_words(self) -> list[str]:
        """The words a user typed that were not widened by a synonym (for spelling help)."""
        return [w for t in self.terms if not t.expanded for w in t.words]


def _alternatives(phrase: str, synonyms: Synonyms) -> list[str]:
    group = synonyms.get(phrase, ())
    typed = [w for w in phrase.split() if w not in STOPWORDS] or phrase.split()
    own = " ".join(_quote([w]) for w in typed)
    alternatives = [f"({own})" if len(typed) > 1 else own]
    alternatives += [_quote(p.split()) for p in group if p != phrase]
    return list(dict.fromkeys(alternatives))


def _plain_run(words: list[str], synonyms: Synonyms) -> list[Term]:
    """Terms for consecutive plain words: longest synonym phrases first, then single words."""
    terms: list[Term] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            if phrase in synonyms:
                terms.append(
                    Term(phrase, _alternatives(phrase, synonyms), words[i : i + size], True)
                )
                i += size
                break
        else:
            word = words[i]
            if word not in STOPWORDS:
                terms.append(Term(word, [_quote([word])], [word]))
            i += 1
    return terms


def parse(text: str, synonyms: Synonyms | None = None) -> Query:
    """Parse what a user typed. Never raises; an all-punctuation query is empty."""
    if synonyms is None:
        synonyms = {}
    terms: list[Term] = []
    excluded: list[str] = []
    run: list[str] = []
    all_words: list[str] = []
    join_next = False

    def flush() -> None:
        terms.extend(_plain_run(run, synonyms))
        run.clear()

    for match in TOKEN_RE.finditer(text):
        phrase, minus, word, star = match.groups()
        if word == "OR" and not minus and not star:
            flush()
            join_next = bool(terms)
            continue
        new: Term | None = None
        if phrase is not None:
            flush()
            words = [w.casefold() for w in PLAIN_WORD_RE.findall(phrase)]
            if words:
                new = Term(" ".join(words), [_quote(words)], words)
        elif minus:
            flush()
            excluded.append(_quote([word.casefold()], bool(star)))
        elif star:
            flush()
            new = Term(word.casefold() + "*", [_quote([word.casefold()], True)], [])
        else:
            all_words.append(word.casefold())
            if join_next:
                flush()
                new = Term(
                    word.casefold(),
                    _alternatives(word.casefold(), synonyms),
                    [word.casefold()],
                    word.casefold() in synonyms,
                )
            else:
                run.append(word.casefold())
                continue
        if new is not None:
            if join_next and terms:
                previous = terms.pop()
                new = Term(
                    f"{previous.text} OR {new.text}",
                    previous.alternatives + new.alternatives,
                    previous.words + new.words,
                    previous.expanded or new.expanded,
                )
            terms.append(new)
        join_next = False
    flush()
    if not terms and all_words:  # only stop words: search for them after all
        terms = [Term(w, [_quote([w])], [w]) for w in dict.fromkeys(all_words)]
    return Query(text, terms[:MAX_TERMS], excluded[:MAX_TERMS])


def corrected(query: Query, fixes: Mapping[str, str], synonyms: Synonyms | None = None) -> Query:
    """The same query with misspelt words replaced."""

    def fix(match: re.Match[str]) -> str:
        return fixes.get(match.group(0).casefold(), match.group(0))

    return parse(PLAIN_WORD_RE.sub(fix, query.text), synonyms)


def words(text: str) -> set[str]:
    """Every word of a text, lowercased, stop words included."""
    return {m.casefold() for m in PLAIN_WORD_RE.findall(text)}


def terms(text: str) -> list[tuple[str, bool]]:
    """The query's plain words as ``(word, is_prefix)``, stop words dropped unless none left."""
    return [(t.text.rstrip("*"), t.text.endswith("*")) for t in parse(text).terms]
