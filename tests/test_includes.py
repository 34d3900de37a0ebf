"""Shared blocks: ``{{include: NAME}}`` lines are expanded at build time, and checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import article, content_hash, load_library, write_content
from fsgs_cli.build import build
from fsgs_cli.cli import app
from fsgs_cli.errors import BuildError

BLOCK = "- **Chest pain.** Get help now.\n- **A swollen, painful leg.** Call today."


def pack(tmp_path: Path, *bodies: str, blocks: dict[str, str] | None = None) -> Path:
    root = write_content(
        tmp_path / "content",
        {f"a{i}.md": article(i, f"a{i}", body=body) for i, body in enumerate(bodies, start=1)},
    )
    (root / "includes").mkdir()
    for name, text in ({"signs": BLOCK} if blocks is None else blocks).items():
        (root / "includes" / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "store.db"
    out.write_bytes(b"the old store")
    with pytest.raises(BuildError) as caught:
        build(root, out)
    assert out.read_bytes() == b"the old store", "a failed build keeps the old store"
    return caught.value.problems


def stored_bodies(path: Path) -> dict[str, str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT slug, body FROM articles").fetchall()
    conn.close()
    return dict(rows)


def test_include_lines_become_the_block_in_every_page(tmp_path: Path) -> None:
    root = pack(
        tmp_path, "Watch for these.\n\n{{include: signs}}\n\nMore text.", "{{ include:signs }}"
    )
    out = tmp_path / "store.db"
    build(root, out)
    bodies = stored_bodies(out)
    assert bodies["a1"] == f"Watch for these.\n\n{BLOCK}\n\nMore text."
    assert bodies["a2"] == BLOCK
    assert "{{" not in "".join(bodies.values())


def test_included_text_is_searchable_and_read(runner: CliRunner, tmp_path: Path) -> None:
    root = pack(tmp_path, "Opening words.\n\n{{include: signs}}")
    out = tmp_path / "store.db"
    build(root, out)
    read = runner.invoke(app, ["--db", str(out), "read", "a1"])
    assert "A swollen, painful leg" in read.stdout
    found = runner.invoke(app, ["--db", str(out), "search", "painful", "leg", "--json"])
    assert found.exit_code == 0
    assert '"slug": "a1"' in found.stdout


def test_changing_a_block_changes_the_content_hash(tmp_path: Path) -> None:
    root = pack(tmp_path, "{{include: signs}}")
    before = content_hash(root)
    (root / "includes" / "signs.md").write_text(BLOCK + "\n- **Fever.** Call today.")
    assert content_hash(root) != before


@pytest.mark.parametrize(
    ("bodies", "blocks", "expected"),
    [
        (
            ["Text.\n\n{{include: sign}}"],
            None,
            "content/articles/a1.md: body: line 3: no block 'sign' (expected includes/sign.md)",
        ),
        (
            ["See {{include: signs}} here."],
            None,
            "content/articles/a1.md: body: an include must be a line of its own",
        ),
        (
            ["{{include: inner}}"],
            {"inner": "A\n\n{{include: signs}}", "signs": BLOCK},
            "content/includes/inner.md: body: a block cannot include another block",
        ),
        (["No include here."], None, "content/includes/signs.md: file: not included by any"),
        (["{{include: empty}}"], {"empty": "  \n"}, "content/includes/empty.md: file: empty"),
        (["Text."], {"Bad Name": BLOCK}, "content/includes/Bad Name.md: file: 'Bad Name' must"),
    ],
    ids=["unknown", "inline", "nested", "unused", "empty", "bad-name"],
)
def test_include_problems_fail_the_build(
    tmp_path: Path, bodies: list[str], blocks: dict[str, str] | None, expected: str
) -> None:
    root = pack(tmp_path, *bodies, blocks=blocks)
    found = problems_of(root, tmp_path)
    assert any(p.startswith(str(tmp_path / expected)) for p in found), found


def test_content_loader_reports_the_same_problems(tmp_path: Path) -> None:
    root = pack(tmp_path, "See {{include: signs}} here.")
    loaded, problems = load_library(root)
    assert loaded.articles == []
    assert any("an include must be a line of its own" in p for p in problems.items)


def test_a_pack_without_blocks_builds_as_before(tmp_path: Path) -> None:
    root = pack(tmp_path, "Plain text only.", blocks={})
    (root / "includes").rmdir()
    out = tmp_path / "store.db"
    build(root, out)
    assert stored_bodies(out) == {"a1": "Plain text only."}
