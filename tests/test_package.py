"""The wheel carries the store and works when installed anywhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import DEADLINE

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")


@pytest.mark.skipif(UV is None, reason="needs uv to build the wheel")
def test_installed_wheel_searches_its_bundled_store(tmp_path: Path) -> None:
    assert UV is not None
    dist = tmp_path / "dist"
    subprocess.run(
        [UV, "build", "--wheel", "--out-dir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=DEADLINE,
    )
    (wheel,) = dist.glob("fsgs-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "fsgs_cli/data/articles.db" in archive.namelist()

    venv = tmp_path / "venv"
    subprocess.run(
        [UV, "venv", "--python", sys.executable, str(venv)],
        check=True,
        capture_output=True,
        timeout=DEADLINE,
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [UV, "pip", "install", "--python", str(python), str(wheel)],
        check=True,
        capture_output=True,
        timeout=DEADLINE,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("FSGS_DB", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(venv / "bin" / "fsgs"), "search", "proteinuria", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["results"]
    assert hits and hits[0]["slug"] == "proteinuria"

    # The export style sheet is package data too.
    exported = subprocess.run(
        [str(venv / "bin" / "fsgs"), "export", "causes", "-o", "visit.html"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert exported.returncode == 0, exported.stderr
    assert "@media print" in (elsewhere / "visit.html").read_text(encoding="utf-8")
