"""Spelling help for search: which typed words are real words, and what a misspelt one
probably meant.

A word is left as typed when the store's index holds it or when it is a real English
word: pyspellchecker's English frequency list (160,000 words, loaded only when a query
holds a word the index does not), with British spellings read through their American
forms (``colour``, ``oedema``, ``paediatric``). Only the other words are misspellings,
and their corrections come from the store's own vocabulary, so a correction always
finds something. "fatal" is never turned into "fat", nor "coffee" into "offered".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spellchecker import SpellChecker

    from fsgs_cli.store import Store

# How close a vocabulary word must be (RapidFuzz ratio, 0-100) to be offered.
SIMILARITY = 75
# Shorter words are never corrected: too many real words and abbreviations look alike.
MIN_LENGTH = 4


@lru_cache(maxsize=1)
def british() -> tuple[tuple[re.Pattern[str], str], ...]:
    """British endings and letter groups, with their American forms: a word is real when
    its American form is (colour → color, anaemia → anemia, oedema → edema, diarrhoea →
    diarrhea, recognise → recognize, centre → center, travelled → traveled). Compiled
    only when a word is being checked."""
    rules = (
        (r"our(s|ed|ing|ite|ites|ful|less|able)?$", r"or\1"),
        (r"(?<![aeiou])ae", "e"),
        (r"(?<![aeiou])oe", "e"),
        (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"),
        (r"ys(e|es|ed|ing)$", r"yz\1"),
        (r"(?<=[^aeiou])tre(s)?$", r"ter\1"),
        (r"(?<=[aeiou])ll(ed|ing|er|ers)$", r"l\1"),
        (r"ogue(s)?$", r"og\1"),
        (r"ence(s)?$", r"ense\1"),
        (r"mme(s)?$", r"m\1"),
    )
    return tuple((re.compile(pattern), replacement) for pattern, replacement in rules)


@lru_cache(maxsize=1)
def english() -> SpellChecker:
    """pyspellchecker's English word list (about 0.1 s to load, so only on demand)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def american_forms(word: str) -> list[str]:
    """The spellings ``word`` may have in American English, ``word`` itself first."""
    forms = [word]
    for pattern, replacement in british():
        forms += [pattern.sub(replacement, form) for form in forms]
    return list(dict.fromkeys(forms))


def is_english(word: str) -> bool:
    """Whether ``word`` is a real English word, in British or American spelling."""
    words = english()
    return any(form in words for form in american_forms(word.casefold()))


def correctable(word: str) -> bool:
    """Whether a word the index lacks may be a misspelling: long enough, letters only,
    and not a real English word."""
    return len(word) >= MIN_LENGTH and word.isalpha() and not is_english(word)


class Vocabulary:
    """The store's words, each with the number of articles that use it; read on first use."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = {
                row["word"]: int(row["docs"])
                for row in self.store.rows("SELECT word, docs FROM vocabulary")
            }
        return self._counts

    def similar(self, word: str, n: int = 3) -> list[str]:
        """Words of the store that look like ``word``, most likely first."""
        from rapidfuzz import fuzz, process

        counts = self.counts()
        key = word.casefold()
        matches = process.extract(
            key, list(counts), scorer=fuzz.ratio, limit=10, score_cutoff=SIMILARITY
        )
        ranked = sorted(matches, key=lambda m: (-round(m[1]), -counts[m[0]], m[0]))
        return [m[0] for m in ranked[:n] if m[0] != key]

    def corrections(self, unknown: list[str]) -> dict[str, str]:
        """The most likely correction of each misspelt word among ``unknown`` (words the
        index does not hold); real words and words with no close match are left out."""
        fixes: dict[str, str] = {}
        for word in unknown:
            if correctable(word) and (close := self.similar(word, 1)):
                fixes[word] = close[0]
        return fixes
