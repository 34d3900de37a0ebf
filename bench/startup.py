"""Start-up time of fsgs against two yardsticks, measured side by side.

Runs each command many times, alternating between them so that a busy machine slows all
of them alike, and prints the median wall time of each and its ratio to the trivial Typer
app (bench/trivial_app.py, in the same environment) and to the tldr Python client
(PyPI package `tldr`) rendering a cached page. Output is piped, as in a script.

Usage: uv run python bench/startup.py [--rounds 40] [--tldr PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TLDR_PAGE = """# tar

> Archiving utility.
> Often combined with a compression method, such as gzip or bzip2.

- Create an archive from files:

`tar cf {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}`

- Extract an archive into the current directory, listing the files:

`tar xvf {{path/to/source.tar}}`

- List the contents of an archive:

`tar tvf {{path/to/source.tar}}`
"""
# name: (target ratio to the trivial app, target ratio to tldr); None: no target
TARGETS: dict[str, tuple[float | None, float | None]] = {
    "fsgs search proteinuria": (None, 0.55),
    "fsgs read causes": (None, 0.55),
    "fsgs related 12": (None, 0.55),
    "fsgs completion": (None, 0.55),
    "fsgs --help": (1.0, None),
}


def tldr_client(explicit: str | None) -> Path | None:
    """The tldr client: as given, else installed once into bench/.tldr-venv."""
    if explicit:
        return Path(explicit)
    venv = ROOT / "bench" / ".tldr-venv"
    client = venv / "bin" / "tldr"
    if not client.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "tldr"], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"(no tldr client: {exc})", file=sys.stderr)
            return None
    return client


def commands(tldr: Path | None, cache: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    base = dict(os.environ)
    base.pop("FSGS_DB", None)
    # Measure fsgs as installed: its modules byte-compiled (as pip and uv do at install), like
    # the two yardsticks, which live in site-packages.
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    complete = {
        **base,
        "_FSGS_COMPLETE": "complete_bash",
        "COMP_WORDS": "fsgs read cau",
        "COMP_CWORD": "2",
    }
    found: dict[str, tuple[list[str], dict[str, str]]] = {
        "trivial typer app": ([str(BIN / "python"), str(ROOT / "bench" / "trivial_app.py")], base),
        "fsgs search proteinuria": ([str(BIN / "fsgs"), "search", "proteinuria"], base),
        "fsgs read causes": ([str(BIN / "fsgs"), "read", "causes"], base),
        "fsgs related 12": ([str(BIN / "fsgs"), "related", "12"], base),
        "fsgs --help": ([str(BIN / "fsgs"), "--help"], base),
        "fsgs completion": ([str(BIN / "fsgs")], complete),
    }
    if tldr is not None:
        env = {**base, "XDG_CACHE_HOME": str(cache), "TLDR_LANGUAGE": "en"}
        found["tldr client (cached page)"] = ([str(tldr), "tar"], env)
    return found


def run_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-300:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--tldr", help="path of a tldr client to compare with")
    args = parser.parse_args()

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "fsgs_cli")], check=True
    )
    with tempfile.TemporaryDirectory() as cache:
        page = Path(cache) / "tldr" / "pages" / "common" / "tar.md"
        page.parent.mkdir(parents=True)
        page.write_text(TLDR_PAGE, encoding="utf-8")
        cmds = commands(tldr_client(args.tldr), Path(cache))
        for argv, env in cmds.values():  # warm the file cache
            run_once(argv, env)
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(args.rounds):
            for name, (argv, env) in cmds.items():
                times[name].append(run_once(argv, env))

    medians = {name: statistics.median(t) for name, t in times.items()}
    trivial = medians["trivial typer app"]
    tldr = medians.get("tldr client (cached page)")
    print(f"{'command (piped)':30} {'median':>9} {'× trivial':>10} {'× tldr':>8}  target")
    for name, median in medians.items():
        vs_tldr = f"{median / tldr:8.2f}" if tldr else f"{'-':>8}"
        goal = TARGETS.get(name)
        target = ""
        if goal:
            parts, ok = [], True
            if goal[0] is not None:
                parts.append(f"≤ {goal[0]} × trivial")
                ok = median / trivial <= goal[0]
            if goal[1] is not None and tldr:
                parts.append(f"≤ {goal[1]} × tldr")
                ok = ok and median / tldr <= goal[1]
            target = f"{', '.join(parts)}: {'met' if ok else 'NOT met'}"
        print(f"{name:30} {median * 1000:7.1f}ms {median / trivial:10.2f} {vs_tldr}  {target}")
    print(
        f"({args.rounds} alternating rounds; {os.cpu_count()} cores; Python "
        f"{sys.version.split()[0]})"
    )


if __name__ == "__main__":
    main()
