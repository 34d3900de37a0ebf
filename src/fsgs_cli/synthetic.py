"""A synthetic content folder of N articles, for benchmarks and robustness tests.

The text is made of medical-looking words drawn from a Zipf distribution (a few words are
very common, most are rare), in articles of realistic length with headings, lists and
sources, so that a large store behaves like a real one. Every folder it writes is valid
for ``fsgs db build``. The same seed gives the same folder.

Usage: python -m fsgs_cli.synthetic OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import random
from itertools import accumulate
from pathlib import Path

SYLLABLES = (
    "ne phro glo me ru lo scle ro sis po do cyte al bu min pro tei nu ri a ka li "
    "thro bo cor ti co ste roid ure mi tu bu lar re nal cap il la ry fil tra tion "
    "li pid ede ma hy per ten sion an ti gen im mu no flu o res cence mem bra nous"
).split()
TOPICS = 20
VOCABULARY = 20_000
WORDS_PER_ARTICLE = (350, 800)


def _vocabulary(rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        size = rng.choice((2, 3, 3, 4, 4, 5))
        words["".join(rng.choice(SYLLABLES) for _ in range(size))] = None
    return list(words)


def _zipf_weights(n: int, s: float = 1.07) -> list[float]:
    return list(accumulate(1 / (rank**s) for rank in range(1, n + 1)))


def _sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    chosen = rng.choices(words, cum_weights=weights, k=rng.randint(6, 16))
    return " ".join(chosen).capitalize() + "."


def article_text(index: int, rng: random.Random, words: list[str], weights: list[float]) -> str:
    topic = f"topic-{index % TOPICS + 1}"
    title = " ".join(rng.choices(words, cum_weights=weights, k=3)).capitalize()
    related = sorted({rng.randint(1, max(1, index - 1)) for _ in range(2)} - {index})
    target = rng.randint(*WORDS_PER_ARTICLE)
    parts: list[str] = []
    count = 0
    section = 0
    while count < target:
        if count and rng.random() < 0.25:
            section += 1
            parts.append(f"## {_sentence(rng, words, weights)[:-1]}")
        if rng.random() < 0.2:
            items = [f"- {_sentence(rng, words, weights)}" for _ in range(rng.randint(2, 5))]
            parts.append("\n".join(items))
        else:
            parts.append(" ".join(_sentence(rng, words, weights) for _ in range(4)))
        count += len(parts[-1].split())
    body = "\n\n".join(parts)
    return (
        "---\n"
        f"id: {index}\n"
        f"slug: article-{index}\n"
        f"title: {title} {index}\n"
        f"topic: {topic}\n"
        f"summary: {_sentence(rng, words, weights)[:150]}\n"
        f"aliases: [alias-{index}]\n"
        f"reviewed: 2026-{index % 12 + 1:02d}-{index % 28 + 1:02d}\n"
        f"related: [{', '.join(map(str, related))}]\n"
        "sources:\n"
        f"  - title: Source {index}a\n    url: https://example.org/{index}/a\n"
        f"  - title: Source {index}b\n    url: https://example.org/{index}/b\n"
        "---\n"
        f"{body}\n"
    )


def generate(out: Path, n: int, seed: int = 1) -> Path:
    """Write a content folder with ``n`` articles to ``out``."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    weights = _zipf_weights(len(words))
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "topics.yaml").write_text(
        "".join(
            f"- slug: topic-{t}\n  title: Topic {t}\n  description: Synthetic topic {t}.\n"
            f"  order: {t}\n"
            for t in range(1, TOPICS + 1)
        ),
        encoding="utf-8",
    )
    (out / "glossary.yaml").write_text(
        "".join(f"- term: {w}\n  definition: A synthetic term.\n" for w in words[50:150]),
        encoding="utf-8",
    )
    for index in range(1, n + 1):
        path = out / "articles" / f"{index:07d}.md"
        path.write_text(article_text(index, rng, words, weights), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic fsgs content folder.")
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.n, args.seed)


if __name__ == "__main__":
    main()
