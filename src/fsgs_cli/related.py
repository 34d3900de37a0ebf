"""Related articles, computed at build time.

Curated links come first. The rest come from shared rare terms: each article keeps its
most distinctive terms (glossary phrases and words, weighted by tf-idf), and two
articles are related by the weight of the key terms they share. Candidates are found
through an index of key terms, never by comparing every pair, and very common terms are
left out of that index, so the work grows with the number of articles, not its square.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

from fsgs_cli.text import STOPWORDS, WORD_RE

KEY_TERMS = 12
MAX_POSTING = 50
MAX_RELATED = 6
TOPIC_BONUS = 0.1
REASON_TERMS = 3


@dataclass(frozen=True)
class Doc:
    id: int
    topic: str
    curated: tuple[int, ...]


@dataclass(frozen=True)
class Link:
    related_id: int
    reason: str
    score: float


class PhraseIndex:
    """Finds the given phrases (whole words, any case) in a text by looking up word n-grams."""

    def __init__(self, phrases: Iterable[str]) -> None:
        keys = {" ".join(WORD_RE.findall(p.casefold())) for p in phrases}
        self.multi = frozenset(k for k in keys if " " in k)
        # The lengths of the phrases that start with each word: most words start none.
        starts: dict[str, set[int]] = defaultdict(set)
        for key in self.multi:
            starts[key.split(" ", 1)[0]].add(key.count(" ") + 1)
        self.starts = {word: sorted(sizes) for word, sizes in starts.items()}

    def features(self, text: str) -> Counter[str]:
        """Distinctive words and glossary phrases of a text, with how often each occurs."""
        tokens = [t.casefold() for t in WORD_RE.findall(text)]
        counts = Counter(tokens)
        # Short words, stop words and numbers are dropped once each, not at every use.
        for token in [t for t in counts if len(t) < 3 or t in STOPWORDS or t.isdigit()]:
            del counts[token]
        starts, total = self.starts, len(tokens)
        for i, token in enumerate(tokens):
            for size in starts.get(token, ()):
                if i + size > total:
                    break
                gram = " ".join(tokens[i : i + size])
                if gram in self.multi:
                    counts[gram] += 1
        return counts


def idf_table(df: Counter[str], total: int) -> dict[str, float]:
    """Inverse document frequency of every term that can tell articles apart: used by
    at least two articles, and by no more than half of them."""
    ceiling = max(2, total // 2)
    return {term: math.log((total + 1) / n) for term, n in df.items() if 2 <= n <= ceiling}


def key_terms(text: str, index: PhraseIndex, idf: dict[str, float]) -> dict[str, float]:
    """The most distinctive terms of a text, with their tf-idf weights."""
    weights = {
        term: (1 + math.log(count)) * idf[term]
        for term, count in index.features(text).items()
        if term in idf
    }
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_TERMS])


def link(
    keyed: Iterable[tuple[Doc, dict[str, float]]], phrases: Sequence[str]
) -> Iterator[tuple[int, list[Link]]]:
    """Related links from each document's key terms."""
    phrase_set = {" ".join(WORD_RE.findall(p.casefold())) for p in phrases}
    keys: dict[int, dict[str, float]] = {}
    topics: dict[int, str] = {}
    curated: dict[int, tuple[int, ...]] = {}
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for doc, top in keyed:
        keys[doc.id] = top
        topics[doc.id] = doc.topic
        curated[doc.id] = doc.curated
        for term in top:
            postings[term].append(doc.id)

    by_topic: defaultdict[str, list[int]] = defaultdict(list)
    for doc_id, topic in sorted(topics.items()):
        by_topic[topic].append(doc_id)

    for doc_id, mine in sorted(keys.items()):
        norm = sum(mine.values()) or 1.0
        shared: defaultdict[int, list[str]] = defaultdict(list)
        for term in mine:
            posting = postings[term]
            if len(posting) > MAX_POSTING:
                continue
            for other in posting:
                if other != doc_id:
                    shared[other].append(term)
        scored: list[tuple[float, int, list[str]]] = []
        for other, terms in shared.items():
            score = sum(mine[t] for t in terms) / norm
            if topics[other] == topics[doc_id]:
                score += TOPIC_BONUS
            scored.append((score, other, terms))
        scored.sort(key=lambda s: (-s[0], s[1]))
        # Articles of the same topic that share no key term come last, in id order
        # (lazily: usually the list above fills the places first).
        same_topic_only: Iterator[tuple[float, int, list[str]]] = (
            (TOPIC_BONUS, other, []) for other in by_topic[topics[doc_id]]
        )

        chosen = [Link(target, "curated", 1.0) for target in curated[doc_id]]
        taken = {doc_id, *curated[doc_id]}
        wanted = max(MAX_RELATED, len(chosen))
        candidates: Iterable[tuple[float, int, list[str]]] = chain(scored, same_topic_only)
        for score, other, terms in candidates:
            if len(chosen) >= wanted:
                break
            if other not in taken:
                same_topic = topics[other] == topics[doc_id]
                reason = _reason(terms, mine, phrase_set, same_topic)
                chosen.append(Link(other, reason, round(min(score, 1.0), 4)))
                taken.add(other)
        yield doc_id, chosen


def _reason(
    terms: list[str], weights: dict[str, float], phrases: set[str], same_topic: bool
) -> str:
    ranked = sorted(terms, key=lambda t: (t not in phrases, -weights[t], t))
    picked: list[str] = []
    for term in ranked:
        if any(term in p.split() or p in term.split() for p in picked):
            continue
        picked.append(term)
        if len(picked) == REASON_TERMS:
            break
    if not picked:
        return "same topic"
    reason = "shares: " + ", ".join(picked)
    return f"same topic; {reason}" if same_topic else reason
