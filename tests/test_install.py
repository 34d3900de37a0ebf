"""A real install: the wheel declares only the runtime dependencies, carries the store and
the man page, and ``uv tool install`` of it gives an ``fsgs`` that works from any folder.

The wheel is built once for the session; the tool is installed into a temporary tool
folder, offline from uv's cache when that has every package, else from PyPI.
"""

from __future__ import annotations

import email.message
import email.parser
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import COMMITTED_STORE, DEADLINE, ROOT

UV = shutil.which("uv")
pytestmark = pytest.mark.skipif(UV is None, reason="needs uv to build and install the wheel")
MAN_PAGE = "share/man/man1/fsgs.1"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user of the installed tool: no store named, no project venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("FSGS_DB", "VIRTUAL_ENV")}
    return {**env, **extra}


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert UV is not None
    dist = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [UV, "build", "--wheel", "--out-dir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        env=clean_env(),
    )
    assert build.returncode == 0, build.stderr
    (built,) = dist.glob("fsgs-*.whl")
    return built


@pytest.fixture(scope="session")
def tool(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``uv tool install`` of the wheel into a temporary tool folder; its bin folder."""
    assert UV is not None
    home = tmp_path_factory.mktemp("uv-tool")
    env = clean_env(UV_TOOL_DIR=str(home / "tools"), UV_TOOL_BIN_DIR=str(home / "bin"))
    command = [UV, "tool", "install", "--force", "--python", sys.executable, str(wheel)]
    for network in (["--offline"], []):
        installed = subprocess.run(
            [*command, *network],
            cwd=home,
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            env=env,
        )
        if installed.returncode == 0:
            break
    assert installed.returncode == 0, installed.stderr
    return home


def wheel_metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_wheel_requires_exactly_the_runtime_dependencies(wheel: Path) -> None:
    declared = {str(Requirement(d)) for d in PYPROJECT["project"]["dependencies"]}
    listed = [Requirement(d) for d in wheel_metadata(wheel).get_all("Requires-Dist", [])]
    required = {str(r) for r in listed if r.marker is None}
    assert required == declared
    # The only other requirements are the extras' (fsgs[serve]), each behind its marker.
    extras = {str(r) for r in listed if r.marker is not None}
    assert extras == {
        str(Requirement(f'{d}; extra == "{extra}"'))
        for extra, wanted in PYPROJECT["project"]["optional-dependencies"].items()
        for d in wanted
    }
    names = {canonicalize_name(Requirement(d).name) for d in required}
    dev = {canonicalize_name(Requirement(d).name) for d in PYPROJECT["dependency-groups"]["dev"]}
    assert dev >= {"pytest", "ruff", "mypy", "hypothesis", "cogapp", "pypdf", "types-pyyaml"}
    assert not names & dev


def test_wheel_carries_the_store_and_the_man_page(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        files = archive.namelist()
        assert "fsgs_cli/data/articles.db" in files
        (page,) = [n for n in files if n.endswith(f".data/data/{MAN_PAGE}")]
        assert page.startswith("fsgs-")
        assert archive.read(page) == (ROOT / MAN_PAGE).read_bytes()


def run_tool(tool: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(tool / "bin" / "fsgs"), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        env=clean_env(FSGS_HOME=str(folder / "home")),
    )


def test_installed_tool_reads_from_any_folder(tool: Path, tmp_path: Path) -> None:
    with sqlite3.connect(COMMITTED_STORE) as db:
        title, summary = db.execute(
            "SELECT title, summary FROM articles JOIN aliases ON article_id = articles.id "
            "WHERE alias = 'causes'"
        ).fetchone()
    result = run_tool(tool, tmp_path, "read", "causes")
    assert result.returncode == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert title in shown
    assert " ".join(summary.split()[:8]) in shown


def test_installed_tool_searches_from_any_folder(tool: Path, tmp_path: Path) -> None:
    result = run_tool(tool, tmp_path, "search", "proteinuria", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["results"]
    assert hits and hits[0]["slug"] == "proteinuria"
    assert "proteinuria" in hits[0]["snippet"].lower()


def test_installed_tool_has_its_man_page(tool: Path) -> None:
    pages = list((tool / "tools").rglob("fsgs.1"))
    assert [p.relative_to(tool / "tools").as_posix() for p in pages] == [f"fsgs/{MAN_PAGE}"]
    assert pages[0].read_bytes() == (ROOT / MAN_PAGE).read_bytes()
