"""How fsgs scales: build time, peak memory, store size and query latency for stores of
N synthetic articles (see fsgs_cli.synthetic).

For each N it generates a content folder once (kept in bench/.cache/), builds a store with
`fsgs db build` in a child process while sampling the memory of that process and its
workers, then opens the store in this process and times searches (a rare term, the most
common term, a three-word query) and related-article lookups.

Usage: uv run python bench/scale.py [N ...]   (default: 1000 10000 100000)
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from fsgs_cli.search import search
from fsgs_cli.store import Store
from fsgs_cli.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
RUNS = 30


def tree_memory(pid: int) -> int:
    """Memory, in bytes, of a process and all its descendants (Linux /proc): the
    proportional set size, so pages the forked workers share are counted once."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def timed_build(content: Path, store: Path) -> tuple[float, int]:
    """Wall time and peak memory (whole process tree) of one build."""
    argv = [
        str(Path(sys.executable).parent / "fsgs"),
        "db",
        "build",
        "--content",
        str(content),
        "--output",
        str(store),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_memory(proc.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = proc.communicate()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"build failed: {err.decode()[-500:]}")
    return time.perf_counter() - start, peak


def latency(action: object, runs: int = RUNS) -> tuple[float, float]:
    """p50 and p95 in milliseconds of calling ``action`` (after two warm-up calls)."""
    assert callable(action)
    action()
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def queries(path: Path, total: int) -> dict[str, str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        ranked = conn.execute(
            "SELECT word, docs FROM vocabulary ORDER BY docs DESC, word"
        ).fetchall()
    conn.close()
    rare = next(w for w, d in reversed(ranked) if d >= 3)
    common = ranked[0][0]
    middle = [w for w, d in ranked if total // 50 <= d <= total // 10][:3]
    return {
        f"rare ({rare})": rare,
        f"common ({common})": common,
        "three words": " ".join(middle or [w for w, _ in ranked[10:13]]),
    }


def measure(n: int) -> None:
    content = CACHE / f"synthetic-{n}"
    if not (content / "articles").is_dir():
        print(f"generating {n} articles …", file=sys.stderr)
        generate(content, n)
    store_path = CACHE / f"synthetic-{n}.db"
    build_s, peak = timed_build(content, store_path)
    store = Store.open(store_path)
    print(f"\nN = {n:,}")
    print(f"  build              {build_s:8.1f} s")
    print(f"  peak memory        {peak / 2**20:8.0f} MB (PSS of the build process and its workers)")
    sources = sum(f.stat().st_size for f in content.rglob("*") if f.is_file())
    size = store_path.stat().st_size
    print(f"  sources            {sources / 2**20:8.1f} MB (the content folder)")
    print(f"  store size         {size / 2**20:8.1f} MB ({size / sources:.2f} × the sources)")
    for label, text in queries(store_path, n).items():
        p50, p95 = latency(lambda text=text: search(store, text, limit=10))
        print(f"  search {label:30} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    ids = random.Random(1).sample(range(1, n + 1), k=min(n, 200))
    it = iter(ids * 2)
    p50, p95 = latency(lambda: store.related(next(it)))
    print(f"  related lookup{'':25} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000, 100_000])
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for n in args.sizes:
        measure(n)


if __name__ == "__main__":
    main()
