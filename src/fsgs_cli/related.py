"""Related articles, computed at build time.

Curated links come first. The rest come from shared rare terms: each article keeps its
most distinctive terms (glossary phrases and words, weighted by tf-idf), and two
articles are related by the weight of the key terms they share. Candidates are found
through an index of key terms, never by comparing every pair, and very common terms are
left out of that index, so the work grows with the number of articles, not its square.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from fsgs_cli.text import words

KEY_TERMS = 12
MAX_POSTING = 200
MAX_RELATED = 6
TOPIC_BONUS = 0.1
REASON_TERMS = 3


@dataclass(frozen=True)
class Doc:
    id: int
    topic: str
    text: str
    curated: tuple[int, ...]


@dataclass(frozen=True)
class Link:
    related_id: int
    reason: str
    score: float


def phrase_matcher(phrases: Iterable[str]) -> Callable[[str], list[str]]:
    """A function that finds the given phrases (whole words, any case) in a text."""
    ordered = sorted({p.casefold() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    if not ordered:
        return lambda text: []
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])", re.IGNORECASE
    )
    return lambda text: [m.group(1).casefold() for m in pattern.finditer(text)]


def _features(doc: Doc, find_phrases: Callable[[str], list[str]]) -> Counter[str]:
    counts: Counter[str] = Counter(words(doc.text))
    counts.update(find_phrases(doc.text))
    return counts


def compute(docs: Callable[[], Iterable[Doc]], phrases: Sequence[str]) -> dict[int, list[Link]]:
    """Related links for every document. ``docs`` is called twice (two streaming passes)."""
    find_phrases = phrase_matcher(phrases)
    phrase_set = {p.casefold() for p in phrases}

    # Pass 1: document frequency of every feature.
    df: Counter[str] = Counter()
    total = 0
    for doc in docs():
        df.update(set(_features(doc, find_phrases)))
        total += 1
    if total == 0:
        return {}

    def idf(term: str) -> float:
        return math.log((total + 1) / df[term])

    # Pass 2: the key terms of each document, and an index from key term to documents.
    keys: dict[int, dict[str, float]] = {}
    topics: dict[int, str] = {}
    curated: dict[int, tuple[int, ...]] = {}
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for doc in docs():
        weights = {
            term: (1 + math.log(count)) * idf(term)
            for term, count in _features(doc, find_phrases).items()
            if df[term] >= 2 and df[term] <= max(2, total // 2)
        }
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:KEY_TERMS]
        keys[doc.id] = dict(top)
        topics[doc.id] = doc.topic
        curated[doc.id] = doc.curated
        for term, _ in top:
            postings[term].append(doc.id)

    by_topic: defaultdict[str, list[int]] = defaultdict(list)
    for doc_id, topic in sorted(topics.items()):
        by_topic[topic].append(doc_id)

    links: dict[int, list[Link]] = {}
    for doc_id, mine in keys.items():
        norm = sum(mine.values()) or 1.0
        shared: defaultdict[int, list[str]] = defaultdict(list)
        for term in mine:
            posting = postings[term]
            if len(posting) > MAX_POSTING:
                continue
            for other in posting:
                if other != doc_id:
                    shared[other].append(term)
        scored: list[tuple[float, int, str]] = []
        for other, terms in shared.items():
            score = sum(mine[t] for t in terms) / norm
            same_topic = topics[other] == topics[doc_id]
            if same_topic:
                score += TOPIC_BONUS
            scored.append((score, other, _reason(terms, mine, phrase_set, same_topic)))
        scored.sort(key=lambda s: (-s[0], s[1]))
        # Articles of the same topic that share no key term come last, in id order.
        scored.extend((TOPIC_BONUS, other, "same topic") for other in by_topic[topics[doc_id]])

        chosen = [Link(target, "curated", 1.0) for target in curated[doc_id]]
        taken = {doc_id, *curated[doc_id]}
        wanted = max(MAX_RELATED, len(chosen))
        for score, other, reason in scored:
            if len(chosen) >= wanted:
                break
            if other not in taken:
                chosen.append(Link(other, reason, round(min(score, 1.0), 4)))
                taken.add(other)
        links[doc_id] = chosen
    return links


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
    reason = "shares: " + ", ".join(picked)
    return f"same topic; {reason}" if same_topic else reason
