"""Print search relevance over the relevance set: precision@1, precision@3 and MRR.

Usage: uv run python bench/relevance.py [--db PATH] [--cases tests/relevance.yaml] [-v] [--groups]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fsgs_cli.relevance import by_group, evaluate, load_cases
from fsgs_cli.store import Store, resolve_path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the store (default: as fsgs finds it)")
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "relevance.yaml")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument(
        "--groups", action="store_true", help="a Markdown table of the scores by group"
    )
    args = parser.parse_args()

    store = Store.open(resolve_path(args.db))
    scores = evaluate(store, load_cases(args.cases))
    if args.verbose:
        for o in scores.outcomes:
            if o.rank != 1:
                print(
                    f"rank {o.rank or '-':>2}  {o.case.query!r}: want {o.case.expect[0]}, "
                    f"got {', '.join(o.got[:3]) or 'nothing'}"
                )
    print(f"queries        {len(scores.outcomes)}")
    print(f"precision@1    {scores.precision_at_1:.3f}")
    print(f"precision@3    {scores.precision_at_3:.3f}")
    print(f"MRR            {scores.mrr:.3f}")
    if args.groups:
        print("\n| group | queries | P@1 | P@3 | MRR |\n| --- | ---: | ---: | ---: | ---: |")
        for name, found in by_group(scores).items():
            print(
                f"| {name} | {len(found.outcomes)} | {found.precision_at_1:.3f} "
                f"| {found.precision_at_3:.3f} | {found.mrr:.3f} |"
            )


if __name__ == "__main__":
    main()
